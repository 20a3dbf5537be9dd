package summary

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func sec(n int, heading string, bullets ...string) Section {
	return Section{Number: n, Heading: heading, Bullets: bullets}
}

var parseCases = []struct {
	name string
	in   string
	want Summary
}{
	{"card", "제목: 2024년 예산 편성 회의\n1. 예산 현황\n- 올해 예산은 전년 대비 5% 증가했다.\n- 인건비 비중이 가장 크다.\n2. 향후 계획\n- 다음 달까지 세부안을 마련한다.\n",
		Summary{Title: "2024년 예산 편성 회의", Sections: []Section{
			sec(1, "예산 현황", "올해 예산은 전년 대비 5% 증가했다.", "인건비 비중이 가장 크다."),
			sec(2, "향후 계획", "다음 달까지 세부안을 마련한다.")}}},
	{"title spacing", "제목 : 회의", Summary{Title: "회의"}},
	{"title dash", "제목 - 회의", Summary{Title: "회의"}},
	{"title bold", "**제목:** 회의", Summary{Title: "회의"}},
	{"title bold colon inside", "**제목**: 회의", Summary{Title: "회의"}},
	{"title full-width colon", "제목：회의", Summary{Title: "회의"}},
	{"title english", "Title: Budget", Summary{Title: "Budget"}},
	{"title heading", "# 2024년 회의\n## 1. 현황\n- 증가", Summary{Title: "2024년 회의", Sections: []Section{sec(1, "현황", "증가")}}},
	{"title on next line", "제목:\n2024년 회의\n1. 현황", Summary{Title: "2024년 회의", Sections: []Section{sec(1, "현황")}}},
	{"no title", "1. 현황\n- 증가", Summary{Sections: []Section{sec(1, "현황", "증가")}}},
	{"chatter", "네, 요약해 드리겠습니다.\n\n제목: 회의\n1. 현황", Summary{Title: "회의", Preamble: "네, 요약해 드리겠습니다.", Sections: []Section{sec(1, "현황")}}},
	{"numbering styles", "1) 가\n2 . 나\n(3) 다\n④ 라\n5.마",
		Summary{Sections: []Section{sec(1, "가"), sec(2, "나"), sec(3, "다"), sec(4, "라"), sec(5, "마")}}},
	{"bullet markers", "1. 가\n- a\n• b\n* c\n· d\n+ e\nㆍf\n  - g\n\t- h",
		Summary{Sections: []Section{sec(1, "가", "a", "b", "c", "d", "e", "f", "g", "h")}}},
	{"number is not a heading", "1. 가\n1.5% 증가\n-5% 감소\n*강조* 문장",
		Summary{Sections: []Section{sec(1, "가", "1.5% 증가", "-5% 감소", "*강조* 문장")}}},
	{"indented numbers are bullets", "1. 가\n   1) 세부 하나\n   2) 세부 둘\n2. 나",
		Summary{Sections: []Section{sec(1, "가", "1) 세부 하나", "2) 세부 둘"), sec(2, "나")}}},
	{"bullets before sections", "제목: 회의\n- 첫째\n- 둘째", Summary{Title: "회의", Sections: []Section{sec(0, "", "첫째", "둘째")}}},
	{"text after title", "제목: 회의\n회의 내용을 요약했다.\n1. 가", Summary{Title: "회의", Preamble: "회의 내용을 요약했다.", Sections: []Section{sec(1, "가")}}},
	{"unnumbered markdown heading", "제목: 회의\n## 배경\n- 가\n**결론**\n- 나",
		Summary{Title: "회의", Sections: []Section{sec(0, "배경", "가"), sec(0, "결론", "나")}}},
	{"heading decorations", "**1. 예산 현황:**\n### 2. 향후 계획", Summary{Sections: []Section{sec(1, "예산 현황"), sec(2, "향후 계획")}}},
	{"rules and blanks", "제목: 회의\n\n---\n***\n1. 가\n\n\n- a\n", Summary{Title: "회의", Sections: []Section{sec(1, "가", "a")}}},
	{"CRLF", "제목: 회의\r\n1. 가\r\n- a\r\n", Summary{Title: "회의", Sections: []Section{sec(1, "가", "a")}}},
	{"second title is kept as text", "제목: 하나\n1. 가\n제목: 둘", Summary{Title: "하나", Sections: []Section{sec(1, "가", "제목: 둘")}}},
	{"free text", "그냥 문장이다.\n또 문장이다.", Summary{Preamble: "그냥 문장이다.\n또 문장이다."}},
	{"empty", "", Summary{}},
	{"whitespace", "\n \n\t\n", Summary{}},
	{"no final newline", "제목: 회의\n1. 가\n- 마지막 줄", Summary{Title: "회의", Sections: []Section{sec(1, "가", "마지막 줄")}}},
}

func TestParse(t *testing.T) {
	for _, c := range parseCases {
		got := Parse(c.in)
		c.want.Raw = c.in
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: Parse(%q)\ngot  %#v\nwant %#v", c.name, c.in, got, c.want)
		}
	}
}

// answers returns the answer fixtures by name.
func answers(t testing.TB) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("testdata/answers/*.txt")
	if len(files) == 0 {
		t.Fatal("no answers in testdata/answers")
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".txt")] = string(b)
	}
	return out
}

