package inference

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/yoyak/yoyak/inference/llama"
)

// Request is one completion.
type Request struct {
	Prompt string
	// AddBOS puts the BOS token in front of the prompt (Gemma wants it).
	AddBOS bool
	// MaxTokens caps the tokens generated; ≤ 0: until the context is full.
	MaxTokens int
	// ContextSize caps the context (prompt + answer) in tokens; ≤ 0: the
	// model's trained context. The context allocated is only as large as
	// prompt + MaxTokens needs, so short runs stay small.
	ContextSize int
	// Threads for generation and prompt reading; ≤ 0: DefaultThreads.
	Threads int
	// BatchThreads overrides Threads for prompt reading; ≤ 0: see Threads.
	BatchThreads int
	// BatchSize is how many prompt tokens one decode reads; ≤ 0: 512.
	BatchSize int
	Sampling  Sampling
	// ReadOnly reads the prompt into the KV cache and generates nothing, so
	// a later run of a prompt that starts the same way reads only the rest.
	ReadOnly bool
}

// Sampling chooses each next token. Temperature ≤ 0 picks greedily.
type Sampling struct {
	Temperature float32
	TopK        int     // ≤ 0: off
	TopP        float32 // ≤ 0 or ≥ 1: off
	// RepeatPenalty (> 1 discourages repeats; ≤ 0 or 1: off) uses the Hugging
	// Face semantics the model cards assume: over every token in the context,
	// prompt included, when RepeatLastN is -1 (or 0).
	RepeatPenalty float32
	RepeatLastN   int // tokens looked back; -1 or 0: the whole context
	// DRYMultiplier > 0 turns on the DRY sampler (when the library has it),
	// which penalizes extending sequences that already occurred.
	DRYMultiplier float32
	// Seed for the random choice; 0: a random seed per run.
	Seed uint32
}

// Event is what Generate reports: PromptProgress or Piece.
type Event interface{ isEvent() }

// PromptProgress reports prompt tokens read so far (Done of Total); the
// first comes before any is read (Done: the tokens found in the KV cache).
type PromptProgress struct{ Done, Total int }

// Piece is generated text, always whole UTF-8 characters. Tokens is how
// many tokens the generation has produced so far, this piece's included: a
// piece is not a token (a Korean syllable held back from byte-fallback
// tokens is several), so rates are computed from Tokens.
type Piece struct {
	Text   string
	Tokens int
}

func (PromptProgress) isEvent() {}
func (Piece) isEvent()          {}

// StopReason says why a generation ended.
type StopReason int

// Stop reasons.
const (
	EndOfGeneration StopReason = iota // the model ended its answer
	TokenLimit                        // MaxTokens (or the context) was reached
	Cancelled                         // the context was cancelled
	Stopped                           // the event callback returned false
)

func (s StopReason) String() string {
	switch s {
	case EndOfGeneration:
		return "end of generation"
	case TokenLimit:
		return "token limit"
	case Cancelled:
		return "cancelled"
	case Stopped:
		return "stopped"
	}
	return fmt.Sprintf("StopReason(%d)", int(s))
}

// Result is the account of one generation.
type Result struct {
	PromptTokens, GeneratedTokens int
	Stop                          StopReason
	// ContextSize is the context allocated, in tokens.
	ContextSize int
	// CachedTokens of the prompt were found in the KV cache (kept from an
	// earlier run) and not read again: PromptTokens-CachedTokens were read.
	CachedTokens int
	// PromptTime is the time spent reading the prompt; GenTime the time
	// from then to the last token.
	PromptTime, GenTime time.Duration
}

// DefaultBatchSize is the prompt tokens read per decode.
const DefaultBatchSize = 512

// DefaultThreads returns the most threads generation uses and those for
// prompt reading on a machine with cores CPUs: every core for both. With
// the default (Request.Threads ≤ 0) on the CPU, generation adapts between
// all cores and one fewer from the time each token takes, so a competing
// process cannot collapse it (threads.go).
func DefaultThreads(cores int) (gen, batch int) {
	return max(1, cores), max(1, cores)
}

// minAnswer is the least room a prompt must leave in the context.
const minAnswer = 1

