package app

import (
	"context"

	"github.com/yoyak/yoyak/inference"
)

// Engine loads models. The default (Config.Engine nil) is llama.cpp through
// package inference; tests and the window's headless tests may supply a
// scripted one.
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
	// TrainedContext is the context length the model was trained with.
	TrainedContext() int
	// Generate runs one completion, reporting inference.PromptProgress and
	// inference.Piece events to on; on returning false stops it gracefully.
	Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error)
	// Close frees the model.
	Close() error
}