// split cuts s at random byte offsets, inside characters too, as a
// tokenizer's pieces might (the engine promises whole UTF-8, but the
// parser does not rely on it).
func split(r *rand.Rand, s string) []string {
	var pieces []string
	for len(s) > 0 {
		n := 1 + r.IntN(min(len(s), 12))
		pieces = append(pieces, s[:n])
		s = s[n:]
	}
	return pieces
}

// streamed feeds the pieces and checks what a window would see on the way.
func streamed(t *testing.T, pieces []string) Summary {
	t.Helper()
	var p Parser
	for _, piece := range pieces {
		changes := p.Feed(piece)
		s := p.Summary()
		for _, c := range changes {
			switch c.Kind {
			case SectionChanged:
				if c.Section >= len(s.Sections) && c.Final {
					t.Fatalf("change %+v beyond %d sections", c, len(s.Sections))
				}
			case BulletChanged:
				if c.Final && (c.Section >= len(s.Sections) || c.Bullet >= len(s.Sections[c.Section].Bullets)) {
					t.Fatalf("change %+v beyond summary %#v", c, s)
				}
			}
		}
		for _, sec := range s.Sections {
			for _, b := range sec.Bullets {
				if !utf8.ValidString(b) {
					t.Fatalf("provisional bullet with half a character: %q", b)
				}
			}
		}
	}
	p.Close()
	return p.Summary()
}

// TestSplitAnywhere: the summary never depends on where the stream was cut.
func TestSplitAnywhere(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	inputs := answers(t)
	for _, c := range parseCases {
		inputs[c.name] = c.in
	}
	for name, in := range inputs {
		want := Parse(in)
		for i := 0; i < 100; i++ {
			got := streamed(t, split(r, in))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: split parse differs\ngot  %#v\nwant %#v", name, got, want)
			}
		}
		// one byte at a time
		var pieces []string
		for i := 0; i < len(in); i++ {
			pieces = append(pieces, in[i:i+1])
		}
		if got := streamed(t, pieces); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: byte-wise parse differs\ngot  %#v\nwant %#v", name, got, want)
		}
	}
}

// TestProvisional: the unfinished line shows at once, and a marker alone
// is held back until it is clear what it begins.
func TestProvisional(t *testing.T) {
	var p Parser
	steps := []struct {
		piece string
		check func(Summary) bool
	}{
		{"제목: 예산", func(s Summary) bool { return s.Title == "예산" }},
		{" 회의\n", func(s Summary) bool { return s.Title == "예산 회의" }},
		{"1", func(s Summary) bool { return len(s.Sections) == 0 && s.Preamble == "" }},
		{". 현", func(s Summary) bool { return len(s.Sections) == 1 && s.Sections[0].Heading == "현" }},
		{"황\n-", func(s Summary) bool { return s.Sections[0].Heading == "현황" && len(s.Sections[0].Bullets) == 0 }},
		{" 올해 예산은 \xec\x98", func(s Summary) bool { return reflect.DeepEqual(s.Sections[0].Bullets, []string{"올해 예산은"}) }},
		{"\xac", func(s Summary) bool {
			return reflect.DeepEqual(s.Sections[0].Bullets, []string{"올해 예산은 올"})
		}},
	}
	for i, st := range steps {
		changes := p.Feed(st.piece)
		if s := p.Summary(); !st.check(s) {
			t.Fatalf("step %d (%q): %#v", i, st.piece, s)
		}
		if i == 1 && (len(changes) != 1 || changes[0] != (Change{Kind: TitleChanged, Final: true})) {
			t.Errorf("step 1 changes %+v", changes)
		}
		if i == 5 && (len(changes) != 1 || changes[0] != (Change{Kind: BulletChanged, Section: 0, Bullet: 0})) {
			t.Errorf("step 5 changes %+v", changes)
		}
	}
	if cs := p.Close(); len(cs) != 1 || cs[0] != (Change{Kind: BulletChanged, Section: 0, Bullet: 0, Final: true}) {
		t.Errorf("close changes %+v", cs)
	}
	if s := p.Summary(); s.Sections[0].Bullets[0] != "올해 예산은 올" {
		t.Errorf("final %#v", s)
	}
}

// TestSummaryIsACopy: what Summary returns is not changed by later feeds.
func TestSummaryIsACopy(t *testing.T) {
	var p Parser
	p.Feed("1. 가\n- a\n")
	s := p.Summary()
	p.Feed("- b\n")
	if len(s.Sections[0].Bullets) != 1 {
		t.Fatalf("snapshot changed: %#v", s)
	}
	if c := s.Clone(); &c.Sections[0] == &s.Sections[0] {
		t.Fatal("clone shares sections")
	}
}

// TestFeedCost: feeding a long answer token by token costs time in
// proportion to its length; printed as a ratio, not timed.
func BenchmarkFeed(b *testing.B) {
	answer := strings.Repeat("1. 예산 현황\n- 올해 예산은 전년 대비 5% 증가했다.\n", 50)
	pieces := split(rand.New(rand.NewPCG(3, 4)), answer)
	b.SetBytes(int64(len(answer)))
	for b.Loop() {
		var p Parser
		for _, piece := range pieces {
			p.Feed(piece)
		}
		p.Close()
	}
}
