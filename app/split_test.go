package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// runeCount is a tokenizer stand-in: one token per character, spaces free.
func runeCount(s string) (int, error) {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n, nil
}

// wordish costs one token per word plus one per 3 bytes of it: like a BPE,
// not additive across joins.
func wordish(s string) (int, error) {
	n := 0
	for _, w := range strings.Fields(s) {
		n += 1 + len(w)/3
	}
	return n, nil
}

// checkParts asserts the splitter's promises: parts fit, are exact
// substrings starting and ending at unit/atom edges, move forward, and
// together cover every non-space byte of every unit.
func checkParts(t *testing.T, text string, units []span, budget int, count countFunc, parts []span) {
	t.Helper()
	covered := make([]bool, len(text))
	prev := span{-1, -1}
	for i, p := range parts {
		if p.start < 0 || p.end > len(text) || p.start >= p.end {
			t.Fatalf("part %d %v out of range", i, p)
		}
		if !utf8.ValidString(text[p.start:p.end]) {
			t.Fatalf("part %d cuts a character: %q", i, text[p.start:p.end])
		}
		n, _ := count(text[p.start:p.end])
		if n > budget {
			t.Errorf("part %d has %d tokens > budget %d: %q", i, n, budget, text[p.start:p.end])
		}
		if p.start <= prev.start || p.end <= prev.end {
			t.Errorf("part %d %v does not move forward from %v", i, p, prev)
		}
		if p.start > prev.end && prev.end >= 0 {
			// A gap is fine only when it is all space.
			if strings.TrimSpace(text[prev.end:p.start]) != "" {
				t.Errorf("gap between parts %d and %d: %q", i-1, i, text[prev.end:p.start])
			}
		}
		for k := p.start; k < p.end; k++ {
			covered[k] = true
		}
		prev = p
	}
	for _, u := range units {
		for k := u.start; k < u.end; k++ {
			if !covered[k] && !unicode.IsSpace(rune(text[k])) {
				t.Fatalf("byte %d (%q…) of unit %v is in no part", k, text[k:min(k+10, len(text))], u)
			}
		}
	}
}

func TestSplitParts(t *testing.T) {
	long := strings.Repeat("가", 50)
	tests := []struct {
		name      string
		text      string
		budget    int
		count     countFunc
		wantParts int // 0: don't check
		overlap   bool
	}{
		{"fits", "가나다\n라마바", 100, runeCount, 1, false},
		{"one line per part", "가나다라\n마바사아\n자차카타", 5, runeCount, 3, false},
		{"two lines per part with overlap", strings.Repeat("가나다라마바사아자차\n", 30), 100, runeCount, 0, true},
		{"long line split at sentences", "하나 둘 셋. 넷 다섯 여섯. 일곱 여덟. 아홉 열.", 8, runeCount, 0, false},
		{"long word split at characters", long, 7, runeCount, 8, false},
		{"blank lines and indentation", "\n\n  가나다  \n\n\n 라마바\n", 4, runeCount, 2, false},
		{"speaker lines", strings.Repeat("김민수: 예산은 전년 대비 5% 늘었습니다. 세부안은 다음 달까지 만듭니다.\n이영희: 네, 알겠습니다.\n", 20), 60, wordish, 0, true},
		{"mixed scripts", strings.Repeat("Zoom 회의 meeting notes — 결정: go/no-go는 금요일!\n", 15), 20, wordish, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			units := lineUnits(tt.text)
			parts, err := splitParts(tt.text, units, tt.budget, tt.count)
			if err != nil {
				t.Fatal(err)
			}
			checkParts(t, tt.text, units, tt.budget, tt.count, parts)
			if tt.wantParts > 0 && len(parts) != tt.wantParts {
				t.Errorf("got %d parts, want %d: %q", len(parts), tt.wantParts, texts(tt.text, parts))
			}
			if tt.overlap {
				if len(parts) < 2 {
					t.Fatalf("want several parts, got %d", len(parts))
				}
				overlaps := 0
				for i := 1; i < len(parts); i++ {
					if parts[i].start < parts[i-1].end {
						overlaps++
					}
				}
				if overlaps == 0 {
					t.Errorf("no parts overlap: %q", texts(tt.text, parts))
				}
			}
		})
	}
}

func texts(text string, parts []span) []string {
	var out []string
	for _, p := range parts {
		out = append(out, text[p.start:p.end])
	}
	return out
}

