package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/transcript"
)

// The figures of not reading the same text twice, measured through
// app.Service as the window uses it (one child process per measurement):
//
//   - reuse_ratio: time to the first answer token of a second identical run
//     ÷ the first (goal ≤ 0.05);
//   - edit_ratio: the same after changing one line near the end;
//   - prefill_ttft: seconds from pressing to the first token when the
//     transcript was opened N seconds earlier (N = its prompt tokens ÷ the
//     prompt speed measured by the first run) and read ahead meanwhile
//     (goal ≤ 1 s);
//   - long_e2e: a one-hour-meeting-sized transcript in an 8,192-token context
//     (several parts and a final pass) end to end, model loaded;
//     long_ratio is node-llama-cpp's time for the same passes (the prompts
//     Yoyak sent, the same answer lengths) run one after another with no
//     reuse ÷ Yoyak's.

// reuseConfig is what the reuse and long children measure.
type reuseConfig struct {
	Model   string `json:"model"`
	Tokens  int    `json:"tokens"`  // transcript size in tokens (about)
	Ctx     int    `json:"ctx"`     // context size
	Gen     int    `json:"gen"`     // answer tokens per pass
	OutFile string `json:"outFile"` // long: where to write the passes for node
}

// reuseResult is what the reuse child reports.
type reuseResult struct {
	PromptTokens int     `json:"prompt_tokens"`
	FirstS       float64 `json:"first_s"`
	SameS        float64 `json:"same_s"`
	EditS        float64 `json:"edit_s"`
	OpenedS      float64 `json:"opened_s"` // N: how long before pressing the transcript was opened
	PrefillS     float64 `json:"prefill_s"`
	Cached       int     `json:"cached"`      // tokens the run after prefill found read
	EditCached   int     `json:"edit_cached"` // tokens the edited run found read
}

// longResult is what the long child reports.
type longResult struct {
	Tokens int     `json:"tokens"`
	Parts  int     `json:"parts"`
	Passes int     `json:"passes"`
	E2ES   float64 `json:"e2e_s"`
	AgainS float64 `json:"again_s"` // the same transcript summarized again
}

// nodePass is one pass node-llama-cpp replays.
type nodePass struct {
	PromptFile string `json:"promptFile"`
	Gen        int    `json:"gen"`
}

func benchService(cfg reuseConfig) (*app.Service, app.Options) {
	svc := app.NewService(app.Config{ModelsDir: filepath.Join(cacheDir(), "no-store")})
	set := app.DefaultSettings()
	set.Model, set.GPU, set.MaxTokens, set.ContextSize = cfg.Model, false, cfg.Gen, cfg.Ctx
	set.Sampling = app.SamplingSettings{Custom: true, Temperature: 0, TopK: 0, TopP: 1, RepeatPenalty: 1}
	return svc, app.Options{Settings: set}
}

// meetingDoc is a transcript of about tokens tokens (these lines take
// about 3.5 bytes per token with Gemma's vocabulary); shift varies who
// speaks so two documents share nothing but the prompt template.
func meetingDoc(tokens, shift int) transcript.Document {
	var b strings.Builder
	for i := 0; b.Len() < tokens*353/100; i++ {
		b.WriteString(transcriptLine(i + shift))
	}
	return transcript.Document{Name: "meeting.txt", Text: b.String()}
}

// ttft runs Summarize until its first answer piece and returns the time it
// took and how many prompt tokens the engine found already read.
func ttft(svc *app.Service, doc transcript.Document, opts app.Options) (time.Duration, int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	var first time.Duration
	reads, cached := 0, 0
	_, err := svc.Summarize(ctx, doc, opts, func(e app.Event) {
		switch e := e.(type) {
		case app.Progress:
			if e.Phase == app.PhaseReadingPrompt {
				if reads++; reads == 2 { // the engine's first report: what it found read
					cached = e.Done
				}
			}
		case app.Piece:
			if first == 0 {
				first = time.Since(start)
				cancel()
			}
		}
	})
	if first == 0 {
		return 0, 0, fmt.Errorf("no answer token: %w", err)
	}
	return first, cached, nil
}

