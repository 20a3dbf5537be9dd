package llama

import (
	"fmt"
	"runtime"
	"sync"
)

// Model is an opaque struct llama_model *.
type Model uintptr

// Vocab is an opaque const struct llama_vocab *, owned by its Model.
type Vocab uintptr

// ModelParams mirrors struct llama_model_params field for field (80 bytes on
// 64-bit systems; see sizes_test.go). Padding is explicit because purego
// copies the struct by value as laid out in Go.
//
//	struct llama_model_params {
//	    ggml_backend_dev_t * devices;
//	    const struct llama_model_tensor_buft_override * tensor_buft_overrides;
//	    int32_t n_gpu_layers;
//	    enum llama_split_mode split_mode;
//	    enum llama_load_mode  load_mode;
//	    enum llama_lazy_mode lazy_mode;
//	    int32_t main_gpu;
//	    const float * tensor_split;
//	    llama_progress_callback progress_callback;
//	    void * progress_callback_user_data;
//	    const struct llama_model_kv_override * kv_overrides;
//	    bool vocab_only; bool check_tensors; bool use_extra_bufts;
//	    bool no_host; bool no_alloc; bool load_mtp;
//	};
type ModelParams struct {
	Devices                  *Device // NULL-terminated list; nil = all devices
	TensorBuftOverrides      uintptr
	NGPULayers               int32 // negative = all layers
	SplitMode                int32
	LoadMode                 int32 // LoadMode* below
	LazyMode                 int32
	MainGPU                  int32
	_                        [4]byte
	TensorSplit              uintptr
	ProgressCallback         uintptr
	ProgressCallbackUserData uintptr
	KVOverrides              uintptr
	VocabOnly                bool
	CheckTensors             bool
	UseExtraBufts            bool // CPU weight repacking
	NoHost                   bool
	NoAlloc                  bool
	LoadMTP                  bool
	_                        [2]byte
}

// Load modes, as enum llama_load_mode.
const (
	LoadModeAuto  = -1
	LoadModeNone  = 0 // read the file into memory
	LoadModeMmap  = 1
	LoadModeMlock = 2
)

// struct llama_model_params llama_model_default_params(void);
var llamaModelDefaultParams func() ModelParams

// struct llama_model * llama_model_load_from_file(const char * path_model, struct llama_model_params params);
var llamaModelLoadFromFile func(path string, params ModelParams) Model

// void llama_model_free(struct llama_model * model);
var llamaModelFree func(m Model)

// const struct llama_vocab * llama_model_get_vocab(const struct llama_model * model);
var llamaModelGetVocab func(m Model) Vocab

// int32_t llama_model_n_ctx_train(const struct llama_model * model);
var llamaModelNCtxTrain func(m Model) int32

// int32_t llama_model_n_layer(const struct llama_model * model);
var llamaModelNLayer func(m Model) int32

// int32_t llama_model_desc(const struct llama_model * model, char * buf, size_t buf_size);
var llamaModelDesc func(m Model, buf *byte, size uintptr) int32

// uint64_t llama_model_size(const struct llama_model * model);
var llamaModelSize func(m Model) uint64

// uint64_t llama_model_n_params(const struct llama_model * model);
var llamaModelNParams func(m Model) uint64

// int32_t llama_model_meta_val_str(const struct llama_model * model, const char * key, char * buf, size_t buf_size);
var llamaModelMetaValStr func(m Model, key string, buf *byte, size uintptr) int32

var modelSymbols = []symbol{
	{name: "llama_model_default_params", fptr: &llamaModelDefaultParams},
	{name: "llama_model_load_from_file", fptr: &llamaModelLoadFromFile},
	{name: "llama_model_free", fptr: &llamaModelFree},
	{name: "llama_model_get_vocab", fptr: &llamaModelGetVocab},
	{name: "llama_model_n_ctx_train", fptr: &llamaModelNCtxTrain},
	{name: "llama_model_n_layer", fptr: &llamaModelNLayer},
	{name: "llama_model_desc", fptr: &llamaModelDesc},
	{name: "llama_model_size", fptr: &llamaModelSize},
	{name: "llama_model_n_params", fptr: &llamaModelNParams},
	{name: "llama_model_meta_val_str", fptr: &llamaModelMetaValStr},
}

// DefaultModelParams returns llama.cpp's defaults.
func DefaultModelParams() ModelParams { return llamaModelDefaultParams() }

// progress routing: one C callback for the process, its user data a key
// into progressFns.
var (
	progressOnce sync.Once
	progressCB   uintptr
	progressFns  registry[func(float32) bool]
)

func progressCall(key uintptr, frac float32) uintptr {
	if fn := progressFns.get(key); fn != nil && !fn(frac) {
		return 0
	}
	return 1
}

// LoadModel loads a GGUF file. progress (may be nil) gets the fraction loaded
// and returns false to abort the load. cpuOnly restricts the model to the
// CPU even when a GPU backend is loaded (an empty device list). On failure
// the error carries llama.cpp's log lines, the only account of the cause.
func LoadModel(path string, p ModelParams, cpuOnly bool, progress func(frac float32) bool) (Model, error) {
	progressOnce.Do(func() { progressCB = newProgressCallback() })
	if progress != nil {
		key := progressFns.add(progress)
		defer progressFns.remove(key)
		p.ProgressCallback = progressCB
		p.ProgressCallbackUserData = key
	}
	// {NULL}: no offload devices. A Go pointer inside a struct passed by
	// value is not kept in place by the call (cgo's rules, which purego
	// follows, pin only direct pointer arguments): pin it.
	var none [1]Device
	var pin runtime.Pinner
	defer pin.Unpin()
	if cpuOnly {
		pin.Pin(&none[0])
		p.Devices = &none[0]
		p.NGPULayers = 0
	}
	seq := LogSeq()
	m := llamaModelLoadFromFile(path, p)
	if m == 0 {
		return 0, fmt.Errorf("llama_model_load_from_file(%s) failed: %s", path, LogSummary(seq))
	}
	return m, nil
}

// Free releases the model. Contexts made from it must be freed first.
func (m Model) Free() { llamaModelFree(m) }

// Vocab returns the model's vocabulary (valid while the model is).
func (m Model) Vocab() Vocab { return llamaModelGetVocab(m) }

// TrainedContext is the context length the model was trained with.
func (m Model) TrainedContext() int { return int(llamaModelNCtxTrain(m)) }

// Layers is the number of repeating layers.
func (m Model) Layers() int { return int(llamaModelNLayer(m)) }

// Size is the total size of the weights in bytes.
func (m Model) Size() uint64 { return llamaModelSize(m) }

// Params is the number of weights.
func (m Model) Params() uint64 { return llamaModelNParams(m) }

// Desc is llama.cpp's short description ("gemma 2B Q4_0").
func (m Model) Desc() string {
	buf := make([]byte, 256)
	n := llamaModelDesc(m, &buf[0], uintptr(len(buf)))
	if n < 0 {
		return ""
	}
	return string(buf[:min(int(n), len(buf)-1)])
}

// Meta returns a metadata value as a string, false when absent.
func (m Model) Meta(key string) (string, bool) {
	buf := make([]byte, 512)
	for {
		n := llamaModelMetaValStr(m, key, &buf[0], uintptr(len(buf)))
		if n < 0 {
			return "", false
		}
		if int(n) < len(buf) {
			return string(buf[:n]), true
		}
		buf = make([]byte, n+1)
	}
}
