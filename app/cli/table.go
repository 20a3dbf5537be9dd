package cli

import (
	"io"
	"strings"
	"unicode"
)

// table lines up columns by their width on a terminal, where a Hangul
// syllable takes two cells (text/tabwriter counts runes, so Korean headers
// and statuses would push the columns out of line).
type table struct {
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the rows, each column padded to its widest cell plus two
// spaces; the last cell of a row is not padded.
func (t *table) write(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cellWidth(c))
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-cellWidth(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

// cellWidth is how many terminal cells s takes: two for the East Asian
// wide characters Yoyak prints (Hangul, CJK, full-width forms), none for
// combining marks, one otherwise.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me):
		case isWide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// wideRanges are the East Asian Wide and Full-width blocks (a close subset
// of Unicode's EastAsianWidth W and F).
var wideRanges = [][2]rune{
	{0x1100, 0x115F}, // Hangul Jamo initial consonants
	{0x2E80, 0x303E}, // CJK radicals, symbols and punctuation
	{0x3041, 0xA4CF}, // kana, Hangul compatibility Jamo, CJK ideographs, Yi
	{0xAC00, 0xD7A3}, // Hangul syllables
	{0xF900, 0xFAFF}, // CJK compatibility ideographs
	{0xFE30, 0xFE4F}, // CJK compatibility forms
	{0xFF00, 0xFF60}, // full-width forms
	{0xFFE0, 0xFFE6},
	{0x20000, 0x3FFFD}, // CJK extensions
}

func isWide(r rune) bool {
	for _, w := range wideRanges {
		if r >= w[0] && r <= w[1] {
			return true
		}
	}
	return false
}
