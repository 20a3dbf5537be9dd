package grounding

import (
	"testing"
	"unicode/utf8"
)

// Link never panics on any transcript and point, and what it reports stays
// inside them: sources within the transcript's lines and characters, flags
// within the point.
func FuzzLink(f *testing.F) {
	seeds := []struct{ transcript, point string }{
		{"김 위원장: 참석자는 삼십사 명입니다.\n숭실대학교에서 아홉 시 십삼 분에", "34명이 9시 13분에 숭실대학교"},
		{"칠 점 팔 명\n3억 5천만 원\n사흘", "7.8명 350,000,000원 3일"},
		{"", "빈 전사문"},
		{"1,000,000명당 100만 명당 백만", "천천히 구조 이번 세분화 점"},
		{"삼 점", "칠 점"},
		{"\n\n\n", "."},
	}
	for _, s := range seeds {
		f.Add(s.transcript, s.point)
	}
	f.Fuzz(func(t *testing.T, tr, point string) {
		ix := NewText(tr)
		l := ix.Link(point)
		chars, lines := utf8.RuneCountInString(tr), len(splitLines(tr))
		for _, s := range l.Sources {
			if s.Start < 0 || s.End > chars || s.Start > s.End || s.FirstLine < 1 || s.LastLine > lines || s.FirstLine > s.LastLine {
				t.Fatalf("source %+v outside %d chars, %d lines", s, chars, lines)
			}
		}
		pr := []rune(point)
		for _, fl := range l.Flags {
			if fl.Start < 0 || fl.End > len(pr) || fl.Start >= fl.End || string(pr[fl.Start:fl.End]) != fl.Text {
				t.Fatalf("flag %+v does not match point %q", fl, point)
			}
		}
		if l.Unsupported != (len(l.Sources) == 0) {
			t.Fatalf("unsupported %v with %d sources", l.Unsupported, len(l.Sources))
		}
	})
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