func TestSplitOverlapIsSmall(t *testing.T) {
	text := strings.Repeat("가나다라마\n", 200) // 5 tokens a line
	units := lineUnits(text)
	parts, err := splitParts(text, units, 100, runeCount)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(parts); i++ {
		if parts[i].start >= parts[i-1].end {
			t.Fatalf("parts %d and %d do not overlap", i-1, i)
		}
		ov, _ := runeCount(text[parts[i].start:parts[i-1].end])
		if ov > 100/overlapShare {
			t.Errorf("overlap of %d tokens between parts %d and %d, want <= %d", ov, i-1, i, 100/overlapShare)
		}
	}
	// Utterances longer than a tenth: the last one alone is the overlap.
	text = strings.Repeat("가나다라마바사아자차카타파하\n", 50) // 14 tokens a line
	parts, err = splitParts(text, lineUnits(text), 100, runeCount)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(parts); i++ {
		if got := text[parts[i].start:parts[i-1].end]; got != "가나다라마바사아자차카타파하" {
			t.Errorf("overlap of parts %d and %d = %q, want the last utterance", i-1, i, got)
		}
	}
}

func TestPackPartsWithoutOverlap(t *testing.T) {
	text := strings.Repeat("가나다라마바사아자차카타파하\n", 50) // 14 tokens a line
	units := lineUnits(text)
	parts, err := packParts(text, units, 100, runeCount, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) < 2 {
		t.Fatalf("%d parts, want several", len(parts))
	}
	// Every unit in exactly one part.
	for _, u := range units {
		in := 0
		for _, p := range parts {
			if p.start <= u.start && u.end <= p.end {
				in++
			}
		}
		if in != 1 {
			t.Fatalf("unit %v is in %d parts, want 1", u, in)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	if _, err := splitParts("가나다", lineUnits("가나다"), 0, runeCount); !errors.Is(err, errBudget) {
		t.Errorf("budget 0: %v, want errBudget", err)
	}
	// A character that costs more than the budget can never fit.
	costly := func(s string) (int, error) { return 10 * utf8.RuneCountInString(s), nil }
	if _, err := splitParts("가나다", lineUnits("가나다"), 5, costly); !errors.Is(err, errBudget) {
		t.Errorf("costly character: %v, want errBudget", err)
	}
	boom := errors.New("tokenizer broke")
	failing := func(string) (int, error) { return 0, boom }
	if _, err := splitParts("가나다", lineUnits("가나다"), 5, failing); !errors.Is(err, boom) {
		t.Errorf("failing counter: %v, want its error", err)
	}
	if parts, err := splitParts("  \n\n ", lineUnits("  \n\n "), 5, runeCount); err != nil || len(parts) != 0 {
		t.Errorf("blank text: %v, %v; want no parts", parts, err)
	}
}

func TestSentenceAndWordSpans(t *testing.T) {
	text := "예산이 늘었다. 왜? 모른다!  끝"
	got := texts(text, sentenceSpans(text, span{0, len(text)}))
	want := []string{"예산이 늘었다.", "왜?", "모른다!", "끝"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
	got = texts(text, wordSpans(text, span{0, len(text)}))
	if len(got) != 5 || got[4] != "끝" {
		t.Errorf("words = %q", got)
	}
}

func FuzzSplitParts(f *testing.F) {
	f.Add("가나다라\n마바사아\n자차카타", 5)
	f.Add("하나 둘 셋. 넷 다섯 여섯. 일곱 여덟. 아홉 열.", 8)
	f.Add(strings.Repeat("김민수: 예산은 전년 대비 5% 늘었습니다.\n", 10), 12)
	f.Add(strings.Repeat("가", 40), 3)
	f.Add("\n \t\n", 1)
	f.Add("a\xffb\n\xc0", 2)
	f.Fuzz(func(t *testing.T, text string, budget int) {
		if budget < 1 || budget > 1000 || len(text) > 4000 {
			t.Skip()
		}
		text = strings.ToValidUTF8(text, "?")
		for _, count := range []countFunc{runeCount, wordish} {
			units := lineUnits(text)
			parts, err := splitParts(text, units, budget, count)
			if err != nil {
				// Only a budget below one character may fail.
				if !errors.Is(err, errBudget) {
					t.Fatal(err)
				}
				continue
			}
			checkParts(t, text, units, budget, count, parts)
		}
	})
}

// BenchmarkSplitParts splits transcripts of 0.5 and 5 MB, and the same
// sizes as one line without a space or a sentence end (cut by characters),
// with an 8192-token context's budget. The splitter's own work must grow
// in proportion to the text: compare the ns/byte of the two sizes.
func BenchmarkSplitParts(b *testing.B) {
	line := "김민수: 다음 주까지 예산 초안을 공유하고, 인건비 비중을 다시 검토하기로 했습니다. 일정은 조금 늦어질 수 있습니다.\n"
	for _, shape := range []struct {
		name string
		unit string
	}{{"lines", line}, {"one-line", "가나다라마바사아자차카타파하"}} {
		for _, size := range []int{512 << 10, 5 << 20} {
			text := strings.Repeat(shape.unit, size/len(shape.unit))
			units := lineUnits(text)
			b.Run(fmt.Sprintf("%s/%dKB", shape.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				for b.Loop() {
					if _, err := splitParts(text, units, 5400, runeCount); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(text)), "ns/byte")
			})
		}
	}
}
