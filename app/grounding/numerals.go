package grounding

import (
	"strconv"
	"strings"
)

// token is a word, or a number written in one to three words, as linking
// and flagging compare them: numbers in digits ("삼십사 명" → "34명",
// "백만 명당" and "1,000,000명당" → "1000000명당"), Latin letters
// lowercased.
type token struct {
	norm       string // normalized text
	num        bool   // a number
	value      string // the number in plain digits ("34", "1000000", "3.5")
	unit       string // its unit or counter, canonical ("명", "%", "시"), "" when bare
	word       bool   // a number in native or Sino-Korean words ("한", "삼십")
	start, end int    // rune offsets in the text
}

// tokenize splits s into tokens, reading numbers written in digits,
// Sino-Korean words or native Korean words.
func tokenize(s string) []token {
	ws := splitWords(s)
	out := make([]token, 0, len(ws))
	for i := 0; i < len(ws); {
		if t, n, ok := numberAt(ws, i); ok {
			out = append(out, t)
			i += n
			continue
		}
		w := ws[i]
		out = append(out, token{norm: strings.ToLower(string(w.text)), start: w.start, end: w.end})
		i++
	}
	return out
}

// units are the units and counters that follow numbers, longest first;
// canonUnit maps spellings to one form.
var (
	units = sortedByLength([]string{
		"퍼센트포인트", "퍼센트", "프로", "%p", "%", "％", "명당", "명", "개월", "개국", "개", "원", "달러", "위안", "엔", "시간", "시",
		"분기", "분", "초", "년도", "년", "월", "일", "주년", "주", "층", "번째", "번", "회", "차", "세", "살", "건", "곳",
		"대", "권", "장", "배", "위", "점", "가지", "마리", "잔", "사람", "군데", "차례", "달", "km", "kg", "톤", "평", "석",
	})
	canonUnit = map[string]string{"퍼센트": "%", "프로": "%", "％": "%", "퍼센트포인트": "%p", "명당": "명", "년도": "년", "사람": "명", "세": "살"}
	// nativeCounters may follow a native numeral ("아홉 시", "두 명").
	nativeCounters = sortedByLength([]string{"시간", "시", "명", "개", "살", "가지", "달", "사람", "번", "분", "곳", "군데", "차례", "마리", "권", "잔", "대", "장", "배", "건", "쪽", "주", "해", "바퀴", "줄"})
	// attachedNative may follow it without a space: not "대" ("세대"), "장".
	attachedNative = sortedByLength([]string{"시간", "시", "명", "개", "살", "가지", "달", "사람", "번", "분", "곳", "군데", "차례", "마리", "잔", "배", "건"})
	// dayCounts are the native words for a number of days ("사흘" = 3일).
	dayCounts = []numWord{{"하루", 1}, {"이틀", 2}, {"사흘", 3}, {"나흘", 4}, {"닷새", 5}, {"엿새", 6}, {"이레", 7}, {"여드레", 8}, {"아흐레", 9}, {"열흘", 10}, {"보름", 15}}
)

var (
	sinoDigits = map[rune]float64{'영': 0, '공': 0, '일': 1, '이': 2, '삼': 3, '사': 4, '오': 5, '육': 6, '칠': 7, '팔': 8, '구': 9}
	smallMult  = map[rune]struct {
		v    float64
		rank int
	}{'십': {10, 1}, '백': {100, 2}, '천': {1000, 3}}
	bigMult = map[rune]struct {
		v    float64
		rank int
	}{'만': {1e4, 1}, '억': {1e8, 2}, '조': {1e12, 3}}
	nativeTens  = []numWord{{"열", 10}, {"스물", 20}, {"스무", 20}, {"서른", 30}, {"마흔", 40}, {"쉰", 50}, {"예순", 60}, {"일흔", 70}, {"여든", 80}, {"아흔", 90}}
	nativeUnits = []numWord{{"하나", 1}, {"다섯", 5}, {"여섯", 6}, {"일곱", 7}, {"여덟", 8}, {"아홉", 9}, {"한", 1}, {"둘", 2}, {"두", 2}, {"셋", 3}, {"세", 3}, {"석", 3}, {"넷", 4}, {"네", 4}}
)

// numeralStart holds the first letters of every numeral word, so most
// words are ruled out at a glance.
var numeralStart = func() map[rune]bool {
	m := map[rune]bool{}
	for r := range sinoDigits {
		m[r] = true
	}
	for r := range smallMult {
		m[r] = true
	}
	for r := range bigMult {
		m[r] = true
	}
	for _, l := range [][]numWord{nativeTens, nativeUnits, dayCounts} {
		for _, nw := range l {
			m[[]rune(nw.w)[0]] = true
		}
	}
	m['유'], m['시'] = true, true
	return m
}()

type numWord struct {
	w string
	v float64
}

// numRunes holds each numWord list's words as runes (see runeLists).
var numRunes = map[*numWord][][]rune{}

