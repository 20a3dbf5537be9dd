package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/inference/remote"
	"github.com/yoyak/yoyak/models"
)

// Config is what a Service is built with; everything is optional.
type Config struct {
	// RuntimeDir is the llama.cpp runtime folder; "" lets the engine search
	// (beside the executable, the checkout's runtime/, $YOYAK_RUNTIME).
	RuntimeDir string
	// ModelsDir is the models store's folder; "" is its default
	// ($YOYAK_DATA_DIR/models, else the xdg data folder's yoyak/models).
	ModelsDir string
	// History keeps finished summaries; nil keeps none (the command line).
	History *history.Store
	// Engine loads models; nil means llama.cpp.
	Engine Engine
	// Log receives the runtime's log lines; nil drops them.
	Log func(level int, msg string)
	// Remote holds the timeouts (and, in tests, the HTTP client) for runs on
	// a server (Settings.Server); its URL, key and model come from settings.
	Remote remote.Options
}

// Options are one run's choices.
type Options struct {
	// Settings for the run; validated by Summarize and Plan. Use
	// DefaultSettings() as the base.
	Settings Settings
}

// Result is what a successful Summarize returns; Done carries the same.
type Result struct {
	Summary   summary.Summary // the final answer, parsed
	Text      string          // the final answer as the model wrote it (repeat trimmed)
	Partials  []string        // the partial summaries of a split run, in order (nil when it fit one pass)
	Stats     Stats
	Model     ModelInfo // the model that wrote it
	HistoryID string    // the history entry kept, "" when none
}

// Service runs summaries. It keeps the loaded model between runs and loads
// it again only when the model or the GPU setting changes. Summarize runs
// one at a time (a second call waits for the first); Plan may run beside a
// Summarize. Close frees the model.
type Service struct {
	cfg    Config
	engine Engine

	run chan struct{} // a token held by Summarize and Close: one run at a time

	// count is held across a count's loading and tokenizing (withCounter)
	// and by whatever frees a model a count may use; never by a method the
	// UI thread calls (ResolveModel, Models), so they never wait on it.
	// Order: run, then count, then mu.
	count sync.Mutex

	storeMu sync.Mutex // guards store (below) alone: opening it never waits on mu

	mu     sync.Mutex // guards the fields below
	full   *loaded    // a model loaded for generation
	vocab  *loaded    // a vocabulary-only model for counting
	store  *models.Store
	closed bool
	using  string // the model file a running Summarize uses, "" when none runs

	probe *prober // trial loads in a child process; nil with a Config.Engine

	prefill prefillSlot // the background reading a run stops (prefill.go)
}

// loaded is a model kept between runs.
type loaded struct {
	path string
	gpu  bool
	m    Model
}

// ErrClosed is returned by a Service used after Close.
var ErrClosed = errors.New("service closed")

// NewService returns a Service; it loads nothing until the first Plan or
// Summarize.
func NewService(cfg Config) *Service {
	s := &Service{cfg: cfg, engine: cfg.Engine, run: make(chan struct{}, 1)}
	if s.engine == nil {
		s.probe = newProber(cfg.RuntimeDir, cfg.ModelsDir)
		s.engine = llamaEngine{dir: cfg.RuntimeDir, log: cfg.Log, probe: s.probe.check}
	}
	return s
}

// Close frees the loaded models. It waits for a running Summarize to end:
// cancel its context first. The Service is unusable afterwards.
func (s *Service) Close() error {
	s.prefill.stop()
	s.run <- struct{}{}
	defer func() { <-s.run }()
	s.count.Lock()
	defer s.count.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	var errs []error
	for _, l := range []*loaded{s.full, s.vocab} {
		if l != nil {
			errs = append(errs, l.m.Close())
		}
	}
	s.full, s.vocab = nil, nil
	return errors.Join(errs...)
}

