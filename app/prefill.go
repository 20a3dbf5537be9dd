package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/inference"
)

// Prefill reads a transcript's prompts into the model's KV cache before the
// user asks for a summary: on a CPU the wait before the first word is the
// prompt, and the engine keeps what it has read (inference/cache.go), so a
// Summarize of the same text then reads only what prefill had not.
//
// It is the lowest-priority work of a Service: fewer threads than a run, and
// never in a run's way — Summarize, RemoveModel and Close stop it first and
// wait the one decode step that takes; a second Prefill replaces the first.

// PrefillProgress is how much of a transcript's prompts is in the cache:
// Done of Total prompt tokens, parts together (what a run would read).
type PrefillProgress struct{ Done, Total int }

// prefillSlot is the one Prefill that may run.
type prefillSlot struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// stop cancels the running Prefill, if any, and waits for it to let go of
// the model.
func (p *prefillSlot) stop() {
	p.mu.Lock()
	cancel, done := p.cancel, p.done
	p.mu.Unlock()
	if cancel != nil {
		cancel()
		<-done
	}
}

// prefillThreads: half the CPUs (one on two cores), leaving the rest to the
// window and whatever else the user does while the transcript is open.
func prefillThreads(cores int) int { return max(1, cores/2) }

// Prefill reads the prompt(s) Summarize would send for doc with opts — the
// whole prompt, or each part's, first part first — into the cache without
// generating, reporting progress to on (on this goroutine; may be nil). It
// loads the model when needed. It returns nil when everything is read, or
// ctx.Err() (context.Canceled also when a run, RemoveModel or Close stopped it).
func (s *Service) Prefill(ctx context.Context, doc transcript.Document, opts Options, on func(PrefillProgress)) error {
	if on == nil {
		on = func(PrefillProgress) {}
	}
	if err := opts.Settings.Validate(); err != nil {
		return err
	}
	if opts.Settings.Server.On {
		return nil // a server keeps its own prompt cache; nothing to read here
	}
	s.prefill.stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	s.prefill.mu.Lock()
	s.prefill.cancel, s.prefill.done = cancel, done
	s.prefill.mu.Unlock()
	defer func() {
		s.prefill.mu.Lock()
		if s.prefill.done == done {
			s.prefill.cancel, s.prefill.done = nil, nil
		}
		s.prefill.mu.Unlock()
	}()
	select {
	case s.run <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.run }()
	info, err := s.ResolveModel(opts.Settings.Model)
	if err != nil {
		return err
	}
	m, err := s.model(ctx, info, opts.Settings.GPU, func(Event) {})
	if err != nil {
		return err
	}
	lay, err := layout(m, info, opts.Settings, doc.Text)
	if err != nil {
		return err
	}
	return prefillParts(ctx, m, info, lay, on)
}

// prefillParts reads each part's prompt with the request pass would make
// (same context and answer room, so the same KV cache is found again).
func prefillParts(ctx context.Context, m Model, info ModelInfo, lay textLayout, on func(PrefillProgress)) error {
	prompts := make([]string, len(lay.parts))
	sizes := make([]int, len(lay.parts))
	total := 0
	for i, p := range lay.parts {
		prompts[i] = info.Template.Build(p)
		toks, err := m.Tokenize(prompts[i], true)
		if err != nil {
			return fmt.Errorf("count tokens: %w", err)
		}
		sizes[i] = len(toks)
		total += len(toks)
	}
	before := 0
	for i, prompt := range prompts {
		maxTokens := min(lay.answer, lay.ctx-sizes[i])
		if maxTokens < 1 {
			return fmt.Errorf("prompt of %d tokens in a context of %d: %w", sizes[i], lay.ctx, inference.ErrPromptTooLong)
		}
		req := inference.Request{
			Prompt: prompt, AddBOS: true, MaxTokens: maxTokens, ContextSize: lay.ctx,
			Threads: prefillThreads(runtime.NumCPU()), ReadOnly: true,
		}
		_, err := m.Generate(ctx, req, func(ev inference.Event) bool {
			if e, ok := ev.(inference.PromptProgress); ok {
				on(PrefillProgress{Done: before + e.Done, Total: total})
			}
			return ctx.Err() == nil
		})
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			return fmt.Errorf("prefill: %w", err)
		}
		before += sizes[i]
	}
	on(PrefillProgress{Done: total, Total: total})
	return nil
}
