package summary

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/grounding"
)

const groundTranscript = "김 위원장: 예산 회의를 시작하겠습니다.\n" +
	"박 위원: 내년 예산 총액은 삼백이십억 원으로 오 퍼센트 늘었습니다.\n" +
	"정 주무관: 공사 기간에는 숭실대학교 열람실을 빌려 쓰기로 했습니다."

func groundedSummary() Summary {
	s := Parse("제목: 예산 회의\n1. 예산 현황\n- 내년 예산은 320억 원으로 5% 늘었다.\n- 연세대학교 열람실을 빌린다.\n- 화성 탐사선을 발사했다.\n")
	return NewLinker(grounding.NewText(groundTranscript)).Ground(s, false)
}

func TestLinkerLeavesTheLineBeingWritten(t *testing.T) {
	var p Parser
	p.Feed("제목: 예산 회의\n1. 예산 현황\n- 내년 예산은 320억 원으로 5% 늘었다.\n- 연세대")
	s := NewLinker(grounding.NewText(groundTranscript)).Ground(p.Summary(), p.Writing())
	if s.Sources.Bullet(0, 0) == nil || s.Sources.Bullet(0, 1) != nil {
		t.Errorf("complete bullet linked %v, growing bullet linked %v", s.Sources.Bullet(0, 0), s.Sources.Bullet(0, 1))
	}
	if c := s.Clone(); c.Sources == s.Sources || c.Sources.Bullet(0, 0) != s.Sources.Bullet(0, 0) {
		t.Error("Clone shares the sources' slices or loses links")
	}
}

func TestRenderJSONWithSources(t *testing.T) {
	var got struct {
		TitleSources *grounding.Link `json:"title_sources"`
		Sections     []struct {
			Bullets       []string          `json:"bullets"`
			BulletSources []*grounding.Link `json:"bullet_sources"`
		} `json:"sections"`
	}
	out := Render(groundedSummary(), JSON)
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	sec := got.Sections[0]
	if len(sec.BulletSources) != 3 || got.TitleSources == nil {
		t.Fatalf("JSON %s", out)
	}
	if s := sec.BulletSources[0].Sources; len(s) == 0 || s[0].FirstLine != 2 || s[0].Start != 23 || s[0].Score <= 0 {
		t.Errorf("first bullet's sources %+v", s)
	}
	if f := sec.BulletSources[1].Flags; len(f) != 1 || f[0].Text != "연세대학교" || f[0].Kind != grounding.FlagName {
		t.Errorf("second bullet's flags %+v", f)
	}
	if !sec.BulletSources[2].Unsupported {
		t.Errorf("invented bullet not unsupported: %+v", sec.BulletSources[2])
	}
	// without sources the JSON is as before
	if strings.Contains(Render(Parse("제목: 가\n- 나\n"), JSON), "sources") {
		t.Error("sources in the JSON of an unlinked summary")
	}
}

func TestMarkdownWithSources(t *testing.T) {
	got := MarkdownWithSources(groundedSummary(), true)
	for _, want := range []string{
		"- 내년 예산은 320억 원으로 5% 늘었다. [2행]",
		"- 연세대학교 열람실을 빌린다. [3행] [전사문에 없는 표현: 연세대학교]",
		"- 화성 탐사선을 발사했다. [출처 없음]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if en := MarkdownWithSources(groundedSummary(), false); !strings.Contains(en, "[line 2]") || !strings.Contains(en, "[no source]") {
		t.Errorf("English refs:\n%s", en)
	}
}

func TestSourceLabels(t *testing.T) {
	got := groundedSummary().SourceLabels()
	if len(got) != 1 || len(got[0]) != 3 || got[0][0] != "2행" || got[0][1] != "3행" || got[0][2] != "" {
		t.Errorf("labels %q", got)
	}
	if (Summary{Sections: []Section{{Bullets: []string{"가"}}}}).SourceLabels() != nil {
		t.Error("labels without sources")
	}
}
