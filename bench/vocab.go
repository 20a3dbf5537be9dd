package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/yoyak/yoyak/models/gguf"
	"github.com/yoyak/yoyak/models/synthetic"
)

// The benchmark model gets Gemma's real vocabulary (packaging/
// fetch-gemma-vocab.sh installs it, `make bench` runs that first), so token
// counts, splits and prompt speeds are those users of the real model see.

// gemmaVocabDir is where fetch-gemma-vocab.sh installs the package.
func gemmaVocabDir() string {
	if d := os.Getenv("YOYAK_GEMMA_VOCAB_DIR"); d != "" {
		return d
	}
	return filepath.Join(filepath.Dir(cacheDir()), "gemma-vocab")
}

// gemmaTokenizerJSON is the installed tokenizer.json, or an error saying how
// to install it.
func gemmaTokenizerJSON() (string, error) {
	p := filepath.Join(gemmaVocabDir(), "node_modules", "@lenml", "tokenizer-gemini", "models", "tokenizer.json")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("gemma vocabulary: %w (run packaging/fetch-gemma-vocab.sh)", err)
	}
	return p, nil
}

// quickShape is a small model with the real vocabulary for -quick runs on a
// shared machine: Gemma-2B's vocabulary, KV head and head size, fewer and
// narrower layers (~0.2 GB instead of 1.5).
var quickShape = synthetic.Shape{
	Name: "yoyak-synthetic-gemma-quick", Layers: 4, Embd: 512, Heads: 2, KVHeads: 1, HeadDim: 256, FFN: 2048,
	ContextLength: 8192, MatrixType: gguf.TypeQ4_0, EmbedType: gguf.TypeQ8_0, Seed: 3,
}

// ensureGemmaModel writes shape with Gemma's vocabulary to path once.
func ensureGemmaModel(path string, shape synthetic.Shape) (string, error) {
	if _, err := gguf.Inspect(path); err == nil {
		return path, nil
	}
	tj, err := gemmaTokenizerJSON()
	if err != nil {
		return "", err
	}
	shape.TokenizerJSON = tj
	fmt.Fprintf(os.Stderr, "writing %s with Gemma's vocabulary to %s (once)...\n", shape.Name, path)
	if err := synthetic.Write(path, shape); err != nil {
		return "", fmt.Errorf("write synthetic model: %w", err)
	}
	return path, nil
}

var errNoNode = errors.New("node is not installed")
