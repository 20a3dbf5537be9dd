package inference

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/yoyak/yoyak/inference/llama"
)

// One Generate call, step by step: plan sizes the context, run.do sets up
// the context, sampler, batch and cancellation, readPrompt decodes the
// prompt in batches and generate decodes one token at a time.

// plan is what a request asks of the context: its size, batch and threads.
type plan struct {
	maxTokens, nctx, nbatch  int
	genThreads, batchThreads int
	gov                      *governor // nil: fixed threads
}

// plan sizes a run of req over a prompt of n tokens: the context is the
// request's (or the model's trained one, or 4096), and the answer gets what
// the prompt leaves of it, at most req.MaxTokens.
func (m *Model) plan(req Request, n int) (plan, error) {
	limit := m.m.TrainedContext()
	if req.ContextSize > 0 && (limit <= 0 || req.ContextSize < limit) {
		limit = req.ContextSize
	}
	if limit <= 0 {
		limit = 4096
	}
	if n+minAnswer > limit {
		return plan{}, fmt.Errorf("generate: prompt of %d tokens, context of %d: %w", n, limit, ErrPromptTooLong)
	}
	p := plan{maxTokens: req.MaxTokens}
	if p.maxTokens <= 0 || p.maxTokens > limit-n { // not n+max > limit: it could overflow
		p.maxTokens = limit - n
	}
	p.nctx = contextTokens(n+p.maxTokens, limit)
	p.nbatch = req.BatchSize
	if p.nbatch <= 0 {
		p.nbatch = DefaultBatchSize
	}
	p.nbatch = min(p.nbatch, p.nctx)
	p.genThreads, p.batchThreads = DefaultThreads(runtime.NumCPU())
	p.gov = m.governor(req)
	if req.Threads > 0 {
		p.genThreads, p.batchThreads = req.Threads, req.Threads
	}
	if req.BatchThreads > 0 {
		p.batchThreads = req.BatchThreads
	}
	return p, nil
}

// run is one Generate call's state once its prompt is tokenized. Its steps
// fill res, which Generate returns with their error.
type run struct {
	m     *Model
	ctx   context.Context
	on    func(Event) bool
	plan  plan
	lctx  llama.Context
	cc    *cachedContext
	batch *llama.TokenBatch
	abort *llama.AbortFlag
	res   Result
}

// do runs the plan on prompt: it sets up the context, the sampler (which
// sees the prompt), the batch and cancellation, then reads the prompt and,
// unless readOnly, generates.
func (r *run) do(prompt []Token, sampling Sampling, readOnly bool) error {
	m, p := r.m, r.plan
	lctx, err := m.context(p.nctx, p.nbatch, max(p.genThreads, p.batchThreads), p.gov != nil)
	if err != nil {
		return err
	}
	r.lctx, r.cc = lctx, m.cache
	r.res.ContextSize = lctx.Size()
	lctx.SetThreads(p.gov.start(p.genThreads), p.batchThreads)
	r.res.CachedTokens = m.reuse(r.cc, prompt)

	chain, err := m.sampler(sampling, lctx.Size())
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	defer chain.Free()
	// The repeat penalty (and DRY) look at the prompt too, as Hugging Face does.
	for _, t := range prompt {
		chain.Accept(t)
	}

	if r.batch, err = llama.NewTokenBatch(p.nbatch); err != nil {
		return fmt.Errorf("generate: %w: %w", ErrOutOfMemory, err)
	}
	defer r.batch.Free()

	// Cancellation: the flag is set from ctx (context.AfterFunc: no goroutine
	// lives on after Generate) and checked by llama_decode between graph
	// nodes while the prompt is read, and between tokens after that.
	r.abort = llama.NewAbortFlag()
	defer r.abort.Release()
	stopWatch := context.AfterFunc(r.ctx, r.abort.Set)
	defer stopWatch()
	lctx.SetAbort(r.abort)
	defer lctx.SetAbort(nil)

	if ended, err := r.readPrompt(prompt); ended || err != nil {
		return err
	}
	if readOnly {
		r.res.Stop = TokenLimit
		return nil
	}
	return r.generate(chain, len(prompt))
}