// Generate reads req.Prompt and streams the model's continuation to on as
// Piece events (after PromptProgress events while the prompt is read). It
// ends at end-of-generation, at MaxTokens, when on returns false (Stopped,
// no error), or when ctx is cancelled — within one decode step, also while
// the prompt is read — returning ctx.Err() with Stop Cancelled.
//
// One Generate runs at a time per Model (others wait); on is called on the
// caller's goroutine. on may call the model's other methods (Tokenize,
// Info, …), also while another goroutine's Close waits; it must not call
// Generate or Close on the same model, which wait for this Generate.
// Errors wrap ErrPromptTooLong or ErrOutOfMemory where those apply.
func (m *Model) Generate(ctx context.Context, req Request, on func(Event) bool) (Result, error) {
	if on == nil {
		on = func(Event) bool { return true }
	}
	m.gen.Lock()
	defer m.gen.Unlock()
	m.life.RLock()
	defer m.life.RUnlock()
	if m.closed {
		return Result{}, ErrClosed
	}
	if m.vocabOnly {
		return Result{}, errors.New("generate: model was loaded with VocabOnly")
	}
	if err := ctx.Err(); err != nil {
		return Result{Stop: Cancelled}, err
	}
	prompt, err := m.vocab.Tokenize(req.Prompt, req.AddBOS, true)
	if err != nil {
		return Result{}, fmt.Errorf("generate: tokenize prompt: %w", err)
	}
	if len(prompt) == 0 {
		return Result{}, errors.New("generate: empty prompt")
	}
	r := &run{m: m, ctx: ctx, on: on, res: Result{PromptTokens: len(prompt)}}
	if r.plan, err = m.plan(req, len(prompt)); err != nil {
		return r.res, err
	}
	err = r.do(prompt, req.Sampling, req.ReadOnly)
	return r.res, err
}

// context returns a context of at least nctx tokens and batch nbatch: the
// cached one when it fits, else a new one (the old one freed first, so two
// KV caches never coexist). Its CPU threads come from a threadpool of
// threads workers that lives with the context (cachedContext.pools): ggml
// would otherwise create and join them on every decode, i.e. for every
// generated token.
func (m *Model) context(nctx, nbatch, threads int, adaptive bool) (llama.Context, error) {
	if c := m.cache; c != nil && (c.nctx < nctx || c.nbatch != nbatch) {
		m.retire(c)
		c.free()
		m.cache = nil
	}
	if m.cache == nil {
		c, err := m.newContext(nctx, nbatch)
		if err != nil {
			return 0, err
		}
		m.cache = &cachedContext{c: c, nctx: c.Size(), nbatch: nbatch}
	}
	cc := m.cache
	key := poolKey{threads, adaptive}
	if !m.noPool && m.gpuLayers == 0 && cc.attached != key {
		// An adaptive run's workers sleep between graphs: on one core
		// fewer the idle worker must not spin (threads.go). Without a pool
		// (an old CPU module: NewThreadpool fails and returns 0) ggml's
		// per-decode threads still work.
		tp, ok := cc.pools[key]
		if !ok {
			tp, _ = llama.NewThreadpool(threads, adaptive)
		}
		if tp != 0 {
			if cc.pools == nil {
				cc.pools = map[poolKey]llama.Threadpool{}
			}
			cc.pools[key] = tp
			cc.c.AttachThreadpool(tp, tp)
			cc.attached = key
		}
	}
	return cc.c, nil
}

func (m *Model) newContext(nctx, nbatch int) (llama.Context, error) {
	p := llama.DefaultContextParams()
	p.NCtx = uint32(nctx)
	p.NBatch = uint32(nbatch)
	p.NUbatch = uint32(nbatch)
	p.NSeqMax = 1
	p.NoPerf = true
	c, err := llama.NewContext(m.m, p)
	if err != nil {
		return 0, fmt.Errorf("generate: context of %d tokens: %w: %w", nctx, ErrOutOfMemory, err)
	}
	return c, nil
}

// DRYSequenceBreakers end a DRY match: a repeat across them is not penalized.
var DRYSequenceBreakers = []string{"\n", ":", "\"", "*"}

// sampler builds the chain: penalties, DRY, then greedy or top-k, top-p,
// temperature and a seeded random pick — llama.cpp's usual order. A
// sampler llama.cpp could not create fails the whole chain.
func (m *Model) sampler(s Sampling, nctx int) (llama.Sampler, error) {
	chain, err := llama.NewChain()
	if err != nil {
		return 0, err
	}
	add := func(name string, smpl llama.Sampler) {
		if err == nil {
			err = chain.Add(smpl, name)
		} else {
			smpl.Free()
		}
	}
	lastN := s.RepeatLastN
	if lastN <= 0 {
		lastN = nctx // llama.cpp reads -1 as "off": resolve "whole context" here
	}
	if s.RepeatPenalty > 0 && s.RepeatPenalty != 1 {
		add("penalties", llama.Penalties(m.vocab.Len(), lastN, s.RepeatPenalty, 0, 0))
	}
	if s.DRYMultiplier > 0 && llama.HasDRY() {
		add("dry", llama.DRY(m.vocab, s.DRYMultiplier, 1.75, 2, lastN, DRYSequenceBreakers))
	}
	if s.Temperature <= 0 {
		add("greedy", llama.Greedy())
	} else {
		if s.TopK > 0 {
			add("top_k", llama.TopK(s.TopK))
		}
		if s.TopP > 0 && s.TopP < 1 {
			add("top_p", llama.TopP(s.TopP))
		}
		add("temp", llama.Temp(s.Temperature))
		seed := s.Seed
		if seed == 0 {
			seed = 0xFFFFFFFF // LLAMA_DEFAULT_SEED: random
		}
		add("dist", llama.Dist(seed))
	}
	if err != nil {
		chain.Free()
		return 0, err
	}
	return chain, nil
}
