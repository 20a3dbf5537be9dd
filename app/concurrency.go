package app

import (
	"context"
	"errors"
	"sync"

	"github.com/yoyak/yoyak/inference"
)

// This file runs the passes of one round of a split run (the parts, or a
// round of combining) at once when the engine can: a shared server with
// several free slots. The local engine runs one pass at a time (runner.jobs
// is 0), exactly as before.

// passes runs pass kind over each text and returns their answers in order.
// With r.jobs ≤ 1 they run one after another; otherwise up to r.jobs at a
// time, each on its own runner (its own stats, merged at the end), the first
// failure cancelling the others. Events reach r.emit one at a time and in
// the order a sequential run sends them (see leadEmitter).
func (r *runner) passes(ctx context.Context, lay textLayout, texts []string, kind Pass) ([]string, error) {
	out := make([]string, len(texts))
	if r.jobs <= 1 || len(texts) <= 1 {
		for i, t := range texts {
			o, err := r.pass(ctx, lay, t, kind, i+1, len(texts))
			if err != nil {
				return nil, err
			}
			out[i] = o.text
		}
		return out, nil
	}
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	done := make([]bool, len(texts))
	lead := newLeadEmitter(r.emit, len(texts))
	subs := make([]runner, len(texts))
	sem := make(chan struct{}, r.jobs)
	var wg sync.WaitGroup
	for i := range texts {
		subs[i] = runner{m: r.m, info: r.info, set: r.set, emit: lead.forPart(i)}
	}
	// Passes start in order (a slot is taken before the next is started),
	// so the lead is always among the running ones.
	for i, t := range texts {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			defer lead.finished(i)
			o, err := subs[i].pass(ctx, lay, t, kind, i+1, len(texts))
			if err != nil {
				cancel(err)
				return
			}
			out[i], done[i] = o.text, true
		}()
	}
	wg.Wait()
	for i := range subs {
		r.merge(&subs[i])
	}
	if err := context.Cause(ctx); err != nil {
		if errors.Is(err, inference.ErrPromptTooLong) && parent.Err() == nil {
			return r.passesOneByOne(parent, lay, texts, kind, out, done)
		}
		return nil, err // the first failure (or the caller's cancellation)
	}
	return out, nil
}

// passesOneByOne runs the passes of a round that are not done yet one at a
// time, and every later round too. A server whose slots share one KV cache
// (llama-server's default without --parallel, "kv_unified") reports the
// whole context as each slot's, so parts sized to fill it overflow the
// cache when they run at once; one at a time they fit. A part that is
// really too long fails again, with the same error.
func (r *runner) passesOneByOne(ctx context.Context, lay textLayout, texts []string, kind Pass, out []string, done []bool) ([]string, error) {
	r.jobs = 1
	for i, t := range texts {
		if done[i] {
			continue
		}
		o, err := r.pass(ctx, lay, t, kind, i+1, len(texts))
		if err != nil {
			return nil, err
		}
		out[i] = o.text
	}
	return out, nil
}

// merge adds a sub-runner's counts to r's.
func (r *runner) merge(o *runner) {
	r.stats.Tokens += o.stats.Tokens
	r.stats.PromptTokens += o.stats.PromptTokens
	r.stats.CachedTokens += o.stats.CachedTokens
	r.stats.Passes += o.stats.Passes
	r.stats.EmptyAnswers += o.stats.EmptyAnswers
	r.stats.TokenLimit = r.stats.TokenLimit || o.stats.TokenLimit
	r.stats.Stopped = r.stats.Stopped || o.stats.Stopped
	r.genTime += o.genTime
}

// leadEmitter serializes the events of passes running at once and keeps
// them in a sequential run's order, so a window that shows "part 2/5" and
// the part summary being written sees one part at a time: the events of the
// lowest unfinished pass (the lead) go out as they come; the others' are
// held and go out when their pass becomes the lead.
type leadEmitter struct {
	mu   sync.Mutex
	emit func(Event)
	lead int
	held [][]Event
	done []bool
}

func newLeadEmitter(emit func(Event), n int) *leadEmitter {
	return &leadEmitter{emit: emit, held: make([][]Event, n), done: make([]bool, n)}
}

// forPart returns the emit function of pass i.
func (l *leadEmitter) forPart(i int) func(Event) {
	return func(ev Event) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if i == l.lead {
			l.emit(ev)
			return
		}
		l.held[i] = append(l.held[i], ev)
	}
}

// finished marks pass i done and moves the lead on, sending what the new
// lead holds.
func (l *leadEmitter) finished(i int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.done[i] = true
	for l.lead < len(l.done) && l.done[l.lead] {
		l.lead++
		if l.lead < len(l.held) {
			for _, ev := range l.held[l.lead] {
				l.emit(ev)
			}
			l.held[l.lead] = nil
		}
	}
}