// Plan says how a document will be summarized with the given settings: its
// size in characters and tokens (counted with the model's own tokenizer,
// loading only the vocabulary when the model is not loaded yet) and whether
// it fits one pass or is split into parts. It is cheap enough to call after
// each edit (debounced), but not on the UI thread: the first call loads the
// model's vocabulary, and a call waits while Summarize loads a model.
func (s *Service) Plan(ctx context.Context, doc transcript.Document, opts Options) (Plan, error) {
	if err := opts.Settings.Validate(); err != nil {
		return Plan{}, err
	}
	if opts.Settings.Server.On {
		return s.planRemote(ctx, doc, opts)
	}
	info, err := s.ResolveModel(opts.Settings.Model)
	if err != nil {
		return Plan{}, err
	}
	var p Plan
	err = s.withCounter(ctx, info, func(m Model) error {
		lay, err := layout(m, info, opts.Settings, doc.Text)
		if err != nil {
			return err
		}
		p = lay.plan(doc, info)
		return nil
	})
	return p, err
}

// Prompts returns the exact prompt texts (what follows BOS) a run would send
// in its first passes: one when the document fits, else one per part.
func (s *Service) Prompts(ctx context.Context, doc transcript.Document, opts Options) ([]string, error) {
	if err := opts.Settings.Validate(); err != nil {
		return nil, err
	}
	if opts.Settings.Server.On {
		return s.promptsRemote(ctx, doc, opts)
	}
	info, err := s.ResolveModel(opts.Settings.Model)
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.withCounter(ctx, info, func(m Model) error {
		lay, err := layout(m, info, opts.Settings, doc.Text)
		if err != nil {
			return err
		}
		for _, p := range lay.parts {
			out = append(out, info.Template.Build(p))
		}
		return nil
	})
	return out, err
}

// withCounter calls f with a model that can tokenize info's file: the full
// model when it is loaded, else a vocabulary-only one (kept for next time).
// It holds s.count, not s.mu, across the load and f, so the UI thread's
// calls never wait on tokenizing; f's model stops at the next Tokenize
// once ctx is cancelled.
func (s *Service) withCounter(ctx context.Context, info ModelInfo, f func(Model) error) error {
	s.count.Lock()
	defer s.count.Unlock()
	s.mu.Lock()
	closed := s.closed
	var m Model
	if s.full != nil && s.full.path == info.Path {
		m = s.full.m
	} else if s.vocab != nil && s.vocab.path == info.Path {
		m = s.vocab.m
	}
	old := s.vocab
	if m == nil {
		s.vocab = nil
	}
	s.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if m == nil {
		if old != nil {
			old.m.Close()
		}
		v, err := s.engine.Load(ctx, info.Path, LoadOptions{VocabOnly: true}, nil)
		if err != nil {
			return loadError(info, err)
		}
		s.mu.Lock()
		s.vocab = &loaded{path: info.Path, m: v}
		s.mu.Unlock()
		m = v
	}
	return f(ctxModel{Model: m, ctx: ctx})
}

// ctxModel refuses to tokenize once ctx is cancelled: a count of a long
// transcript, line by line, ends at the next line.
type ctxModel struct {
	Model
	ctx context.Context
}

func (c ctxModel) Tokenize(text string, addBOS bool) ([]inference.Token, error) {
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	return c.Model.Tokenize(text, addBOS)
}

// model returns the full model for info, loading it (and freeing another)
// when needed. Only Summarize calls it, holding the run token, so no other
// full load runs at once; the lock is not held while loading, so Plan and
// the emit callback never wait on each other.
func (s *Service) model(ctx context.Context, info ModelInfo, gpu bool, emit func(Event)) (Model, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	if s.full != nil && s.full.path == info.Path && s.full.gpu == gpu {
		m := s.full.m
		s.mu.Unlock()
		return m, nil
	}
	s.mu.Unlock()
	// A count may be tokenizing with the old model: free it after.
	s.count.Lock()
	s.mu.Lock()
	old := s.full
	s.full = nil
	s.mu.Unlock()
	if old != nil {
		old.m.Close()
	}
	s.count.Unlock()
	emit(Progress{Phase: PhaseLoadingModel, Total: 1000})
	m, err := s.engine.Load(ctx, info.Path, LoadOptions{GPU: gpu}, func(frac float64) {
		emit(Progress{Phase: PhaseLoadingModel, Done: int(frac * 1000), Total: 1000})
	})
	if err != nil {
		return nil, loadError(info, err)
	}
	s.count.Lock()
	defer s.count.Unlock()
	s.mu.Lock()
	s.full = &loaded{path: info.Path, gpu: gpu, m: m}
	v := s.vocab
	s.vocab = nil // the full model counts tokens from now on
	s.mu.Unlock()
	if v != nil {
		v.m.Close()
	}
	return m, nil
}

