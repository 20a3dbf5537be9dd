package app

import (
	"context"

	"github.com/yoyak/yoyak/inference"
)

// Engine loads models. The default (Config.Engine nil) is llama.cpp through
// package inference; a run with Settings.Server on uses a shared server
// (engine_remote.go, package inference/remote), whose "path" means nothing
// and whose load is a connection; tests and the window's headless tests may
// supply a scripted one. The seam speaks plain Go — text, token counts,
// sampling, events — so this package learns neither llama.h nor HTTP.
type Engine interface {
	// Load loads the model file at path. progress, when not nil, receives
	// the fraction loaded.
	Load(ctx context.Context, path string, opts LoadOptions, progress func(frac float64)) (Model, error)
}

// LoadOptions say how to load a model.
type LoadOptions struct {
	// GPU offloads every layer to a GPU when the runtime found one.
	GPU bool
	// VocabOnly loads only the tokenizer (and the metadata): milliseconds,
	// for counting tokens before the whole model is needed.
	VocabOnly bool
}

// Model is the part of a loaded model the pipeline uses; *inference.Model
// is one.
type Model interface {
	// Tokenize returns text's tokens, with BOS in front when addBOS is set.
	Tokenize(text string, addBOS bool) ([]inference.Token, error)
	// TrainedContext is the most context one generation may use: the
	// length the model was trained with, or on a server the context of one
	// slot (0 when the server does not say).
	TrainedContext() int
	// Generate runs one completion, reporting inference.PromptProgress and
	// inference.Piece events to on; on returning false stops it gracefully.
	Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error)
	// Close frees the model.
	Close() error
}
