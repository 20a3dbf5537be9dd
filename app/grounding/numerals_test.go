package grounding

import (
	"strings"
	"testing"
)

// normalized is the tokens' normalized forms joined by spaces.
func normalized(s string) string {
	var out []string
	for _, t := range tokenize(s) {
		out = append(out, t.norm)
	}
	return strings.Join(out, " ")
}

func TestNumeralsNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"삼십사 명", "34명"},
		{"34명", "34명"},
		{"아홉 시 십삼 분", "9시 13분"},
		{"9시 13분", "9시 13분"},
		{"백만 명당", "1000000명"},
		{"100만 명당", "1000000명"},
		{"1,000,000명당", "1000000명"},
		{"3억 5천만 원", "350000000원"},
		{"350,000,000원", "350000000원"},
		{"오십 퍼센트", "50%"},
		{"50%", "50%"},
		{"스물다섯 명이", "25명이"},
		{"두 가지", "2가지"},
		{"세시에", "3시에"},
		{"사월에", "4월에"},
		{"유월", "6월"},
		{"3.5%", "3.5%"},
		{"2024년 3월 5일", "2024년 3월 5일"},
		{"이천이십사 년", "2024년"},
		{"천 원", "1000원"},
		{"만 원", "10000원"},
		{"네 배를", "4배를"},
		{"사흘 넘게", "3일 넘게"},
		{"사백여 명에", "400여 명에"},
		{"칠 점 팔 명", "7.8명"},
		{"삼 점 이를", "3.2를"},
		{"열두 건", "12건"},
		// ordinary words stay words
		{"일부 의견", "일부 의견"},
		{"이번 회의", "이번 회의"},
		{"구분이 필요", "구분이 필요"},
		{"사원 복지", "사원 복지"},
		{"천천히 하자", "천천히 하자"},
		{"구조 개편", "구조 개편"},
		{"오늘 사고", "오늘 사고"},
		{"네, 좋습니다", "네 좋습니다"},
		{"세계 경제", "세계 경제"},
		{"한국 정부", "한국 정부"},
		{"이 분이 말씀", "이 분이 말씀"},
		{"만약 그렇다면", "만약 그렇다면"},
		{"세대 갈등", "세대 갈등"},
		{"세분화", "세분화"},
	}
	for _, c := range cases {
		if got := normalized(c.in); got != c.want {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
}

func TestStem(t *testing.T) {
	cases := []struct{ in, want string }{
		{"숭실대학교에서", "숭실대학교"},
		{"숭실대학교에서는", "숭실대학교"},
		{"교육부가", "교육부"},
		{"논의했다", "논의"},
		{"논의하겠습니다", "논의"},
		{"예산을", "예산"},
		{"GPT를", "GPT"},
		{"회의", "회의"},
	}
	for _, c := range cases {
		if got := stem([]rune(c.in)); got != c.want {
			t.Errorf("stem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
