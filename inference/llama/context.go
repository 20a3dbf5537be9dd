package llama

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Context is an opaque struct llama_context *.
type Context uintptr

// ContextParams mirrors struct llama_context_params field for field (160
// bytes on 64-bit systems; see sizes_test.go).
//
//	struct llama_context_params {
//	    uint32_t n_ctx; uint32_t n_batch; uint32_t n_ubatch; uint32_t n_seq_max;
//	    uint32_t n_rs_seq; uint32_t n_outputs_max; uint32_t n_outputs_max_per_seq;
//	    int32_t  n_threads; int32_t  n_threads_batch;
//	    enum llama_context_type ctx_type; enum llama_rope_scaling_type rope_scaling_type;
//	    enum llama_pooling_type pooling_type; enum llama_attention_type attention_type;
//	    enum llama_flash_attn_type flash_attn_type;
//	    float rope_freq_base; float rope_freq_scale; float yarn_ext_factor;
//	    float yarn_attn_factor; float yarn_beta_fast; float yarn_beta_slow;
//	    uint32_t yarn_orig_ctx; float defrag_thold;
//	    ggml_backend_sched_eval_callback cb_eval; void * cb_eval_user_data;
//	    enum ggml_type type_k; enum ggml_type type_v;
//	    ggml_abort_callback abort_callback; void * abort_callback_data;
//	    bool embeddings; bool offload_kqv; bool no_perf; bool op_offload;
//	    bool swa_full; bool kv_unified;
//	    struct llama_sampler_seq_config * samplers; size_t n_samplers;
//	    struct llama_context * ctx_other;
//	};
type ContextParams struct {
	NCtx              uint32
	NBatch            uint32
	NUbatch           uint32
	NSeqMax           uint32
	NRsSeq            uint32
	NOutputsMax       uint32
	NOutputsMaxPerSeq uint32
	NThreads          int32 // generation (one token at a time)
	NThreadsBatch     int32 // prompt reading
	CtxType           int32
	RopeScalingType   int32
	PoolingType       int32
	AttentionType     int32
	FlashAttnType     int32
	RopeFreqBase      float32
	RopeFreqScale     float32
	YarnExtFactor     float32
	YarnAttnFactor    float32
	YarnBetaFast      float32
	YarnBetaSlow      float32
	YarnOrigCtx       uint32
	DefragThold       float32
	CbEval            uintptr
	CbEvalUserData    uintptr
	TypeK             int32
	TypeV             int32
	AbortCallback     uintptr
	AbortCallbackData uintptr
	Embeddings        bool
	OffloadKQV        bool
	NoPerf            bool
	OpOffload         bool
	SwaFull           bool
	KVUnified         bool
	_                 [2]byte
	Samplers          uintptr
	NSamplers         uintptr
	CtxOther          uintptr
}

// struct llama_context_params llama_context_default_params(void);
var llamaContextDefaultParams func() ContextParams

// struct llama_context * llama_init_from_model(struct llama_model * model, struct llama_context_params params);
var llamaInitFromModel func(m Model, params ContextParams) Context

// void llama_free(struct llama_context * ctx);
var llamaFree func(c Context)

// uint32_t llama_n_ctx(const struct llama_context * ctx);
var llamaNCtx func(c Context) uint32

// void llama_set_n_threads(struct llama_context * ctx, int32_t n_threads, int32_t n_threads_batch);
var llamaSetNThreads func(c Context, nThreads, nThreadsBatch int32)

// void llama_set_abort_callback(struct llama_context * ctx, ggml_abort_callback abort_callback, void * abort_callback_data);
var llamaSetAbortCallback func(c Context, cb uintptr, data uintptr)

// llama_memory_t llama_get_memory(const struct llama_context * ctx);
var llamaGetMemory func(c Context) uintptr

// void llama_memory_clear(llama_memory_t mem, bool data);
var llamaMemoryClear func(mem uintptr, data bool)

var contextSymbols = []symbol{
	{name: "llama_context_default_params", fptr: &llamaContextDefaultParams},
	{name: "llama_init_from_model", fptr: &llamaInitFromModel},
	{name: "llama_free", fptr: &llamaFree},
	{name: "llama_n_ctx", fptr: &llamaNCtx},
	{name: "llama_set_n_threads", fptr: &llamaSetNThreads},
	{name: "llama_set_abort_callback", fptr: &llamaSetAbortCallback},
	{name: "llama_get_memory", fptr: &llamaGetMemory},
	{name: "llama_memory_clear", fptr: &llamaMemoryClear},
}

// DefaultContextParams returns llama.cpp's defaults.
func DefaultContextParams() ContextParams { return llamaContextDefaultParams() }

// NewContext creates an inference context (KV cache, compute buffers). A
// failure is nearly always memory: the error carries llama.cpp's log lines.
func NewContext(m Model, p ContextParams) (Context, error) {
	seq := LogSeq()
	c := llamaInitFromModel(m, p)
	if c == 0 {
		return 0, fmt.Errorf("llama_init_from_model(n_ctx=%d, n_batch=%d) failed: %s", p.NCtx, p.NBatch, LogSummary(seq))
	}
	return c, nil
}

// Free releases the context and its KV cache.
func (c Context) Free() { llamaFree(c) }

// Size is the context length in tokens actually allocated.
func (c Context) Size() int { return int(llamaNCtx(c)) }

// SetThreads sets the threads for generation and for prompt batches.
func (c Context) SetThreads(gen, batch int) { llamaSetNThreads(c, int32(gen), int32(batch)) }

// ClearMemory empties the KV cache, for reuse from position 0. A context
// without memory (llama_get_memory returns NULL for models that keep none)
// has nothing to clear.
func (c Context) ClearMemory() {
	if mem := llamaGetMemory(c); mem != 0 {
		llamaMemoryClear(mem, true)
	}
}

// Abort flags, routed like progress: one C callback per process, its user
// data a key into abortFlags.
var (
	abortOnce  sync.Once
	abortCB    uintptr
	abortFlags registry[*atomic.Bool]
)

// AbortFlag is a flag llama_decode checks between graph nodes: once set,
// llama_decode returns 2 (aborted) at the next check.
type AbortFlag struct {
	key  uintptr
	flag atomic.Bool
}

// NewAbortFlag registers a flag; Release it when done.
func NewAbortFlag() *AbortFlag {
	abortOnce.Do(func() {
		// typedef bool (*ggml_abort_callback)(void * data);
		abortCB = newCallback(func(key uintptr) uintptr {
			if f := abortFlags.get(key); f != nil && f.Load() {
				return 1
			}
			return 0
		})
	})
	a := &AbortFlag{}
	a.key = abortFlags.add(&a.flag)
	return a
}

// Set asks the decode in progress (and every later one) to stop.
func (a *AbortFlag) Set() { a.flag.Store(true) }

// IsSet reports whether Set was called.
func (a *AbortFlag) IsSet() bool { return a.flag.Load() }

// Release unregisters the flag.
func (a *AbortFlag) Release() { abortFlags.remove(a.key) }

// SetAbort makes llama_decode on c consult flag (nil: no callback, which
// costs nothing per graph node; the generation loop checks between tokens).
func (c Context) SetAbort(flag *AbortFlag) {
	if flag == nil {
		llamaSetAbortCallback(c, 0, 0)
		return
	}
	llamaSetAbortCallback(c, abortCB, flag.key)
}
