package inference

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/yoyak/yoyak/inference/llama"
	"github.com/yoyak/yoyak/models/gguf"
)

// Token is a token id of a model's vocabulary.
type Token = int32

// ModelOptions says how to load a model. The zero value loads everything
// into ordinary memory on the CPU; DefaultModelOptions is what the app uses.
type ModelOptions struct {
	// GPULayers is how many layers to offload to a GPU: -1 all (when a GPU
	// device exists; ignored otherwise), 0 none.
	GPULayers int
	// UseMmap maps the file instead of reading it: fast loads, and the pages
	// are shared with the OS file cache.
	UseMmap bool
	// VocabOnly loads only the vocabulary and metadata (milliseconds), for
	// counting tokens; Generate is refused on such a model.
	VocabOnly bool
	// ForceCPU keeps the model off every GPU even when one exists.
	ForceCPU bool
	// Repack lets the CPU backend repack weights into the layouts its
	// fastest kernels read ("extra buffer types"). Measured on the
	// gemma-2b-shaped model (16-core Xeon): prompt reading ~2.7× and
	// generation faster; costs some load time and a higher peak RSS
	// (3.6 GB against 1.9 GB: the mapped file and the repacked copy are both
	// resident while loading). On by default; off for the least memory.
	Repack bool
	// PerDecodeThreads lets ggml start and stop its CPU threads on every
	// decode (llama.cpp's default) instead of keeping a threadpool alive
	// for the model's context; for comparison only.
	PerDecodeThreads bool
	// SavedCacheBytes bounds the KV caches of earlier prompts kept in
	// memory for reuse (cache.go); 0: DefaultSavedCacheBytes, < 0: none.
	SavedCacheBytes int
}

// DefaultModelOptions: every layer on the GPU when there is one, the file
// memory-mapped, weights repacked for the CPU (see Repack).
func DefaultModelOptions() ModelOptions {
	return ModelOptions{GPULayers: -1, UseMmap: true, Repack: true}
}

// Model is a loaded model. It is reused across Generate calls; one Generate
// runs at a time (a mutex serializes them), so it may be driven from a
// background goroutine while a UI runs. Close frees it.
type Model struct {
	gen       sync.Mutex   // one Generate at a time
	life      sync.RWMutex // read-held while the model is used; Close takes it to free
	rt        *Runtime
	m         llama.Model
	vocab     llama.Vocab
	path      string
	file      gguf.Info
	vocabOnly bool
	gpuLayers int
	noPool    bool
	closed    bool
	cache     *cachedContext
	saved     seqStore // KV caches of earlier prompts (cache.go)
	// lastThreads and lastInterval are where the last adaptive run's
	// thread governor ended (threads.go); 0 before any.
	lastThreads, lastInterval atomic.Int32
}

// cachedContext is the last context, kept for the next run of the same
// shape, with the threadpool it computes on (none: ggml's per-decode
// threads).
type cachedContext struct {
	c        llama.Context
	nctx     int
	nbatch   int
	attached poolKey // the pool in pools the context computes on; zero: none
	// pools holds every pool this context has computed on, by shape. The CPU
	// backend keeps a pointer to the last pool it ran a graph on and pauses
	// that pool when the next graph runs on another
	// (ggml_backend_cpu_set_threadpool): a pool freed when the settings
	// change would be locked after free at the next decode. So pools live
	// as long as the context; there are as many as thread settings used.
	pools  map[poolKey]llama.Threadpool
	tokens []Token // what sequence 0 of the KV cache holds, from position 0
}

// poolKey is a threadpool's shape: its worker count and whether its
// workers sleep between graphs (threads.go). A pool has a worker at least,
// so the zero key names none.
type poolKey struct {
	threads int
	sleep   bool
}

// free frees the context, then its pools (no graph can reach them after).
func (cc *cachedContext) free() {
	cc.c.Free()
	for _, tp := range cc.pools {
		tp.Free()
	}
	cc.pools, cc.attached = nil, poolKey{}
}

// LoadModel validates the GGUF file at path (a quick header check, so a bad
// file gives a typed error instead of crashing llama.cpp) and loads it.
// onProgress, when set, gets the fraction loaded; cancelling ctx aborts the
// load. Errors wrap ErrNotGGUF, ErrTruncated, ErrUnsupportedArch,
// ErrOutOfMemory, ErrLoadFailed or ctx.Err().
func (r *Runtime) LoadModel(ctx context.Context, path string, opts ModelOptions, onProgress func(frac float64)) (*Model, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	info, err := gguf.Inspect(path)
	if err != nil {
		switch {
		case errors.Is(err, gguf.ErrNotGGUF), errors.Is(err, gguf.ErrTruncated), errors.Is(err, gguf.ErrUnsupportedArch),
			errors.Is(err, gguf.ErrHyperparams):
			return nil, err
		case errors.Is(err, gguf.ErrVersion), errors.Is(err, gguf.ErrCorrupt):
			return nil, fmt.Errorf("%w: %w", ErrNotGGUF, err)
		}
		return nil, fmt.Errorf("load model: %w", err)
	}
	p := llama.DefaultModelParams()
	cpuOnly := opts.ForceCPU || r.info.ForceCPU || !r.info.GPU()
	p.NGPULayers = int32(opts.GPULayers)
	if cpuOnly || opts.GPULayers == 0 {
		p.NGPULayers = 0
	}
	p.LoadMode = llama.LoadModeNone
	if opts.UseMmap {
		p.LoadMode = llama.LoadModeMmap
	}
	p.VocabOnly = opts.VocabOnly
	p.UseExtraBufts = opts.Repack
	progress := func(frac float32) bool {
		if onProgress != nil && frac >= 0 {
			onProgress(float64(frac))
		}
		return ctx.Err() == nil
	}
	m, err := llama.LoadModel(path, p, cpuOnly, progress)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, fmt.Errorf("load model %s: %w", path, cerr)
		}
		if isOOM(err.Error()) {
			return nil, fmt.Errorf("load model: %w: %w", ErrOutOfMemory, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrLoadFailed, err)
	}
	return &Model{
		rt: r, m: m, vocab: m.Vocab(), path: path, file: info,
		vocabOnly: opts.VocabOnly, gpuLayers: int(p.NGPULayers), noPool: opts.PerDecodeThreads,
		saved: seqStore{budget: savedBudget(opts.SavedCacheBytes)},
	}, nil
}

