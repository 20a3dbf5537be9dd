package inference

import (
	"errors"

	"github.com/yoyak/yoyak/inference/llama"
	"github.com/yoyak/yoyak/models/gguf"
)

// Sentinel errors a caller branches on (test with errors.Is); each names a
// problem a user can act on. Returned errors wrap them with the cause and the
// path or symbol involved.
var (
	// ErrNoRuntime: no llama.cpp runtime folder was found. The message lists
	// every path tried and the command that fetches one (`make runtime`).
	ErrNoRuntime = errors.New("llama.cpp runtime not found")
	// ErrRuntimeVersion: the runtime is another llama.cpp release than the
	// one this build's binding was written for (a symbol is missing or the
	// build metadata names another release).
	ErrRuntimeVersion = errors.New("llama.cpp runtime is the wrong version")
	// ErrNotGGUF: the model file is not a (readable) GGUF file.
	ErrNotGGUF = gguf.ErrNotGGUF
	// ErrTruncated: the model file ends before its data does (an interrupted
	// download or copy).
	ErrTruncated = gguf.ErrTruncated
	// ErrUnsupportedArch: the model's architecture is not one llama.cpp runs.
	ErrUnsupportedArch = gguf.ErrUnsupportedArch
	// ErrHyperparams: a hyperparameter (layer, head or expert count, a
	// duplicate token) is one llama.cpp would abort the process on.
	ErrHyperparams = gguf.ErrHyperparams
	// ErrSystemTooOld: the system's C/C++ runtime is older than the llama.cpp
	// libraries need (Linux: glibc 2.34, GLIBCXX 3.4.29); the message names
	// the systems that work.
	ErrSystemTooOld = llama.ErrSystemTooOld
	// ErrOutOfMemory: the model or its context (KV cache, compute buffers)
	// could not be allocated; a smaller context or the CPU may work.
	ErrOutOfMemory = errors.New("not enough memory for the model or its context")
	// ErrPromptTooLong: the prompt leaves no room to generate in the context.
	ErrPromptTooLong = errors.New("prompt is longer than the context")
	// ErrLoadFailed: llama.cpp refused the model for a reason not covered
	// above (its log lines are in the message).
	ErrLoadFailed = errors.New("llama.cpp could not load the model")
	// ErrClosed: the model was closed.
	ErrClosed = errors.New("model is closed")
)
