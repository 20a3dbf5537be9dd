package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/app/usererr"
)

// pump makes the test goroutine the UI thread: the bridge hands it every UI
// call and waits, and the test runs them while it waits for a condition.
// So widgets are only ever touched by one goroutine, as in the app, and the
// race detector would see it if they were not.
type pump struct{ calls chan func() }

func newPump() *pump { return &pump{calls: make(chan func())} }

func (p *pump) do(f func()) {
	done := make(chan struct{})
	p.calls <- func() { f(); close(done) }
	<-done
}

// safetyNet only keeps a broken test from hanging the suite; no test
// depends on how long anything takes.
const safetyNet = 20 * time.Second

// until runs UI calls until cond holds.
func (p *pump) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(safetyNet)
	defer deadline.Stop()
	poll := time.NewTicker(5 * time.Millisecond) // for conditions no UI call announces
	defer poll.Stop()
	for !cond() {
		select {
		case f := <-p.calls:
			f()
		case <-poll.C:
		case <-deadline.C:
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// untilf is until with a description of the state when it gives up.
func (p *pump) untilf(t *testing.T, what string, cond func() bool, state func() string) {
	t.Helper()
	deadline := time.NewTimer(safetyNet)
	defer deadline.Stop()
	poll := time.NewTicker(5 * time.Millisecond)
	defer poll.Stop()
	for !cond() {
		select {
		case f := <-p.calls:
			f()
		case <-poll.C:
		case <-deadline.C:
			t.Fatalf("gave up waiting for %s: %s", what, state())
		}
	}
}

// drain runs UI calls until the bridge is closed.
func (p *pump) closeBridge(b *bridge) {
	done := make(chan struct{})
	go func() { b.Close(); close(done) }()
	for {
		select {
		case f := <-p.calls:
			f()
		case <-done:
			return
		}
	}
}

// scripted is a summarizer that writes a fixed answer piece by piece, one
// piece each time the test sends on gate, and stops when cancelled.
type scripted struct {
	answer     []string // pieces
	gate       chan struct{}
	resolveErr error
	planErr    error
	ground     bool // link the answer to the transcript, as the service does

	mu     sync.Mutex
	runs   int
	docs   []transcript.Document
	closed bool
}

func newScripted(answer ...string) *scripted {
	return &scripted{answer: answer, gate: make(chan struct{})}
}

func (s *scripted) Plan(ctx context.Context, doc transcript.Document, opts app.Options) (app.Plan, error) {
	if s.planErr != nil {
		return app.Plan{}, s.planErr
	}
	n := doc.Chars()
	return app.Plan{Chars: n, Tokens: n / 2, Parts: 1, FitsOnePass: true, Model: "scripted"}, nil
}

func (s *scripted) ResolveModel(name string) (app.ModelInfo, error) {
	if s.resolveErr != nil {
		return app.ModelInfo{}, s.resolveErr
	}
	return app.ModelInfo{Name: "scripted"}, nil
}

func (s *scripted) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return nil
}

func (s *scripted) Summarize(ctx context.Context, doc transcript.Document, opts app.Options, emit func(app.Event)) (app.Result, error) {
	s.mu.Lock()
	s.runs++
	s.docs = append(s.docs, doc)
	s.mu.Unlock()
	fail := func(err error) (app.Result, error) {
		emit(app.Failed{Err: err})
		return app.Result{}, err
	}
	emit(app.Progress{Phase: app.PhaseReadingPrompt, Pass: app.PassWhole, Done: 5, Total: 10})
	var p summary.Parser
	sum := func(writing bool) summary.Summary { return p.Summary() }
	if s.ground {
		l := summary.NewLinker(grounding.New(doc))
		sum = func(writing bool) summary.Summary { return l.Ground(p.Summary(), writing) }
	}
	for i, piece := range s.answer {
		select {
		case <-ctx.Done():
			return fail(ctx.Err())
		case <-s.gate:
		}
		emit(app.Piece{Text: piece, Pass: app.PassWhole})
		p.Feed(piece)
		emit(app.Update{Summary: sum(p.Writing()), Pass: app.PassWhole})
		emit(app.Progress{Phase: app.PhaseGenerating, Pass: app.PassWhole, Done: i + 1, Total: 1024})
	}
	select {
	case <-ctx.Done():
		return fail(ctx.Err())
	case <-s.gate:
	}
	p.Close()
	res := app.Result{Summary: sum(false), Text: p.Raw(), Stats: app.Stats{Tokens: len(s.answer), Parts: 1, Passes: 1}}
	emit(app.Done{Summary: res.Summary, Text: res.Text, Stats: res.Stats, Model: "scripted"})
	return res, nil
}

// fakeHub is a model hub with one catalog entry whose download never ends
// until cancelled.
type fakeHub struct{}

func (fakeHub) Models() ([]app.ModelChoice, error) {
	return []app.ModelChoice{{Name: "gemma-summary-v01", Title: "Gemma Summary", Size: 1630000000, Default: true,
		Catalog: true, License: "Gemma Terms of Use"}}, nil
}
func (fakeHub) AcceptLicense(context.Context, string) error { return nil }
func (fakeHub) Pull(ctx context.Context, _ string, progress func(app.PullProgress)) error {
	progress(app.PullProgress{Done: 500_000_000, Total: 1_630_000_000, BytesPerSec: 12_000_000})
	<-ctx.Done()
	return ctx.Err()
}
func (fakeHub) InspectModel(path string) (app.ModelFile, error) {
	return app.ModelFile{Path: path}, nil
}
func (fakeHub) AddModel(_ context.Context, path string) (app.ModelChoice, error) {
	return app.ModelChoice{Name: filepath.Base(path), Title: filepath.Base(path), Path: path, Downloaded: true}, nil
}
func (fakeHub) RemoveModel(context.Context, string) error { return nil }

// newTestWindow builds the window on a fresh test app with its own
// preferences; the returned pump is its UI thread.
func newTestWindow(t *testing.T, d deps, prefs ...func(fyne.Preferences)) (*window, *pump) {
	t.Helper()
	a := test.NewTempApp(t)
	installDeferredWrites()
	p := newPump()
	d.uiDo = p.do
	if d.models == nil {
		d.models = fakeHub{}
	}
	a.Preferences().SetString(app.PrefLanguage, usererr.Korean)
	for _, f := range prefs {
		f(a.Preferences())
	}
	w := newWindow(a, d)
	w.win.Resize(fyne.NewSize(1100, 720))
	t.Cleanup(func() {
		if w.cancel != nil {
			w.cancel()
		}
		w.in.cancelPlan()
		go func() { w.work.Wait() }()
		p.closeBridge(w.br)
	})
	return w, p
}

// writeFile writes data to a file named name in a temporary folder.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// viewText is what a RichText shows, one segment (or list item) a line.
func viewText(segs []widget.RichTextSegment) string {
	var b strings.Builder
	for _, s := range segs {
		if l, ok := s.(*widget.ListSegment); ok {
			b.WriteString(viewText(l.Items))
			continue
		}
		if p, ok := s.(*widget.ParagraphSegment); ok {
			for _, t := range p.Texts {
				b.WriteString(t.Textual())
			}
			b.WriteString("\n")
			continue
		}
		b.WriteString(s.Textual())
		b.WriteString("\n")
	}
	return b.String()
}
