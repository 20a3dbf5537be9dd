package ui

import (
	"context"

	"github.com/yoyak/yoyak/app"
)

// modelHub is what the window needs to list, get, add and remove models;
// *app.Service is one (over the models store and catalog), tests use a fake
// or a Service over a temporary store.
type modelHub interface {
	// Models lists the catalog's entries (the default first) and the
	// store's other models.
	Models() ([]app.ModelChoice, error)
	// AcceptLicense records that the person accepted name's licence.
	AcceptLicense(ctx context.Context, name string) error
	// Pull downloads a catalog model (resumable, verified); cancel with ctx.
	Pull(ctx context.Context, name string, progress func(app.PullProgress)) error
	// InspectModel validates a GGUF file and describes it.
	InspectModel(path string) (app.ModelFile, error)
	// AddModel validates a GGUF file and records it in the store (by
	// reference), so the picker and `yoyak models list` both show it.
	AddModel(ctx context.Context, path string) (app.ModelChoice, error)
	// RemoveModel takes a model out of the store (deleting the file only
	// when the store downloaded it).
	RemoveModel(ctx context.Context, name string) error
}

var _ modelHub = (*app.Service)(nil)
