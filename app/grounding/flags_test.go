package grounding

import (
	"reflect"
	"testing"
)

// The transcript backs what it says in any numeral form, spacing or
// inflection; invented names, numbers and dates are flagged.
func TestFlags(t *testing.T) {
	ix := NewText("김 위원장: 참석자는 삼십사 명입니다.\n" +
		"박지민 교수: 숭실대학교에서 아홉 시 십삼 분에 시작했습니다.\n" +
		"인구 백만 명당 기증자는 칠 점 팔 명이고 예산은 3억 5천만 원입니다.\n" +
		"GPT 모델은 오 퍼센트 빨라졌고 다음 주 화요일에 발표합니다.")
	cases := []struct {
		bullet string
		want   []string
	}{
		{"참석자는 34명이었다.", nil},
		{"숭실대학교 행사는 9시 13분에 시작했다.", nil},
		{"100만 명당 기증자는 7.8명이다.", nil},
		{"1,000,000명당 기증자가 있다.", nil},
		{"예산은 350,000,000원이다.", nil},
		{"박지민 교수와 김 위원장이 참석했다.", nil},
		{"GPT는 5% 빨라졌고 화요일에 발표한다.", nil},
		{"숭실 대학교에서 열렸다.", nil},
		{"참석자는 35명이었다.", []string{"35명"}},
		{"회의는 34일 걸렸다.", []string{"34일"}},
		{"고려대학교에서 열렸다.", []string{"고려대학교"}},
		{"이준호 교수가 발표했다.", []string{"이준호"}},
		{"최 위원이 반대했다.", []string{"최 위원"}},
		{"BERT 모델은 빨라졌다.", []string{"BERT"}},
		{"목요일에 발표한다.", []string{"목요일"}},
		{"2024년부터 시행한다.", []string{"2024년"}},
		{"예산은 4억 원이다.", []string{"4억 원"}},
		{"일부 위원이 이번 회의에서 구분을 요청했다.", nil},
	}
	for _, c := range cases {
		var got []string
		for _, f := range ix.Link(c.bullet).Flags {
			got = append(got, f.Text)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: flags %q, want %q", c.bullet, got, c.want)
		}
	}
}

func TestLabel(t *testing.T) {
	cases := []struct {
		s      Source
		ko, en string
	}{
		{Source{FirstLine: 212, LastLine: 214}, "212–214행", "lines 212–214"},
		{Source{FirstLine: 7, LastLine: 7, Speaker: "김 위원"}, "7행 김 위원", "line 7 김 위원"},
		{Source{FirstLine: 3, LastLine: 4, At: "00:12:31", Speaker: "김 위원"}, "00:12:31 김 위원", "00:12:31 김 위원"},
	}
	for _, c := range cases {
		if got := c.s.Label(); got != c.ko {
			t.Errorf("Label %+v = %q, want %q", c.s, got, c.ko)
		}
		if got := c.s.LabelIn(false); got != c.en {
			t.Errorf("LabelIn(en) %+v = %q, want %q", c.s, got, c.en)
		}
	}
	if (Link{}).Label() != "" {
		t.Error("a link without sources has a label")
	}
}