// Summarize summarizes doc, reporting progress, pieces and parsed updates to
// emit (on this goroutine; emit may be nil) and ending with Done or Failed.
// Runs take turns: a second call waits for the first (or its ctx).
// A cancelled ctx stops it promptly with context.Canceled and keeps nothing
// in history. The finished summary is kept in Config.History when set.
func (s *Service) Summarize(ctx context.Context, doc transcript.Document, opts Options, emit func(Event)) (res Result, err error) {
	if emit == nil {
		emit = func(Event) {}
	}
	defer func() {
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				err = ctx.Err()
			}
			emit(Failed{Err: err})
		}
	}()
	if err := opts.Settings.Validate(); err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	s.prefill.stop() // a run takes the model from background reading
	// A run on a server goes beside others: the server queues them.
	if opts.Settings.Server.On {
		return s.summarizeRemote(ctx, doc, opts, emit)
	}
	select {
	case s.run <- struct{}{}:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	defer func() { <-s.run }()
	start := time.Now()
	info, err := s.ResolveModel(opts.Settings.Model)
	if err != nil {
		return Result{}, err
	}
	// RemoveModel refuses this file until the run ends.
	s.mu.Lock()
	s.using = info.Path
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.using = ""
		s.mu.Unlock()
	}()
	m, err := s.model(ctx, info, opts.Settings.GPU, emit)
	if err != nil {
		return Result{}, err
	}
	r := runner{m: m, info: info, set: opts.Settings, emit: emit, link: summary.NewLinker(grounding.New(doc))}
	return s.runAndKeep(ctx, &r, doc, info, start, emit)
}

// runAndKeep runs r over the transcript, then keeps the result in history
// and reports Done: the one ending of a run on this computer or a server.
func (s *Service) runAndKeep(ctx context.Context, r *runner, doc transcript.Document, info ModelInfo, start time.Time, emit func(Event)) (Result, error) {
	res, err := r.summarize(ctx, doc.Text)
	if err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	res.Model = info
	res.Stats.Elapsed = time.Since(start)
	if s.cfg.History != nil {
		e, err := s.cfg.History.Add(historyEntry(doc, res))
		if err != nil {
			return Result{}, usererr.New("요약은 끝났지만 기록에 저장하지 못했습니다.",
				"The summary is done but could not be saved to history.", err)
		}
		res.HistoryID = e.ID
	}
	emit(Done{Summary: res.Summary, Text: res.Text, Stats: res.Stats, Model: res.Model.Name})
	return res, nil
}

// loadError gives a model that failed to load a user message naming it.
func loadError(info ModelInfo, err error) error {
	if _, ok := usererr.Find(err); ok {
		return err
	}
	return fmt.Errorf("load model %s: %w", info.Path, err)
}

// historyEntry is what history keeps of a finished run.
func historyEntry(doc transcript.Document, res Result) history.Entry {
	return history.Entry{
		Source: doc.Name, Model: res.Model.Name,
		Chars: doc.Chars(), Excerpt: history.Excerpt(doc.Text), Hash: history.Hash(doc.Text),
		Summary: res.Summary, Text: res.Text,
		Parts: res.Stats.Parts, Tokens: res.Stats.Tokens, Elapsed: res.Stats.Elapsed,
	}
}

// Render returns the summary for saving or printing: for summary.Text the
// answer as the model wrote it (repeat trimmed, ending in a newline), for
// Markdown and JSON summary.Render of the parsed summary.
func (r Result) Render(f summary.Format) string {
	if f == summary.Markdown || f == summary.JSON {
		return summary.Render(r.Summary, f)
	}
	t := strings.TrimSpace(r.Text)
	if t == "" {
		return ""
	}
	return t + "\n"
}
