package app

import (
	"context"
	"time"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

// This file is Service's side of a run on a shared server: the same
// planning, map/reduce and parsing as on this computer, with the server's
// tokenizer and per-slot context, and the passes of a split run sent up to
// the server's free slots at once.

// ServerInfo is what "test connection" / `yoyak server check` reports.
type ServerInfo struct {
	Kind    string // "llama-server", "vLLM", "Ollama", "OpenAI-compatible"
	URL     string // the base address used
	Host    string
	Model   string
	Models  []string // every model the server lists
	Context int      // tokens per request (per slot); an assumption when !ContextKnown
	// ContextKnown: the server reported its context.
	ContextKnown bool
	Slots        int // requests it runs at once; 0 when it does not say
	// CountsTokens: the server has a tokenizer endpoint; false: token
	// counts are estimated from characters (see remote.EstimateTokens).
	CountsTokens bool
	// Insecure: plain http to another machine — the text crosses the
	// network unencrypted.
	Insecure bool
}

// CheckServer connects to the server set names and says what it found. It
// makes network calls: never call it on the UI thread.
func (s *Service) CheckServer(ctx context.Context, set ServerSettings) (ServerInfo, error) {
	set.On = true
	if err := set.validate(); err != nil {
		return ServerInfo{}, err
	}
	rm, info, err := s.remoteModel(ctx, set)
	if err != nil {
		return ServerInfo{}, err
	}
	defer rm.Close()
	si := rm.srv.Info()
	return ServerInfo{
		Kind: si.Kind.String(), URL: si.URL, Host: set.Host(), Model: si.Model, Models: si.Models,
		Context: info.ContextLength, ContextKnown: si.Context > 0, Slots: si.Slots,
		CountsTokens: si.CountsTokens, Insecure: set.Insecure(),
	}, nil
}

// checkOpen returns ErrClosed after Close: a closed Service starts no run,
// local or remote.
func (s *Service) checkOpen() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	return nil
}

// planRemote is Plan on the server.
func (s *Service) planRemote(ctx context.Context, doc transcript.Document, opts Options) (Plan, error) {
	if err := s.checkOpen(); err != nil {
		return Plan{}, err
	}
	m, info, err := s.remoteModel(ctx, opts.Settings.Server)
	if err != nil {
		return Plan{}, err
	}
	defer m.Close()
	lay, err := layout(m, info, opts.Settings, doc.Text)
	if err != nil {
		return Plan{}, err
	}
	return lay.plan(doc, info), nil
}

// promptsRemote is Prompts on the server (its tokenizer decides the parts).
func (s *Service) promptsRemote(ctx context.Context, doc transcript.Document, opts Options) ([]string, error) {
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	m, info, err := s.remoteModel(ctx, opts.Settings.Server)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	lay, err := layout(m, info, opts.Settings, doc.Text)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(lay.parts))
	for i, p := range lay.parts {
		out[i] = info.Template.Build(p)
	}
	return out, nil
}

// summarizeRemote is Summarize on the server. Unlike a local run it does
// not wait for other runs: the server queues requests beyond its slots, and
// a folder's transcripts may be in flight together (`--jobs`).
func (s *Service) summarizeRemote(ctx context.Context, doc transcript.Document, opts Options, emit func(Event)) (Result, error) {
	if err := s.checkOpen(); err != nil {
		return Result{}, err
	}
	start := time.Now()
	m, info, err := s.remoteModel(ctx, opts.Settings.Server)
	if err != nil {
		return Result{}, err
	}
	defer m.Close()
	r := runner{m: m, info: info, set: opts.Settings, emit: emit, jobs: m.FreeSlots(ctx),
		link: summary.NewLinker(grounding.New(doc))}
	return s.runAndKeep(ctx, &r, doc, info, start, emit)
}