// stopping says whether the run was cancelled. The flag serves C's abort
// callback; Go's own checks also ask ctx, which is cancelled synchronously,
// while the flag is set by an AfterFunc goroutine a moment later.
func (r *run) stopping() bool { return r.ctx.Err() != nil || r.abort.IsSet() }

// cancelled ends the run as Cancelled with ctx's error.
func (r *run) cancelled() error {
	r.res.Stop = Cancelled
	// A cancelled decode leaves part of a batch in the KV cache.
	r.m.keepRead(r.cc)
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return context.Canceled
}

// readPrompt decodes what the KV cache does not hold yet of prompt, a batch
// at a time, reporting progress; ended: the run ends here (on stopped it,
// it was cancelled, or a decode failed with err).
func (r *run) readPrompt(prompt []Token) (ended bool, err error) {
	start := time.Now()
	if !r.on(PromptProgress{Done: r.res.CachedTokens, Total: len(prompt)}) {
		r.res.Stop = Stopped
		return true, nil
	}
	for i := r.res.CachedTokens; i < len(prompt); i += r.plan.nbatch {
		if r.stopping() {
			return true, r.cancelled()
		}
		j := min(i+r.plan.nbatch, len(prompt))
		r.batch.Set(prompt[i:j], i)
		code, err := r.lctx.Decode(r.batch)
		if code == llama.DecodeAborted || r.stopping() {
			return true, r.cancelled()
		}
		if err != nil {
			r.m.forget(r.cc)
			return true, fmt.Errorf("generate: read prompt: %w", err)
		}
		r.cc.tokens = append(r.cc.tokens, prompt[i:j]...)
		if !r.on(PromptProgress{Done: j, Total: len(prompt)}) {
			r.res.PromptTime = time.Since(start)
			r.res.Stop = Stopped
			return true, nil
		}
	}
	r.res.PromptTime = time.Since(start)
	return false, nil
}

// generate samples and decodes one token at a time, from position pos,
// streaming whole UTF-8 pieces to on, until end of generation, the token
// limit, a stop from on or cancellation. No abort callback here (it costs a
// Go call per graph node): the flag is checked between tokens.
func (r *run) generate(chain llama.Sampler, pos int) error {
	m, lctx, res := r.m, r.lctx, &r.res
	lctx.SetAbort(nil)
	start := time.Now()
	timed := func(err error) error { res.GenTime = time.Since(start); return err }
	var hold utf8Holdback
	var piece []byte
	var err error
	res.Stop = TokenLimit
	for res.GeneratedTokens < r.plan.maxTokens {
		if r.stopping() {
			return timed(r.cancelled())
		}
		tok := chain.Sample(lctx)
		if m.vocab.IsEOG(tok) {
			res.Stop = EndOfGeneration
			break
		}
		res.GeneratedTokens++
		if piece, err = m.vocab.Piece(piece[:0], tok, false); err != nil {
			m.forget(r.cc)
			return fmt.Errorf("generate: token %d: %w", res.GeneratedTokens, err)
		}
		if text := hold.Push(piece); text != "" {
			if !r.on(Piece{Text: text, Tokens: res.GeneratedTokens}) {
				res.Stop = Stopped
				break
			}
		}
		if res.GeneratedTokens == r.plan.maxTokens {
			break // the last token needs no decode
		}
		r.batch.Set([]llama.Token{tok}, pos)
		pos++
		t0 := time.Now()
		code, err := lctx.Decode(r.batch)
		r.plan.gov.adapt(m, lctx, time.Since(t0), r.plan.batchThreads)
		if code == llama.DecodeAborted || r.stopping() {
			return timed(r.cancelled())
		}
		if err != nil {
			m.forget(r.cc)
			return timed(fmt.Errorf("generate: token %d: %w", res.GeneratedTokens, err))
		}
	}
	timed(nil) // GenTime ends at the last token, before the held-back flush
	if res.Stop != Stopped {
		if text := hold.Flush(); text != "" {
			r.on(Piece{Text: text, Tokens: res.GeneratedTokens})
		}
	}
	return nil // the answer's KV cells are dropped by the next reuse
}
