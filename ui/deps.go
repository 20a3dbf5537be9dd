package ui

import (
	"context"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/transcript"
)

// summarizer is what the window needs of app.Service; tests that need
// deterministic text put a scripted one in its place (and at least one test
// drives the real Service).
type summarizer interface {
	Plan(ctx context.Context, doc transcript.Document, opts app.Options) (app.Plan, error)
	Summarize(ctx context.Context, doc transcript.Document, opts app.Options, emit func(app.Event)) (app.Result, error)
	ResolveModel(name string) (app.ModelInfo, error)
	Close() error
}

var _ summarizer = (*app.Service)(nil)

// historyStore is what the window needs of history.Store.
type historyStore interface {
	List() ([]history.Entry, error)
	Get(id string) (history.Entry, error)
	Delete(id string) error
}

// historyOf avoids a non-nil interface around a nil store.
func historyOf(s *history.Store) historyStore {
	if s == nil {
		return nil
	}
	return s
}

// deps are the window's collaborators.
type deps struct {
	svc     summarizer
	history historyStore // nil: no history (its button is disabled)
	models  modelHub
	drafts  *app.Drafts // nil: no draft kept (tests)
	// uiDo replaces fyne.DoAndWait in the bridge (headless tests); nil in the app.
	uiDo func(func())
}
