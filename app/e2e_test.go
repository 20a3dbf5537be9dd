package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/history"
)

// These tests run the real llama.cpp runtime (the checkout's runtime/, from
// `make runtime`) on the tiny synthetic model. Its weights are random, so
// they check streaming, passes, cancellation and history, never the words.

func realService(t *testing.T, hist *history.Store) *Service {
	t.Helper()
	svc := NewService(Config{History: hist})
	t.Cleanup(func() {
		if err := svc.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return svc
}

func tinySettings() Settings {
	s := DefaultSettings()
	s.Model = tinyPath
	s.GPU = false
	s.MaxTokens = 48
	// Random weights with near-greedy sampling repeat one token; a warmer
	// sampler gives varied pieces.
	s.Sampling = SamplingSettings{Custom: true, Temperature: 1, TopK: 0, TopP: 1, RepeatPenalty: 1}
	return s
}

func meeting(lines int) string {
	var b strings.Builder
	for i := range lines {
		fmt.Fprintf(&b, "화자 %d: %d번째 안건은 예산 편성과 일정 조정에 관한 것입니다. 다음 회의까지 세부안을 준비하겠습니다.\n", i%3+1, i+1)
	}
	return b.String()
}

func TestRealSummarizeStreams(t *testing.T) {
	hist, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := realService(t, hist)
	var rec recorder
	res, err := svc.Summarize(context.Background(), doc(meeting(3)), Options{Settings: tinySettings()}, rec.emit)
	if err != nil {
		t.Fatal(Message(err, "en"), err)
	}
	var streamed strings.Builder
	var sawLoad, sawRead bool
	pieces := 0
	for i, e := range rec.events {
		switch e := e.(type) {
		case Progress:
			sawLoad = sawLoad || e.Phase == PhaseLoadingModel
			sawRead = sawRead || e.Phase == PhaseReadingPrompt
		case Piece:
			pieces++
			streamed.WriteString(e.Text)
		case Done:
			if i != len(rec.events)-1 {
				t.Errorf("Done at %d of %d events", i, len(rec.events))
			}
		case Failed:
			t.Errorf("Failed: %v", e.Err)
		}
	}
	if !sawLoad || !sawRead || pieces == 0 {
		t.Errorf("load %v, read %v, %d pieces", sawLoad, sawRead, pieces)
	}
	if _, ok := rec.events[len(rec.events)-1].(Done); !ok {
		t.Fatalf("last event %#v", rec.events[len(rec.events)-1])
	}
	if !res.Stats.Stopped && streamed.String() != res.Text {
		t.Errorf("streamed %q, result %q", streamed.String(), res.Text)
	}
	if res.Stats.Tokens == 0 || res.Stats.Tokens > 48 || res.Stats.Parts != 1 {
		t.Errorf("stats %+v", res.Stats)
	}
	if list, _ := hist.List(); len(list) != 1 || list[0].ID != res.HistoryID {
		t.Errorf("history %+v", list)
	}
	// A second run reuses the loaded model: no loading phase.
	rec = recorder{}
	if _, err := svc.Summarize(context.Background(), doc(meeting(2)), Options{Settings: tinySettings()}, rec.emit); err != nil {
		t.Fatal(err)
	}
	for _, p := range rec.progress() {
		if p.Phase == PhaseLoadingModel {
			t.Fatal("second run loaded the model again")
		}
	}
}

func TestRealSummarizeSplit(t *testing.T) {
	svc := realService(t, nil)
	set := tinySettings()
	set.ContextSize = 256
	text := meeting(12)
	plan, err := svc.Plan(context.Background(), doc(text), Options{Settings: set})
	if err != nil {
		t.Fatal(err)
	}
	if plan.FitsOnePass || plan.Parts < 2 || plan.Context != 256 {
		t.Fatalf("plan %+v, want parts", plan)
	}
	var rec recorder
	res, err := svc.Summarize(context.Background(), doc(text), Options{Settings: set}, rec.emit)
	if err != nil {
		t.Fatal(Message(err, "en"), err)
	}
	got := rec.passes()
	for i := 1; i <= plan.Parts; i++ {
		if want := fmt.Sprintf("part %d/%d", i, plan.Parts); i > len(got) || got[i-1] != want {
			t.Fatalf("passes %v, want part %d/%d at %d", got, i, plan.Parts, i)
		}
	}
	if got[len(got)-1] != "final" {
		t.Errorf("passes %v, want the final pass last", got)
	}
	if len(res.Partials) != plan.Parts || res.Stats.Parts != plan.Parts {
		t.Errorf("%d partials, stats %+v", len(res.Partials), res.Stats)
	}
	// The prompts fit: the engine would have refused one that did not.
	prompts, err := svc.Prompts(context.Background(), doc(text), Options{Settings: set})
	if err != nil || len(prompts) != plan.Parts {
		t.Errorf("Prompts: %d, %v", len(prompts), err)
	}
}

func TestRealSummarizeCancel(t *testing.T) {
	hist, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := realService(t, hist)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	set := tinySettings()
	set.MaxTokens = 2000
	var rec recorder
	_, err = svc.Summarize(ctx, doc(meeting(3)), Options{Settings: set}, func(e Event) {
		rec.emit(e)
		if _, ok := e.(Piece); ok {
			cancel() // mid-generation, from the engine's callback
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	pieces := 0
	for _, e := range rec.events {
		if _, ok := e.(Piece); ok {
			pieces++
		}
	}
	if pieces != 1 {
		t.Errorf("%d pieces after cancelling at the first", pieces)
	}
	if f, ok := rec.events[len(rec.events)-1].(Failed); !ok || !errors.Is(f.Err, context.Canceled) {
		t.Errorf("last event %#v", rec.events[len(rec.events)-1])
	}
	if list, _ := hist.List(); len(list) != 0 {
		t.Errorf("a cancelled run kept %d history entries", len(list))
	}
	// The service still works after a cancelled run.
	if _, err := svc.Summarize(context.Background(), doc(meeting(1)), Options{Settings: tinySettings()}, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRealPrintPromptCounts(t *testing.T) {
	svc := realService(t, nil)
	p, err := svc.Plan(context.Background(), doc("안녕하세요 회의를 요약합니다"), Options{Settings: tinySettings()})
	if err != nil {
		t.Fatal(err)
	}
	// [<bos>] ▁안녕하세요 ▁회의 를 ▁요약합니다 (H-models' probe of the tiny vocabulary).
	if p.Tokens != 4 || !p.FitsOnePass || p.Parts != 1 || p.Context != 8192 {
		t.Errorf("plan %+v", p)
	}
}
