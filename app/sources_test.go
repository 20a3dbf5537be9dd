package app

import (
	"context"
	"testing"

	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
)

// Each part of the answer is linked once, as soon as its line is complete
// (before the stream ends), and the result and history keep the sources.
func TestSummarizeLinksSourcesWhileStreaming(t *testing.T) {
	const ans = "제목: 예산 회의\n1. 예산 현황\n- 내년 예산은 320억 원으로 5% 늘었다.\n- 연세대학교 열람실을 빌린다.\n2. 향후 계획\n- 다음 주 목요일 오후 2시에 다시 모인다.\n"
	eng := &fakeEngine{script: func(string) []string { return pieces(ans, 4) }}
	hist, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(Config{Engine: eng, History: hist})
	defer svc.Close()
	var rec recorder
	tr := "김 위원장: 예산 회의를 시작하겠습니다.\n" +
		"박 위원: 내년 예산 총액은 삼백이십억 원으로 오 퍼센트 늘었습니다.\n" +
		"정 주무관: 공사 기간에는 숭실대학교 열람실을 빌려 쓰기로 했습니다.\n" +
		"김 위원장: 다음 회의는 다음 주 목요일 오후 두 시에 열겠습니다."
	res, err := svc.Summarize(context.Background(), doc(tr), Options{Settings: settingsFor(modelFile(t))}, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	var bullets []Sources
	firstSourceAt, lastPieceAt := -1, -1
	for i, e := range rec.events {
		switch e := e.(type) {
		case Sources:
			if e.Part == SourceBullet {
				bullets = append(bullets, e)
			}
			if firstSourceAt < 0 {
				firstSourceAt = i
			}
		case Piece:
			lastPieceAt = i
		}
	}
	if len(bullets) != 3 {
		t.Fatalf("bullet Sources events %d, want 3 (each bullet once): %+v", len(bullets), bullets)
	}
	if firstSourceAt < 0 || firstSourceAt > lastPieceAt {
		t.Errorf("first Sources event at %d, last piece at %d: not linked while streaming", firstSourceAt, lastPieceAt)
	}
	wantLines := []int{2, 3, 4}
	for k, b := range bullets {
		if len(b.Link.Sources) == 0 || b.Link.Sources[0].FirstLine != wantLines[k] {
			t.Errorf("bullet %d linked to %+v, want line %d", k, b.Link.Sources, wantLines[k])
		}
	}
	if f := bullets[1].Link.Flags; len(f) != 1 || f[0].Text != "연세대학교" {
		t.Errorf("flags of the invented place: %+v", f)
	}
	if len(bullets[0].Link.Flags) != 0 || len(bullets[2].Link.Flags) != 0 {
		t.Errorf("numerals in words flagged: %+v / %+v", bullets[0].Link.Flags, bullets[2].Link.Flags)
	}
	check := func(where string, s summary.Summary) {
		t.Helper()
		if s.Sources == nil || s.Sources.Title == nil || s.Sources.Heading(1) == nil || s.Sources.Bullet(1, 0) == nil ||
			s.Sources.Bullet(1, 0).Label() != "4행" {
			t.Errorf("%s: sources %+v", where, s.Sources)
		}
	}
	check("result", res.Summary)
	list, err := hist.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("history %v, %v", list, err)
	}
	check("history", list[0].Summary)
}
