package ui

import (
	"context"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/models/synthetic"
)

// stuckEngine's loads wait until the test ends: a vocabulary load that
// takes as long as the test wants.
type stuckEngine struct {
	loading chan struct{} // receives when a load starts
	stop    chan struct{}
}

func (e stuckEngine) Load(ctx context.Context, path string, opts app.LoadOptions, progress func(float64)) (app.Model, error) {
	select {
	case e.loading <- struct{}{}:
	case <-e.stop:
	}
	select {
	case <-e.stop:
	case <-ctx.Done():
	}
	return nil, context.Canceled
}

var _ app.Engine = stuckEngine{}

// While a plan loads the model's vocabulary, what the UI thread does with
// the service — the model button's status, the model menu — returns at
// once: the service holds no lock they need across the load.
func TestWindowStaysResponsiveWhileAPlanLoads(t *testing.T) {
	model := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(model, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	e := stuckEngine{loading: make(chan struct{}), stop: make(chan struct{})}
	svc := app.NewService(app.Config{Engine: e, ModelsDir: filepath.Join(t.TempDir(), "models")})
	t.Cleanup(func() { svc.Close() })
	var stopOnce sync.Once
	t.Cleanup(func() { stopOnce.Do(func() { close(e.stop) }) }) // runs first: the load ends
	w, p := newTestWindow(t, deps{svc: svc, models: svc}, func(pr fyne.Preferences) { pr.SetString(app.PrefModel, model) })
	test.Type(w.in.editor, "회의 내용입니다.")
	for loading := false; !loading; { // the plan's debounce fires through the bridge
		select {
		case f := <-p.calls:
			f()
		case <-e.loading:
			loading = true
		}
	}
	// On this goroutine, the harness's UI thread, as a click would run
	// them. If they wait on the load, a watchdog ends the load so the test
	// can report it rather than hang.
	var waited atomic.Bool
	watchdog := time.AfterFunc(30*time.Second, func() { waited.Store(true); stopOnce.Do(func() { close(e.stop) }) })
	w.refreshModel()
	w.showModelMenu()
	watchdog.Stop()
	if waited.Load() {
		t.Fatal("the UI thread waited on the plan's model load")
	}
}