func init() {
	for _, l := range [][]numWord{nativeTens, nativeUnits, dayCounts} {
		rl := make([][]rune, len(l))
		for i, nw := range l {
			rl[i] = []rune(nw.w)
		}
		numRunes[&l[0]] = rl
	}
}

// sino is a number read from the start of a word.
type sino struct {
	value    float64
	n        int  // runes read
	mult     bool // a 십/백/천/만/억/조 was read
	hangul   bool // no digit was read: the number is in words
	syllable int  // Hangul syllables read
}

// parseSino reads digits and Sino-Korean numerals from the start of rs:
// "34", "1,000,000", "3.5", "100만", "삼십사", "백만", "3억5천만". Multipliers
// must descend ("천천히" reads only "천").
func parseSino(rs []rune) sino {
	var total, group, cur float64
	haveCur := false
	lastSmall, lastBig := 4, 4
	out := sino{hangul: true}
	i := 0
	for i < len(rs) {
		r := rs[i]
		if isDigit(r) {
			if haveCur {
				break
			}
			j := i
			for j < len(rs) && (isDigit(rs[j]) || ((rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigit(rs[j+1]))) {
				j++
			}
			v, err := strconv.ParseFloat(strings.ReplaceAll(string(rs[i:j]), ",", ""), 64)
			if err != nil {
				break
			}
			cur, haveCur, out.hangul, i = v, true, false, j
			continue
		}
		if d, ok := sinoDigits[r]; ok {
			if haveCur {
				break
			}
			cur, haveCur = d, true
			out.syllable++
			i++
			continue
		}
		if m, ok := smallMult[r]; ok && m.rank < lastSmall {
			if !haveCur {
				cur = 1
			}
			group += cur * m.v
			cur, haveCur, lastSmall, out.mult = 0, false, m.rank, true
			out.syllable++
			i++
			continue
		}
		if m, ok := bigMult[r]; ok && m.rank < lastBig && (r != '조' || !out.hangul) {
			n := group + cur
			if n == 0 {
				n = 1
			}
			total += n * m.v
			group, cur, haveCur, lastSmall, lastBig, out.mult = 0, 0, false, 4, m.rank, true
			out.syllable++
			i++
			continue
		}
		break
	}
	out.value, out.n = total+group+cur, i
	return out
}

// numberAt reads a number starting at word i: the token and how many words
// it took, or ok false.
func numberAt(ws []word, i int) (token, int, bool) {
	w := ws[i].text
	if !isDigit(w[0]) && !numeralStart[w[0]] {
		return token{}, 0, false
	}
	if t, n, ok := nativeAt(ws, i); ok {
		return t, n, true
	}
	switch {
	case strings.HasPrefix(string(w), "유월") && isParticles(w[2:]):
		return numToken(6, "월", ws[i], ws[i], "월"+string(w[2:]), true), 1, true
	case strings.HasPrefix(string(w), "시월") && isParticles(w[2:]):
		return numToken(10, "월", ws[i], ws[i], "월"+string(w[2:]), true), 1, true
	}
	if k, v := prefixNum(w, dayCounts); k > 0 && isParticles(w[k:]) {
		return numToken(v, "일", ws[i], ws[i], "일"+string(w[k:]), true), 1, true
	}
	p := parseSino(w)
	if p.n == 0 || (p.hangul && p.syllable == 0) {
		return token{}, 0, false
	}
	rest := w[p.n:]
	if t, n, ok := decimalAt(ws, i, p); ok {
		return t, n, true
	}
	if !p.hangul {
		last := i
		// "3억 5천만 원": groups of a big multiplier go on in the next word
		for len(rest) == 0 && last+1 < len(ws) && endsBig(ws[last].text) {
			q := parseSino(ws[last+1].text)
			if q.n == 0 || q.value >= bigMult[ws[last].text[len(ws[last].text)-1]].v {
				break
			}
			last++
			p.value += q.value
			rest = ws[last].text[q.n:]
		}
		ul := prefixFrom(rest, units)
		if ul == 0 && len(rest) == 0 && last+1 < len(ws) {
			if t, ok := spacedUnit(p.value, ws[i], ws[last+1], units); ok {
				return t, last + 2 - i, true
			}
		}
		return numToken(p.value, string(rest[:ul]), ws[i], ws[last], string(rest), false), last + 1 - i, true
	}
	ul := prefixFrom(rest, units)
	// In words: only where it cannot be an ordinary word ("일부", "이번",
	// "구분", "사원" stay words).
	if ul > 0 && isParticles(rest[ul:]) && (p.syllable >= 2 || isAttachedSingle(string(rest[:ul]))) {
		return numToken(p.value, string(rest[:ul]), ws[i], ws[i], string(rest), true), 1, true
	}
	if len(rest) == 0 && i+1 < len(ws) && (p.syllable >= 2 || !ambiguousSpaced(w[0], ws[i+1].text)) {
		if t, ok := spacedUnit(p.value, ws[i], ws[i+1], units); ok {
			return t, 2, true
		}
	}
	if p.mult && p.syllable >= 2 && isParticles(rest) {
		return numToken(p.value, "", ws[i], ws[i], string(rest), true), 1, true
	}
	return token{}, 0, false
}

// isAttachedSingle: the units a one-syllable Sino numeral takes without a
// space and stays a number ("사월", "삼년"), unlike "구분" or "사원".
func isAttachedSingle(u string) bool { return u == "월" || u == "년" }

// ambiguousSpaced: "이 분", "이 번", "이 명단" are "this …", not two.
func ambiguousSpaced(d rune, next []rune) bool {
	if d != '이' {
		return false
	}
	n := string(next)
	return strings.HasPrefix(n, "분") || strings.HasPrefix(n, "번") || strings.HasPrefix(n, "명") || strings.HasPrefix(n, "사람")
}

// spacedUnit reads "삼십사 명", "100 만원"-less forms: a unit that starts
// the next word, followed only by particles.
func spacedUnit(v float64, num, next word, list []string) (token, bool) {
	ul := prefixFrom(next.text, list)
	if ul == 0 || !isParticles(next.text[ul:]) {
		return token{}, false
	}
	return numToken(v, string(next.text[:ul]), num, next, string(next.text), false), true
}

// nativeAt reads a native Korean numeral followed by a counter:
// "아홉 시", "스물다섯 명", "두명", "한 번".
func nativeAt(ws []word, i int) (token, int, bool) {
	w := ws[i].text
	v, n := 0.0, 0
	if k, tv := prefixNum(w, nativeTens); k > 0 {
		v, n = tv, k
	}
	if k, uv := prefixNum(w[n:], nativeUnits); k > 0 {
		v, n = v+uv, n+k
	}
	if n == 0 {
		return token{}, 0, false
	}
	rest := w[n:]
	if len(rest) > 0 {
		ul := prefixFrom(rest, attachedNative)
		if ul == 0 || !isParticles(rest[ul:]) {
			return token{}, 0, false
		}
		t := numToken(v, string(rest[:ul]), ws[i], ws[i], string(rest), true)
		return t, 1, true
	}
	if i+1 >= len(ws) {
		return token{}, 0, false
	}
	t, ok := spacedUnit(v, ws[i], ws[i+1], nativeCounters)
	t.word = true
	return t, 2, ok
}

func prefixNum(rs []rune, list []numWord) (int, float64) {
	for i, w := range numRunes[&list[0]] {
		if len(w) <= len(rs) && equalRunes(rs[:len(w)], w) {
			return len(w), list[i].v
		}
	}
	return 0, 0
}

// numToken builds the token for value v with unit u spanning words from
// first to last; tail is what follows the number in the text (unit and
// particles), kept in the normalized form.
func numToken(v float64, u string, first, last word, tail string, inWords bool) token {
	val := strconv.FormatFloat(v, 'f', -1, 64)
	if c, ok := canonUnit[u]; ok {
		tail = c + strings.TrimPrefix(tail, u)
		u = c
	}
	return token{norm: val + tail, num: true, value: val, unit: u, word: inWords, start: first.start, end: last.end}
}

func endsBig(rs []rune) bool {
	if len(rs) == 0 {
		return false
	}
	_, ok := bigMult[rs[len(rs)-1]]
	return ok
}

// decimalAt reads "칠 점 팔 명" (7.8명) and "삼 점 이" (3.2): a whole number,
// the word "점", then digits said one by one.
func decimalAt(ws []word, i int, p sino) (token, int, bool) {
	if p.n != len(ws[i].text) || i+2 >= len(ws) || string(ws[i+1].text) != "점" {
		return token{}, 0, false
	}
	frac := ws[i+2].text
	k := 0
	digits := ""
	for k < len(frac) {
		if d, ok := sinoDigits[frac[k]]; ok {
			digits += strconv.Itoa(int(d))
		} else if isDigit(frac[k]) {
			digits += string(frac[k])
		} else {
			break
		}
		k++
	}
	if k == 0 {
		return token{}, 0, false
	}
	v, err := strconv.ParseFloat(strconv.FormatFloat(p.value, 'f', -1, 64)+"."+digits, 64)
	if err != nil {
		return token{}, 0, false
	}
	rest := frac[k:]
	if ul := prefixFrom(rest, units); len(rest) > 0 && (ul > 0 || isParticles(rest)) {
		return numToken(v, string(rest[:ul]), ws[i], ws[i+2], string(rest), true), 3, true
	}
	if len(rest) == 0 && i+3 < len(ws) {
		if t, ok := spacedUnit(v, ws[i], ws[i+3], units); ok {
			t.word = true
			return t, 4, true
		}
	}
	return numToken(v, "", ws[i], ws[i+2], "", true), 3, true
}