// isOOM recognizes llama.cpp's allocation-failure log lines.
func isOOM(msg string) bool {
	msg = strings.ToLower(msg)
	for _, s := range []string{"failed to allocate", "out of memory", "cannot allocate", "unable to allocate", "bad_alloc", "erroroutofdevicememory"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// ModelInfo describes a loaded model.
type ModelInfo struct {
	Path           string
	Description    string // llama.cpp's, e.g. "gemma 2B Q4_0"
	Architecture   string
	Quantization   string
	Parameters     uint64
	SizeBytes      uint64
	TrainedContext int
	Layers         int
	VocabSize      int
	GPULayers      int // layers requested on a GPU (0: CPU only; -1: all)
}

// Info describes the model (the zero ModelInfo after Close).
func (m *Model) Info() ModelInfo {
	m.life.RLock()
	defer m.life.RUnlock()
	if m.closed {
		return ModelInfo{}
	}
	return ModelInfo{
		Path: m.path, Description: m.m.Desc(), Architecture: m.file.Architecture,
		Quantization: m.file.Quantization, Parameters: m.m.Params(), SizeBytes: m.m.Size(),
		TrainedContext: m.m.TrainedContext(), Layers: m.m.Layers(), VocabSize: m.vocab.Len(),
		GPULayers: m.gpuLayers,
	}
}

// TrainedContext is the context length the model was trained with (0 after Close).
func (m *Model) TrainedContext() int {
	m.life.RLock()
	defer m.life.RUnlock()
	if m.closed {
		return 0
	}
	return m.m.TrainedContext()
}

// Tokenize returns text's tokens, BOS first when addBOS is set. Control
// tokens written in the text (a prompt template's "<start_of_turn>") become
// those tokens, as the model expects. Safe to call from any goroutine, also
// while Generate runs on the same model (it only reads the vocabulary); it
// waits only while Close is freeing the model.
func (m *Model) Tokenize(text string, addBOS bool) ([]Token, error) {
	m.life.RLock()
	defer m.life.RUnlock()
	if m.closed {
		return nil, ErrClosed
	}
	toks, err := m.vocab.Tokenize(text, addBOS, true)
	if err != nil {
		return nil, fmt.Errorf("tokenize: %w", err)
	}
	return toks, nil
}

// Detokenize returns the text of tokens (control tokens such as BOS render
// as nothing).
func (m *Model) Detokenize(tokens []Token) (string, error) {
	m.life.RLock()
	defer m.life.RUnlock()
	if m.closed {
		return "", ErrClosed
	}
	s, err := m.vocab.Detokenize(tokens, false)
	if err != nil {
		return "", fmt.Errorf("detokenize: %w", err)
	}
	return s, nil
}

// TokenPiece returns the bytes of one token as a string; for a byte-fallback
// token this is a single byte, possibly part of a UTF-8 sequence.
func (m *Model) TokenPiece(t Token) string {
	m.life.RLock()
	defer m.life.RUnlock()
	if m.closed {
		return ""
	}
	p, _ := m.vocab.Piece(nil, t, false) // whatever text there is; "" for a bad token
	return string(p)
}

// IsEndOfGeneration reports whether t ends a generation.
func (m *Model) IsEndOfGeneration(t Token) bool {
	m.life.RLock()
	defer m.life.RUnlock()
	return !m.closed && m.vocab.IsEOG(t)
}

// Close frees the model and its cached context. It waits for a running
// Generate to finish (cancel its context first). Safe to call twice.
//
// It waits on gen before life: Generate calls its callback holding life
// for reading, and a Close queued on life.Lock would stop every new reader
// (sync.RWMutex lets none in while a writer waits) — a Tokenize or Info
// from inside the callback would then wait for Close, which waits for
// Generate: a deadlock. Queued on gen instead, Close lets those readers
// through.
func (m *Model) Close() error {
	m.gen.Lock()
	defer m.gen.Unlock()
	m.life.Lock()
	defer m.life.Unlock()
	if m.closed {
		return nil
	}
	m.closed = true
	if m.cache != nil {
		m.cache.free()
		m.cache = nil
	}
	m.saved = seqStore{}
	m.m.Free()
	return nil
}
