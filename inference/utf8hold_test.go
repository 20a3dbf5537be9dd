package inference

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var holdbackCases = []struct {
	name   string
	chunks []string
	want   []string // output of each Push, then Flush
}{
	{"ascii", []string{"ab", "c"}, []string{"ab", "c", ""}},
	{"syllable split in bytes", []string{"\xec", "\x95", "\x88", "녕"}, []string{"", "", "안", "녕", ""}},
	{"text then half a syllable", []string{"회의\xec\x9a", "\x94약"}, []string{"회의", "요약", ""}},
	{"emoji split", []string{"\xf0\x9f", "\x98", "\x80!"}, []string{"", "", "😀!", ""}},
	{"incomplete at end", []string{"끝\xeb"}, []string{"끝", "\uFFFD"}},
	{"broken sequence", []string{"\xec", "j"}, []string{"", "\uFFFDj", ""}},
	{"stray continuation", []string{"\x95a"}, []string{"\uFFFDa", ""}},
}

func TestUTF8Holdback(t *testing.T) {
	for _, c := range holdbackCases {
		t.Run(c.name, func(t *testing.T) {
			var h utf8Holdback
			var got []string
			for _, ch := range c.chunks {
				got = append(got, h.Push([]byte(ch)))
			}
			got = append(got, h.Flush())
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func FuzzUTF8Holdback(f *testing.F) {
	for _, c := range holdbackCases {
		f.Add(strings.Join(c.chunks, ""), uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, step uint8) {
		n := int(step%5) + 1
		var h utf8Holdback
		var out strings.Builder
		for i := 0; i < len(s); i += n {
			p := h.Push([]byte(s[i:min(i+n, len(s))]))
			if !utf8.ValidString(p) {
				t.Fatalf("invalid piece %q", p)
			}
			out.WriteString(p)
		}
		out.WriteString(h.Flush())
		if utf8.ValidString(s) && out.String() != s {
			t.Fatalf("valid input %q came out as %q", s, out.String())
		}
	})
}
