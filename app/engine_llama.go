package app

import (
	"context"
	"fmt"

	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/models/gguf"
)

// llamaEngine loads models with the llama.cpp runtime found by
// inference.OpenRuntime (beside the executable, the checkout's runtime/, or
// $YOYAK_RUNTIME; Config.RuntimeDir first when set).
type llamaEngine struct {
	dir string
	log func(level int, msg string)
	// probe, when set, must pass before a file is loaded in this process
	// (see prober): a crafted file then fails in a child, not here.
	probe func(ctx context.Context, path string) error
}

func (e llamaEngine) Load(ctx context.Context, path string, opts LoadOptions, progress func(float64)) (Model, error) {
	// A file the header check refuses never reaches llama.cpp: LoadModel
	// below says what is wrong with it, without a child.
	if _, ierr := gguf.Inspect(path); ierr == nil && e.probe != nil {
		if err := e.probe(ctx, path); err != nil {
			return nil, err
		}
	}
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{Dir: e.dir, Log: e.log})
	if err != nil {
		return nil, fmt.Errorf("open runtime: %w", err)
	}
	mo := inference.DefaultModelOptions()
	mo.VocabOnly = opts.VocabOnly
	if !opts.GPU {
		mo.GPULayers, mo.ForceCPU = 0, true
	}
	m, err := rt.LoadModel(ctx, path, mo, progress)
	if err != nil {
		return nil, err
	}
	return m, nil
}
