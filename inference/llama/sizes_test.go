package llama

import (
	"testing"
	"unsafe"
)

// The sizes and offsets below were computed from the headers of the pinned
// release (include/llama.h of node-llama-cpp 3.21.1's llama.cpp "v0.4.0") by
// a throwaway C program printing sizeof/offsetof on linux-amd64. A header
// change that moves a field shows up here before it corrupts a call.
func TestStructLayoutMatchesHeader(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("layouts computed for 64-bit targets")
	}
	var mp ModelParams
	var cp ContextParams
	var b Batch
	var tp ThreadpoolParams
	cases := []struct {
		name      string
		got, want uintptr
	}{
		{"sizeof(llama_model_params)", unsafe.Sizeof(mp), 80},
		{"llama_model_params.n_gpu_layers", unsafe.Offsetof(mp.NGPULayers), 16},
		{"llama_model_params.main_gpu", unsafe.Offsetof(mp.MainGPU), 32},
		{"llama_model_params.tensor_split", unsafe.Offsetof(mp.TensorSplit), 40},
		{"llama_model_params.progress_callback", unsafe.Offsetof(mp.ProgressCallback), 48},
		{"llama_model_params.kv_overrides", unsafe.Offsetof(mp.KVOverrides), 64},
		{"llama_model_params.vocab_only", unsafe.Offsetof(mp.VocabOnly), 72},
		{"llama_model_params.load_mtp", unsafe.Offsetof(mp.LoadMTP), 77},

		{"sizeof(llama_context_params)", unsafe.Sizeof(cp), 160},
		{"llama_context_params.n_threads", unsafe.Offsetof(cp.NThreads), 28},
		{"llama_context_params.ctx_type", unsafe.Offsetof(cp.CtxType), 36},
		{"llama_context_params.rope_freq_base", unsafe.Offsetof(cp.RopeFreqBase), 56},
		{"llama_context_params.defrag_thold", unsafe.Offsetof(cp.DefragThold), 84},
		{"llama_context_params.cb_eval", unsafe.Offsetof(cp.CbEval), 88},
		{"llama_context_params.type_k", unsafe.Offsetof(cp.TypeK), 104},
		{"llama_context_params.abort_callback", unsafe.Offsetof(cp.AbortCallback), 112},
		{"llama_context_params.embeddings", unsafe.Offsetof(cp.Embeddings), 128},
		{"llama_context_params.kv_unified", unsafe.Offsetof(cp.KVUnified), 133},
		{"llama_context_params.samplers", unsafe.Offsetof(cp.Samplers), 136},
		{"llama_context_params.n_samplers", unsafe.Offsetof(cp.NSamplers), 144},
		{"llama_context_params.ctx_other", unsafe.Offsetof(cp.CtxOther), 152},

		{"sizeof(llama_batch)", unsafe.Sizeof(b), 56},
		{"llama_batch.token", unsafe.Offsetof(b.Token), 8},
		{"llama_batch.logits", unsafe.Offsetof(b.Logits), 48},

		{"sizeof(llama_sampler_chain_params)", unsafe.Sizeof(SamplerChainParams{}), 1},

		{"sizeof(ggml_threadpool_params)", unsafe.Sizeof(tp), 528},
		{"ggml_threadpool_params.n_threads", unsafe.Offsetof(tp.NThreads), 512},
		{"ggml_threadpool_params.poll", unsafe.Offsetof(tp.Poll), 520},
		{"ggml_threadpool_params.paused", unsafe.Offsetof(tp.Paused), 525},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %d, header says %d", c.name, c.got, c.want)
		}
	}
}
