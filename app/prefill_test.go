package app

import (
	"context"
	"errors"
	"testing"
)

// With the real runtime: prefill reads the prompts Summarize sends, so the
// run after it reads only the last token of each prefilled prompt (its
// logits pick the first answer token) and whatever prefill had not read.
func TestRealPrefillThenSummarize(t *testing.T) {
	for _, c := range []struct {
		name  string
		ctx   int
		lines int
	}{{"one pass", 0, 8}, {"parts", 256, 12}} {
		t.Run(c.name, func(t *testing.T) {
			svc := realService(t, nil)
			set := tinySettings()
			set.ContextSize = c.ctx
			d := doc(meeting(c.lines))
			opts := Options{Settings: set}
			plan, err := svc.Plan(context.Background(), d, opts)
			if err != nil {
				t.Fatal(err)
			}
			var last PrefillProgress
			if err := svc.Prefill(context.Background(), d, opts, func(p PrefillProgress) { last = p }); err != nil {
				t.Fatal(Message(err, "en"), err)
			}
			prompts, err := svc.Prompts(context.Background(), d, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(prompts) != plan.Parts || last.Done != last.Total || last.Total < plan.Parts*10 {
				t.Fatalf("prefill progress %+v for %d parts", last, plan.Parts)
			}
			res, err := svc.Summarize(context.Background(), d, opts, nil)
			if err != nil {
				t.Fatal(Message(err, "en"), err)
			}
			// Every prefilled prompt is read again from its last token only.
			if want := last.Total - plan.Parts; res.Stats.CachedTokens < want {
				t.Errorf("summary after prefill found %d prompt tokens cached, want ≥ %d (stats %+v)", res.Stats.CachedTokens, want, res.Stats)
			}
			if plan.Parts == 1 && res.Stats.CachedTokens != res.Stats.PromptTokens-1 {
				t.Errorf("one pass: %d of %d cached", res.Stats.CachedTokens, res.Stats.PromptTokens)
			}
		})
	}
}

// A run takes the model from a prefill at once: the prefill ends with
// context.Canceled and the run goes on.
func TestSummarizeStopsPrefill(t *testing.T) {
	eng := &fakeEngine{
		script:  func(string) []string { return pieces(answer, 3) },
		block:   make(chan struct{}),
		started: make(chan struct{}),
	}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	opts := Options{Settings: settingsFor(modelFile(t))}
	d := doc("김민수: 예산이 늘었습니다.\n이영희: 세부안을 만들겠습니다.")
	prefilled := make(chan error, 1)
	go func() { prefilled <- svc.Prefill(context.Background(), d, opts, nil) }()
	<-eng.started // the prefill holds the model, blocked mid-read
	ran := make(chan error, 1)
	go func() {
		_, err := svc.Summarize(context.Background(), d, opts, nil)
		ran <- err
	}()
	if err := <-prefilled; !errors.Is(err, context.Canceled) {
		t.Fatalf("prefill returned %v, want context.Canceled", err)
	}
	<-eng.started // the run has the model now
	close(eng.block)
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
}

func TestPrefillThreads(t *testing.T) {
	for _, c := range []struct{ cores, want int }{{1, 1}, {2, 1}, {4, 2}, {16, 8}} {
		if got := prefillThreads(c.cores); got != c.want {
			t.Errorf("prefillThreads(%d) = %d, want %d", c.cores, got, c.want)
		}
	}
}

// One tokenizer, one answer: what the window's plan line says (counted on
// the vocabulary alone, before the model is loaded) is what the run does —
// the same parts, the same prompt tokens — and what read-ahead counts.
func TestRealPlanMatchesRunAndPrefill(t *testing.T) {
	for _, c := range []struct {
		name  string
		ctx   int
		lines int
	}{{"one pass, model's context", 0, 6}, {"parts", 256, 12}} {
		t.Run(c.name, func(t *testing.T) {
			svc := realService(t, nil)
			set := tinySettings()
			set.ContextSize = c.ctx
			d := doc(meeting(c.lines))
			opts := Options{Settings: set}
			plan, err := svc.Plan(context.Background(), d, opts) // vocabulary only
			if err != nil {
				t.Fatal(err)
			}
			var pre PrefillProgress
			if err := svc.Prefill(context.Background(), d, opts, func(p PrefillProgress) { pre = p }); err != nil {
				t.Fatal(err)
			}
			again, err := svc.Plan(context.Background(), d, opts) // the full model now
			if err != nil {
				t.Fatal(err)
			}
			if again != plan {
				t.Errorf("plan on the vocabulary %+v, on the loaded model %+v", plan, again)
			}
			res, err := svc.Summarize(context.Background(), d, opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Stats.Parts != plan.Parts {
				t.Errorf("plan says %d parts, the run made %d", plan.Parts, res.Stats.Parts)
			}
			if plan.Parts == 1 && (res.Stats.PromptTokens != plan.PromptTokens || pre.Total != plan.PromptTokens) {
				t.Errorf("plan says a prompt of %d tokens; the run read %d, read-ahead counted %d", plan.PromptTokens, res.Stats.PromptTokens, pre.Total)
			}
		})
	}
}
