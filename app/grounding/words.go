package grounding

import (
	"strings"
	"unicode"
)

// word is one whitespace- or punctuation-delimited piece of text, with its
// rune offsets in the text it came from.
type word struct {
	text       []rune
	start, end int // rune offsets [start, end)
}

// splitWords cuts s into words: runs of letters, digits and the characters
// numbers carry inside them ("1,000", "3.5", "50%"). Everything else
// (spaces, punctuation, brackets, quotes) separates words.
func splitWords(s string) []word {
	rs := []rune(s)
	var ws []word
	start := -1
	for i, r := range rs {
		in := isWordRune(r) || (start >= 0 && (r == ',' || r == '.') && i > 0 && isDigit(rs[i-1]) && i+1 < len(rs) && isDigit(rs[i+1]))
		if in && start < 0 {
			start = i
		}
		if !in && start >= 0 {
			ws = append(ws, word{text: rs[start:i], start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, word{text: rs[start:], start: start, end: len(rs)})
	}
	return ws
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%' || r == '％'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// particles are the endings Korean attaches to nouns (case particles,
// topic and focus markers, the copula's common forms, and the suffixes that
// follow counters: "명당", "개월째"). Longest first, so stripping takes
// "에서는" whole rather than "는".
var particles = sortedByLength([]string{
	"에서는", "에서도", "에서의", "에게서", "으로는", "으로도", "으로서", "으로써", "이라는", "이라고", "이었다", "였으며",
	"입니다", "이에요", "에서", "에게", "께서", "으로", "로는", "로도", "로서", "로써", "에는", "에도", "에의", "까지", "부터",
	"처럼", "보다", "과는", "와는", "이나", "이며", "이고", "이다", "였다", "라는", "라고", "마다", "만큼", "밖에", "조차",
	"이상", "이하", "가량", "정도", "이내", "동안", "만에", "씩", "쯤", "째", "당", "간", "께", "여",
	"은", "는", "이", "가", "을", "를", "의", "에", "도", "와", "과", "로", "만", "나", "랑", "요",
})

// predicateEndings turn a verb or adjective into its stem for linking
// ("논의했다", "논의하겠습니다" → "논의"), so a summary's written style
// meets the transcript's spoken one. Longest first.
var predicateEndings = sortedByLength([]string{
	"하였습니다", "했습니다", "합니다", "하겠습니다", "하였다", "했다", "한다", "하는", "하고", "하며", "하기로", "하기", "하자는",
	"해야", "했으며", "했고", "하여", "해서", "할", "된다", "되었다", "됐다", "되는", "되어", "돼", "됩니다", "됐습니다",
	"되었습니다", "되고", "되며", "될", "시키는", "시켰다", "적인", "적으로",
})

func sortedByLength(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len([]rune(out[j])) > len([]rune(out[j-1])); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return asRunes(out)
}

// isParticles reports whether rs is empty or a run of at most three
// particles ("에서는", "당", "명당" is a unit then "당").
func isParticles(rs []rune) bool {
	for n := 0; n < 3; n++ {
		if len(rs) == 0 {
			return true
		}
		p := prefixFrom(rs, particles)
		if p == 0 {
			return false
		}
		rs = rs[p:]
	}
	return len(rs) == 0
}

// prefixFrom is the length in runes of the longest of list that starts rs,
// or 0.
func prefixFrom(rs []rune, list []string) int {
	if len(rs) == 0 {
		return 0
	}
	for _, p := range runeLists[&list[0]] {
		if len(p) <= len(rs) && equalRunes(rs[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// runeLists holds each word list as runes, keyed by its first element's
// address, so look-ups do not convert strings on every call.
var runeLists = map[*string][][]rune{}

// asRunes registers list for prefixFrom and returns it.
func asRunes(list []string) []string {
	rl := make([][]rune, len(list))
	for i, s := range list {
		rl[i] = []rune(s)
	}
	runeLists[&list[0]] = rl
	return list
}

func equalRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// stem strips trailing particles and predicate endings from a word,
// keeping at least two characters: "숭실대학교에서" → "숭실대학교",
// "논의했다" → "논의". Words that are not Hangul are lowercased.
func stem(rs []rune) string {
	if len(rs) == 0 || !isHangul(rs[len(rs)-1]) {
		return strings.ToLower(string(rs))
	}
	return string(rs[:stemLen(rs)])
}

// stemLen is the length of rs's stem (see stem), for Hangul words; other
// words are their own stem.
func stemLen(rs []rune) int {
	n := len(rs)
	if n == 0 || !isHangul(rs[n-1]) {
		return n
	}
	for range 3 {
		k := suffixLen(rs[:n])
		if k == 0 {
			break
		}
		n -= k
	}
	return n
}

// endingSet holds particles and predicate endings for suffix look-ups.
var endingSet = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range append(append([]string(nil), particles...), predicateEndings...) {
		m[p] = true
	}
	return m
}()

// suffixLen is the length of the longest ending of rs that stem may cut,
// leaving at least two characters, or 0.
func suffixLen(rs []rune) int {
	for n := min(5, len(rs)-2); n >= 1; n-- {
		if !isHangul(rs[len(rs)-n]) {
			continue
		}
		if endingSet[string(rs[len(rs)-n:])] {
			return n
		}
	}
	return 0
}
