package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/inference"
)

// slowEngine is a fakeEngine whose vocabulary loads and token counts each
// wait for a release, announcing that they started: a count that takes as
// long as the test wants.
type slowEngine struct {
	fakeEngine
	started chan string   // "load" or "tokenize", when one begins to wait
	release chan struct{} // one receive lets one load or tokenize finish
	stop    chan struct{} // closed when the test ends: everything finishes
}

func (e *slowEngine) wait(step string) {
	select {
	case e.started <- step:
	case <-e.stop:
		return
	}
	select {
	case <-e.release:
	case <-e.stop:
	}
}

func (e *slowEngine) Load(ctx context.Context, path string, opts LoadOptions, progress func(float64)) (Model, error) {
	e.wait("load")
	m, err := e.fakeEngine.Load(ctx, path, opts, progress)
	if err != nil {
		return nil, err
	}
	return slowModel{Model: m, e: e}, nil
}

type slowModel struct {
	Model
	e *slowEngine
}

func (m slowModel) Tokenize(text string, addBOS bool) ([]inference.Token, error) {
	m.e.wait("tokenize")
	return m.Model.Tokenize(text, addBOS)
}

// returnsPromptly fails when f does not return while the slow engine is
// held: the bound is generous, only a real wait on the count can reach it.
func returnsPromptly(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s waited on a token count in progress", what)
	}
}

// What the window calls on its UI thread (ResolveModel, Models) returns
// while a Plan is loading a vocabulary or tokenizing, and a cancelled Plan
// stops at the next line it would count.
func TestUIMethodsDoNotWaitOnACount(t *testing.T) {
	e := &slowEngine{started: make(chan string), release: make(chan struct{}), stop: make(chan struct{})}
	e.script = func(string) []string { return nil }
	svc := NewService(Config{Engine: e, ModelsDir: filepath.Join(t.TempDir(), "models")})
	t.Cleanup(func() { svc.Close() })
	t.Cleanup(func() { close(e.stop) }) // first: a failed test does not hang in Close
	doc := transcript.Document{Name: "t.txt", Text: "첫 줄입니다.\n둘째 줄입니다.\n"}
	opts := Options{Settings: DefaultSettings()}
	opts.Settings.Model = tinyPath

	ctx, cancel := context.WithCancel(context.Background())
	planned := make(chan error, 1)
	go func() {
		_, err := svc.Plan(ctx, doc, opts)
		planned <- err
	}()
	uiCalls := func(phase string) {
		returnsPromptly(t, "ResolveModel during "+phase, func() { svc.ResolveModel("") })
		returnsPromptly(t, "Models during "+phase, func() { svc.Models() })
	}
	if got := <-e.started; got != "load" {
		t.Fatalf("first step %q, want load", got)
	}
	uiCalls("a vocabulary load")
	e.release <- struct{}{}
	if got := <-e.started; got != "tokenize" {
		t.Fatalf("second step %q, want tokenize", got)
	}
	uiCalls("tokenizing")
	cancel()
	e.release <- struct{}{}
	// The next count sees the cancelled context and does not start.
	select {
	case err := <-planned:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Plan = %v", err)
		}
	case step := <-e.started:
		t.Fatalf("a cancelled Plan went on to %s", step)
	}
}
