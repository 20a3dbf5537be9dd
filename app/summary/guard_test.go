package summary

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// feedUntilStop streams text in pieces and returns how many bytes had been
// fed when the guard said stop (-1: never).
func feedUntilStop(g *Guard, pieces []string) int {
	fed := 0
	for _, p := range pieces {
		fed += len(p)
		if g.Feed(p) {
			return fed
		}
	}
	return -1
}

func runes(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

var loopCases = []struct {
	name string
	// stream is what the model writes; the guard must stop by the end of
	// prefix+loop, the point where the loop is evident.
	prefix, loop, after string
	trimmed             string // Trim(prefix+loop+after)
}{
	{"clause four times in a bullet",
		"제목: 2024년 예산 편성 회의\n1. 예산 현황\n", "- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 예산을 검토했다.", " 예산을",
		"제목: 2024년 예산 편성 회의\n1. 예산 현황\n- 예산을 검토했다."},
	{"short n-gram", "1. 현황\n- 올해", "의 의 의 의 의 의", " 의 의",
		"1. 현황\n- 올해의"},
	{"same bullet again and again", "1. 현황\n", "- 인건비 비중이 가장 크다.\n- 인건비 비중이 가장 크다.\n- 인건비 비중이 가장 크다.\n- 인건비 비중이 가장 크다.\n", "- 인건비 비",
		"1. 현황\n- 인건비 비중이 가장 크다."},
	{"two lines in turn", "제목: 회의\n", "- 예산을 늘린다.\n- 인력을 줄인다.\n- 예산을 늘린다.\n- 인력을 줄인다.\n- 예산을 늘린다.\n- 인력을 줄인다.\n- 예산을 늘린다.\n- 인력을 줄인다.\n", "- 예산을",
		"제목: 회의\n- 예산을 늘린다.\n- 인력을 줄인다."},
	{"long phrase", "요약: ",
		strings.Repeat("정부는 내년도 예산안을 확정하고 보건 복지 고용 분야에 가장 많은 재원을 배분하기로 결정했으며 국회는 이를 심의할 예정이다. ", 4), "정부는",
		"요약: 정부는 내년도 예산안을 확정하고 보건 복지 고용 분야에 가장 많은 재원을 배분하기로 결정했으며 국회는 이를 심의할 예정이다."},
	{"a line seen four times apart", "1. 현황\n",
		"- 올해 예산은 전년 대비 5% 증가했다.\n- 인건비 비중이 크다.\n- 올해 예산은 전년 대비 5% 증가했다.\n- 운영비는 줄었다.\n- 올해 예산은 전년 대비 5% 증가했다.\n- 출장비가 늘었다.\n- 올해 예산은 전년 대비 5% 증가했다.\n", "- 올해",
		"1. 현황\n- 올해 예산은 전년 대비 5% 증가했다.\n- 인건비 비중이 크다.\n- 운영비는 줄었다.\n- 출장비가 늘었다.\n"},
	{"laughter", "반응: ", "ㅋㅋㅋㅋㅋㅋㅋㅋ", "ㅋㅋ", "반응: ㅋ"},
	{"dashes without end", "1. 현황\n", strings.Repeat("-", 64), "---", "1. 현황\n-"},
}

func TestGuardStopsLoops(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range loopCases {
		full := c.prefix + c.loop + c.after
		evident := len(c.prefix) + len(c.loop)
		for i := 0; i < 20; i++ {
			pieces := split(r, full)
			if i == 0 {
				pieces = runes(full)
			}
			var g Guard
			at := feedUntilStop(&g, pieces)
			if at < 0 {
				t.Fatalf("%s: no stop on %q", c.name, full)
			}
			if at > evident+12 { // a piece may carry a few bytes past the point
				t.Fatalf("%s: stopped at byte %d, loop evident at %d", c.name, at, evident)
			}
			if at < len(c.prefix) {
				t.Fatalf("%s: stopped at %d inside the prefix", c.name, at)
			}
			if l, ok := g.Stopped(); !ok || l.Phrase == "" || l.Repeats < 2 {
				t.Fatalf("%s: Stopped() = %+v, %v", c.name, l, ok)
			}
			if !g.Feed("더") {
				t.Fatalf("%s: guard forgot it stopped", c.name)
			}
		}
		var g Guard
		if got := g.Trim(full); got != c.trimmed {
			t.Errorf("%s: Trim\n got %q\nwant %q", c.name, got, c.trimmed)
		}
	}
}

// The card's sample repeats a clause and then goes on: Trim keeps one copy
// and what follows.
func TestTrimInside(t *testing.T) {
	cases := []struct{ in, want string }{
		{"- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 그리고 승인했다.\n- 인건비가 크다.",
			"- 예산을 검토했다. 그리고 승인했다.\n- 인건비가 크다."},
		{"- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다.\n2. 향후 계획\n- 세부안을 마련한다.",
			"- 예산을 검토했다.\n2. 향후 계획\n- 세부안을 마련한다."},
		{"의 의 의 의 의 의 의 결정", "의 결정"},
	}
	var g Guard
	for _, c := range cases {
		if got := g.Trim(c.in); got != c.want {
			t.Errorf("Trim(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// The model card's sample answer says a clause three times in one bullet
// and then goes on with its other bullets and sections. The stream must run
// to its end (stopping there would lose the rest of the summary); Trim
// keeps one copy of the clause, and the parsed summary keeps every section
// and bullet.
func TestGuardCardSample(t *testing.T) {
	sample := answers(t)["repeat"]
	cases := []struct {
		text, trimmed string
		bullets       []int // bullets per section after Trim
	}{
		{sample, strings.Replace(sample, "검토했다. 예산을 검토했다. 예산을 검토했다.", "검토했다.", 1), []int{2, 1}},
		{"제목: 예산 회의\n1. 현황\n- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 그리고 승인했다.\n- 인건비가 크다.\n2. 계획\n- 세부안을 만든다.\n",
			"제목: 예산 회의\n1. 현황\n- 예산을 검토했다. 그리고 승인했다.\n- 인건비가 크다.\n2. 계획\n- 세부안을 만든다.\n", []int{2, 1}},
	}
	r := rand.New(rand.NewPCG(11, 12))
	for _, c := range cases {
		for i := 0; i < 20; i++ {
			var g Guard
			if at := feedUntilStop(&g, split(r, c.text)); at >= 0 {
				l, _ := g.Stopped()
				t.Fatalf("stopped at byte %d of the card's sample: %+v", at, l)
			}
		}
		var g Guard
		got := g.Trim(c.text)
		if got != c.trimmed {
			t.Errorf("Trim\n got %q\nwant %q", got, c.trimmed)
		}
		sum := Parse(got)
		if sum.Title == "" || len(sum.Sections) != len(c.bullets) {
			t.Fatalf("parsed %+v", sum)
		}
		for i, n := range c.bullets {
			if len(sum.Sections[i].Bullets) != n {
				t.Errorf("section %d: %d bullets, want %d: %+v", i+1, len(sum.Sections[i].Bullets), n, sum.Sections[i])
			}
		}
	}
}

// Settled never promises text that Trim later cuts: Trim of the whole
// stream starts with Trim of the settled part, at every point of it.
func TestGuardSettled(t *testing.T) {
	texts := []string{answers(t)["repeat"], "가나다\n라가나다\n라가나다\n라가나다\n라끝\n", "가나다\n라가나다\n라가나다\n라뛼"}
	for _, c := range loopCases {
		texts = append(texts, c.prefix+c.loop+c.after)
	}
	for _, text := range natural(t) {
		texts = append(texts, text)
	}
	for _, text := range texts {
		var g Guard
		rs := []rune(text)
		for i, r := range rs {
			stop := g.Feed(string(r))
			k := g.Settled()
			if k > i+1 {
				t.Fatalf("settled %d of %d runes", k, i+1)
			}
			settled := string(rs[:k])
			var tr Guard
			// (Trim also drops the spaces a cut leaves at the very end.)
			whole, part := tr.Trim(text), strings.TrimRight(tr.Trim(settled), " \t")
			if !strings.HasPrefix(whole, part) && !hasRepeatedLine(settled) {
				t.Fatalf("after %d runes of %q: Trim of the settled part %q is not a prefix of Trim of all %q", i+1, text, part, whole)
			}
			if stop {
				break
			}
		}
	}
}

// Quiet splits the answer where trimming the two sides apart is trimming
// the whole: a live view trims only the text after its last quiet line end.
func TestGuardQuiet(t *testing.T) {
	texts := []string{answers(t)["repeat"], "가나다\n라가나다\n라가나다\n라가나다\n라끝\n", "가나다\n라가나다\n라가나다\n라뛼\n",
		"제목: 회의\n- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 그리고 승인했다.\n- 끝\n"}
	for _, c := range loopCases {
		texts = append(texts, c.prefix+c.loop+c.after)
	}
	for _, text := range natural(t) {
		texts = append(texts, text)
	}
	for _, text := range texts {
		if hasRepeatedLine(text) {
			continue // a live view holds those back itself
		}
		var g Guard
		rs := []rune(text)
		for i, r := range rs {
			stop := g.Feed(string(r))
			q := g.Quiet()
			if s := g.Settled(); q > s {
				t.Fatalf("quiet %d after settled %d", q, s)
			}
			// the last line end at or before q
			cut := strings.LastIndexByte(string(rs[:q]), '\n') + 1
			head := string(rs[:q])[:cut]
			fed := string(rs[:i+1])
			var tr Guard
			whole := strings.TrimRight(tr.Trim(fed), " \t")
			joined := strings.TrimRight(tr.Trim(head)+tr.Trim(fed[len(head):]), " \t")
			if whole != joined {
				t.Fatalf("after %d runes of %q: quiet at %d; Trim of all %q, of the two sides %q", i+1, text, q, whole, joined)
			}
			if stop {
				break
			}
		}
	}
}

// hasRepeatedLine: a line said twice may lose its second copy to a third
// one later; a live view holds such lines back itself.
func hasRepeatedLine(s string) bool {
	seen := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && seen[l] {
			return true
		}
		seen[l] = true
	}
	return false
}

// natural returns the natural-text fixtures and the answers without loops.
func natural(t *testing.T) map[string]string {
	files, _ := filepath.Glob("testdata/natural/*.txt")
	out := answers(t)
	delete(out, "repeat")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

func TestGuardLeavesNaturalText(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for name, text := range natural(t) {
		for i := 0; i < 10; i++ {
			var g Guard
			if at := feedUntilStop(&g, split(r, text)); at >= 0 {
				l, _ := g.Stopped()
				t.Fatalf("%s: stopped at byte %d on natural text: %+v\n%s", name, at, l, text[:at])
			}
		}
		var g Guard
		if got := g.Trim(text); got != text {
			t.Errorf("%s: Trim changed natural text\n got %q\nwant %q", name, got, text)
		}
	}
}

func TestGuardReset(t *testing.T) {
	g := Guard{MinRepeats: 4}
	if !g.Feed("가나 가나 가나 가나 가나 ") {
		t.Fatal("no stop")
	}
	g.Reset()
	if _, ok := g.Stopped(); ok || g.MinRepeats != 4 {
		t.Fatalf("reset: %+v", g)
	}
	if g.Feed("가나 가나 가나 ") {
		t.Fatal("stopped below MinRepeats 4")
	}
}

// A Guard costs the same per character however long the answer: it keeps
// a bounded window.
func TestGuardBounded(t *testing.T) {
	var g Guard
	text := strings.Repeat("정부는 오늘 내년도 예산안을 확정했다. 총지출은 늘었다. ", 1)
	for i := 0; i < 2000; i++ {
		// every line different, so no loop
		if g.Feed(text + strings.Repeat("가", i%7) + string(rune('가'+i)) + "\n") {
			l, _ := g.Stopped()
			t.Fatalf("stopped at line %d: %+v", i, l)
		}
	}
	if len(g.ring) != g.MaxPeriod+1 || len(g.lines) > maxLinesTracked {
		t.Fatalf("window grew: ring %d lines %d", len(g.ring), len(g.lines))
	}
}

func TestGuardSplitRune(t *testing.T) {
	var g Guard
	b := []byte("의 의 의 의 의 의 의")
	stopped := false
	for i := range b {
		if g.Feed(string(b[i : i+1])) {
			stopped = true
			break
		}
	}
	if !stopped {
		t.Fatal("byte-wise pieces hid the loop")
	}
	if l, _ := g.Stopped(); !utf8.ValidString(l.Phrase) {
		t.Fatalf("phrase %q", l.Phrase)
	}
}

func BenchmarkGuardFeed(b *testing.B) {
	text, _ := os.ReadFile("testdata/natural/news.txt")
	pieces := split(rand.New(rand.NewPCG(9, 10)), string(text))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		var g Guard
		for _, p := range pieces {
			g.Feed(p)
		}
	}
}
