package grounding

import (
	"strings"
	"unicode"
)

// Words that mark names. A name is only what a transcript could misstate
// and a reader would act on: a person with a title ("김 위원", "박지민
// 교수"), an organization or place with its kind ("숭실대학교",
// "보건복지부"), a Latin-letter name ("GPT"). Bare common words are never
// flagged, so a paraphrase does not cry wolf.
var (
	titles = sortedByLength([]string{
		"위원장", "위원", "의원", "교수", "대표", "팀장", "부장", "과장", "차장", "실장", "국장", "원장", "총장", "사장",
		"회장", "이사장", "이사", "장관", "차관", "대통령", "박사", "기자", "앵커", "선생님", "선생", "씨", "님", "시장",
		"도지사", "지사", "구청장", "군수", "간사", "소장", "센터장", "본부장", "대리", "주임", "매니저", "변호사",
		"연구원", "교사", "총리", "의장", "부위원장", "사무관", "주무관", "단장", "학장",
	})
	orgSuffixes = sortedByLength([]string{
		"대학교", "대학원", "대학", "병원", "은행", "공단", "재단", "협회", "위원회", "연구원", "연구소", "센터", "그룹",
		"전자", "자동차", "증권", "보험", "신문", "방송", "일보", "주식회사", "학회", "법원", "검찰청", "경찰청", "경찰서",
		"시청", "구청", "도청", "군청", "특별시", "광역시", "특별자치도", "공항", "교육청", "조합", "고등학교", "중학교",
		"초등학교", "학교", "유치원", "의회", "공사", "부", "처", "청", "기금", "협의회", "연합회", "노조",
	})
	// one-syllable org suffixes need a longer name: "교육부" yes, "일부" no
	shortOrg  = map[string]bool{"부": true, "처": true, "청": true}
	surnames  = "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
	notPerson = map[string]bool{"그": true, "저": true, "각": true, "전": true, "현": true, "해당": true, "모든": true, "두": true, "세": true, "네": true, "한": true, "여러": true, "다른": true, "신임": true, "전임": true, "담당": true}
	weekdays  = []string{"월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"}
	// org words that are common nouns on their own ("지원부", "공사 기간")
	commonOrg = map[string]bool{"공사": true, "내부": true, "외부": true, "전부": true, "일부": true, "세부": true, "간부": true, "본부": true, "요청": true, "신청": true, "민원신청": true, "학교": true, "대학": true, "병원": true, "은행": true}
)

// flags returns the expressions of text (tokenized as toks) that the
// transcript does not contain.
func (ix *Index) flags(text string, toks []token) []Flag {
	rs := []rune(text)
	var out []Flag
	add := func(start, end int, kind FlagKind) {
		out = append(out, Flag{Text: string(rs[start:end]), Kind: kind, Start: start, End: end})
	}
	for i, t := range toks {
		switch {
		case t.num:
			if !ix.backsNumber(t) && !(t.word && t.value == "1") {
				add(t.start, t.start+numberSpan(rs[t.start:t.end]), numberKind(t.unit))
			}
		case hasLatin(t.norm):
			if name := latinPart(t.norm); len(name) >= 2 && !strings.Contains(ix.collapsed, name) {
				add(t.start, t.start+len([]rune(name)), FlagName)
			}
		default:
			if start, end, key, kind, ok := nameAt(toks, i, rs); ok && !strings.Contains(ix.collapsed, key) {
				add(start, end, kind)
			}
		}
	}
	return out
}

// nameAt reports the name token i starts: its span in the text, the
// spacing-free form to look up, and its kind.
func nameAt(toks []token, i int, rs []rune) (start, end int, key string, kind FlagKind, ok bool) {
	t := toks[i]
	s := stem([]rune(t.norm))
	sr := []rune(s)
	for _, d := range weekdays {
		if s == d {
			return t.start, t.start + len(sr), s, FlagDate, true
		}
	}
	// "김 위원은", "박지민 교수가": a surname-led word, then a title
	if len(sr) >= 1 && len(sr) <= 4 && !notPerson[s] && strings.ContainsRune(surnames, sr[0]) && i+1 < len(toks) {
		next := []rune(toks[i+1].norm)
		if tl := prefixFrom(next, titles); tl > 0 && isParticles(next[tl:]) && allHangul(sr) {
			if len(sr) == 1 {
				return t.start, toks[i+1].start + tl, s + string(next[:tl]), FlagName, true
			}
			return t.start, t.start + len(sr), s, FlagName, true
		}
	}
	// "김철수위원장은": name and title in one word
	for _, title := range titles {
		if strings.HasSuffix(s, title) {
			name := []rune(strings.TrimSuffix(s, title))
			if len(name) >= 2 && len(name) <= 4 && strings.ContainsRune(surnames, name[0]) && !commonWord(string(name)) {
				return t.start, t.start + len(name), string(name), FlagName, true
			}
			break
		}
	}
	for _, suf := range orgSuffixes {
		if !strings.HasSuffix(s, suf) || commonOrg[s] {
			continue
		}
		need := len([]rune(suf)) + 1
		if shortOrg[suf] {
			need = 3
		}
		if len(sr) >= need && allHangul(sr) {
			return t.start, t.start + len(sr), s, FlagName, true
		}
		break
	}
	return 0, 0, "", "", false
}

// commonWord: words that end like "name + title" but are not names.
func commonWord(s string) bool {
	switch s {
	case "위원", "전문", "연구", "대표", "부위", "소위", "분과":
		return true
	}
	return false
}

func numberKind(unit string) FlagKind {
	switch unit {
	case "원", "달러", "위안", "엔", "%", "%p":
		return FlagAmount
	case "년", "월", "일", "시", "분", "초", "분기", "주":
		return FlagDate
	}
	return FlagNumber
}

func hasLatin(s string) bool {
	for _, r := range s {
		if r < 0x80 && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// latinPart is s up to its first Hangul letter ("gpt를" → "gpt").
func latinPart(s string) string {
	for i, r := range s {
		if isHangul(r) {
			return s[:i]
		}
	}
	return s
}

func allHangul(rs []rune) bool {
	for _, r := range rs {
		if !isHangul(r) {
			return false
		}
	}
	return true
}

// numberSpan is the length of a number's text without the particles after
// it ("2025년부터" → "2025년"), so a window underlines just the number.
func numberSpan(span []rune) int {
	for k := 1; k < len(span); k++ {
		if isParticles(span[k:]) && (isDigit(span[k-1]) || isUnitEnd(span[:k])) {
			return k
		}
	}
	return len(span)
}

// isUnitEnd reports whether rs ends with a unit as written.
func isUnitEnd(rs []rune) bool {
	s := string(rs)
	for _, u := range units {
		if strings.HasSuffix(s, u) {
			return true
		}
	}
	return false
}

// backsNumber: the transcript says t's value with t's unit ("5일" is not
// backed by "5대"), or bare (its unit may be a word away: "사백여 명");
// a bare number in the point is backed by the value with any unit.
func (ix *Index) backsNumber(t token) bool {
	if t.unit == "" {
		return ix.numbers[t.value]
	}
	return ix.numbers[t.value+"|"+t.unit] || ix.numbers[t.value+"|"]
}