func runReuseChild(cfg reuseConfig) (any, error) {
	svc, opts := benchService(cfg)
	defer svc.Close()
	// Load the model (a short unrelated run), so only reading is timed.
	if _, _, err := ttft(svc, transcript.Document{Text: "안녕하세요."}, opts); err != nil {
		return nil, err
	}
	a := meetingDoc(cfg.Tokens, 0)
	plan, err := svc.Plan(context.Background(), a, opts)
	if err != nil {
		return nil, err
	}
	r := reuseResult{PromptTokens: plan.PromptTokens}
	first, _, err := ttft(svc, a, opts)
	if err != nil {
		return nil, err
	}
	same, _, err := ttft(svc, a, opts)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(a.Text, "\n")
	k := len(lines) - 4 // a line near the end
	lines[k] = strings.Replace(lines[k], ":", ": (정정) 수정된 발언입니다.", 1)
	edited := a
	edited.Text = strings.Join(lines, "")
	edit, editCached, err := ttft(svc, edited, opts)
	if err != nil {
		return nil, err
	}
	r.FirstS, r.SameS, r.EditS, r.EditCached = first.Seconds(), same.Seconds(), edit.Seconds(), editCached

	// Another transcript, opened N seconds before pressing (N: its prompt
	// at the speed just measured) and read ahead meanwhile, as the window
	// does; pressing stops the read ahead and runs.
	b := meetingDoc(cfg.Tokens, 3)
	r.OpenedS = first.Seconds()
	done := make(chan error, 1)
	go func() { done <- svc.Prefill(context.Background(), b, opts, nil) }()
	time.Sleep(first)
	pressed, cached, err := ttft(svc, b, opts)
	if perr := <-done; perr != nil && !errors.Is(perr, context.Canceled) {
		return nil, perr
	}
	if err != nil {
		return nil, err
	}
	r.PrefillS, r.Cached = pressed.Seconds(), cached
	return r, nil
}

// runLongChild summarizes a long transcript end to end, twice, and writes
// the passes it ran (prompts and answer lengths) for node-llama-cpp.
func runLongChild(cfg reuseConfig) (any, error) {
	svc, opts := benchService(cfg)
	defer svc.Close()
	if _, _, err := ttft(svc, transcript.Document{Text: "안녕하세요."}, opts); err != nil {
		return nil, err
	}
	doc := meetingDoc(cfg.Tokens, 0)
	plan, err := svc.Plan(context.Background(), doc, opts)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	res, err := svc.Summarize(context.Background(), doc, opts, nil)
	if err != nil {
		return nil, err
	}
	e2e := time.Since(start)
	start = time.Now()
	if _, err := svc.Summarize(context.Background(), doc, opts, nil); err != nil {
		return nil, err
	}
	again := time.Since(start)

	prompts, err := svc.Prompts(context.Background(), doc, opts)
	if err != nil {
		return nil, err
	}
	info, err := svc.ResolveModel(cfg.Model)
	if err != nil {
		return nil, err
	}
	if len(res.Partials) > 0 { // the final pass, over the partial summaries
		var parts []string
		for _, p := range res.Partials {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		prompts = append(prompts, info.Template.Build(strings.Join(parts, "\n\n")))
	}
	gen := res.Stats.Tokens / max(1, res.Stats.Passes)
	var passes []nodePass
	for i, p := range prompts {
		f := fmt.Sprintf("%s.%d.txt", cfg.OutFile, i)
		if err := os.WriteFile(f, []byte(p), 0o600); err != nil {
			return nil, err
		}
		passes = append(passes, nodePass{PromptFile: f, Gen: gen})
	}
	data, _ := json.Marshal(passes)
	if err := os.WriteFile(cfg.OutFile, data, 0o600); err != nil {
		return nil, err
	}
	return longResult{Tokens: plan.Tokens, Parts: plan.Parts, Passes: res.Stats.Passes, E2ES: e2e.Seconds(), AgainS: again.Seconds()}, nil
}
