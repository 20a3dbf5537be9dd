package app

import (
	"context"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/yoyak/yoyak/inference"
)

// fakeEngine is a scripted Engine: one token per character (BOS is one
// more), and an answer chosen by script from the prompt, streamed piece by
// piece. It counts loads and closes to test model reuse.
type fakeEngine struct {
	mu      sync.Mutex
	trained int
	script  func(prompt string) []string
	loads   []LoadOptions
	open    int
	prompts []string      // every prompt generated from
	block   chan struct{} // when set, each piece waits for it (or the context)
	started chan struct{} // when set, receives once per generation after the first piece
	// tokensPerPiece is how many tokens each piece stands for (a Korean
	// syllable from byte-fallback tokens is several); 0 means 1.
	tokensPerPiece int
}

func (e *fakeEngine) Load(ctx context.Context, path string, opts LoadOptions, progress func(float64)) (Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.loads = append(e.loads, opts)
	e.open++
	if progress != nil {
		progress(0.5)
		progress(1)
	}
	return &fakeModel{e: e, vocabOnly: opts.VocabOnly}, nil
}

func (e *fakeEngine) fullLoads() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, l := range e.loads {
		if !l.VocabOnly {
			n++
		}
	}
	return n
}

type fakeModel struct {
	e         *fakeEngine
	vocabOnly bool
	closed    bool
}

func (m *fakeModel) Tokenize(text string, addBOS bool) ([]inference.Token, error) {
	n := utf8.RuneCountInString(text)
	if addBOS {
		n++
	}
	return make([]inference.Token, n), nil
}

func (m *fakeModel) TrainedContext() int {
	if m.e.trained == 0 {
		return 8192
	}
	return m.e.trained
}

func (m *fakeModel) Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error) {
	if m.vocabOnly {
		panic("Generate on a vocabulary-only model")
	}
	m.e.mu.Lock()
	m.e.prompts = append(m.e.prompts, req.Prompt)
	m.e.mu.Unlock()
	prompt := utf8.RuneCountInString(req.Prompt) + 1
	if prompt+1 > req.ContextSize {
		return inference.Result{}, inference.ErrPromptTooLong
	}
	res := inference.Result{PromptTokens: prompt}
	on(inference.PromptProgress{Done: 0, Total: prompt})
	on(inference.PromptProgress{Done: prompt, Total: prompt})
	start := time.Now()
	for i, p := range m.e.script(req.Prompt) {
		if res.GeneratedTokens >= req.MaxTokens {
			res.Stop = inference.TokenLimit
			break
		}
		if m.e.block != nil && i > 0 {
			select {
			case <-m.e.block:
			case <-ctx.Done():
			}
		}
		if err := ctx.Err(); err != nil {
			res.Stop = inference.Cancelled
			return res, err
		}
		res.GeneratedTokens += max(1, m.e.tokensPerPiece)
		if !on(inference.Piece{Text: p, Tokens: res.GeneratedTokens}) {
			res.Stop = inference.Stopped
			break
		}
		if i == 0 && m.e.started != nil {
			m.e.started <- struct{}{}
		}
	}
	res.GenTime = time.Since(start) + time.Millisecond
	return res, nil
}

func (m *fakeModel) Close() error {
	m.e.mu.Lock()
	defer m.e.mu.Unlock()
	if m.closed {
		panic("closed twice")
	}
	m.closed = true
	m.e.open--
	return nil
}
