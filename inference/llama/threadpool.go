package llama

import (
	"fmt"
	"sync"
)

// ThreadpoolParams mirrors struct ggml_threadpool_params (528 bytes).
//
//	struct ggml_threadpool_params {
//	    bool                cpumask[GGML_MAX_N_THREADS]; // GGML_MAX_N_THREADS = 512
//	    int                 n_threads;
//	    enum ggml_sched_priority prio;
//	    uint32_t            poll;
//	    bool                strict_cpu;
//	    bool                paused;
//	};
type ThreadpoolParams struct {
	CPUMask   [512]bool
	NThreads  int32
	Prio      int32
	Poll      uint32 // 0 no polling .. 100 aggressive
	StrictCPU bool
	Paused    bool
	_         [2]byte
}

// Threadpool is an opaque ggml_threadpool_t.
type Threadpool uintptr

// void ggml_threadpool_params_init(struct ggml_threadpool_params * p, int n_threads);
var ggmlThreadpoolParamsInit func(p *ThreadpoolParams, nThreads int32)

// ggml_backend_dev_t ggml_backend_dev_by_type(enum ggml_backend_dev_type type);
var ggmlBackendDevByType func(t int32) Device

// ggml_backend_reg_t ggml_backend_dev_backend_reg(ggml_backend_dev_t device);
var ggmlBackendDevBackendReg func(d Device) uintptr

// void * ggml_backend_reg_get_proc_address(ggml_backend_reg_t reg, const char * name);
var ggmlBackendRegGetProcAddress func(reg uintptr, name string) uintptr

// void llama_attach_threadpool(struct llama_context * ctx, ggml_threadpool_t threadpool, ggml_threadpool_t threadpool_batch);
var llamaAttachThreadpool func(c Context, tp, tpBatch Threadpool)

// void llama_detach_threadpool(struct llama_context * ctx);
var llamaDetachThreadpool func(c Context)

var threadpoolSymbols = []symbol{
	{name: "ggml_threadpool_params_init", fptr: &ggmlThreadpoolParamsInit},
	{name: "ggml_backend_dev_by_type", fptr: &ggmlBackendDevByType},
	{name: "ggml_backend_dev_backend_reg", fptr: &ggmlBackendDevBackendReg},
	{name: "ggml_backend_reg_get_proc_address", fptr: &ggmlBackendRegGetProcAddress},
	{name: "llama_attach_threadpool", fptr: &llamaAttachThreadpool},
	{name: "llama_detach_threadpool", fptr: &llamaDetachThreadpool},
}

// The CPU backend is a module ggml loads itself (libggml-cpu-<variant>), so
// its threadpool functions are found through the backend registry:
//
//	struct ggml_threadpool * ggml_threadpool_new(struct ggml_threadpool_params * params);
//	void ggml_threadpool_free(struct ggml_threadpool * threadpool);
var (
	tpOnce             sync.Once
	ggmlThreadpoolNew  func(p *ThreadpoolParams) Threadpool
	ggmlThreadpoolFree func(tp Threadpool)
)

func resolveThreadpool() {
	tpOnce.Do(func() {
		dev := ggmlBackendDevByType(DeviceCPU)
		if dev == 0 {
			return
		}
		reg := ggmlBackendDevBackendReg(dev)
		if reg == 0 {
			return
		}
		newFn := ggmlBackendRegGetProcAddress(reg, "ggml_threadpool_new")
		freeFn := ggmlBackendRegGetProcAddress(reg, "ggml_threadpool_free")
		if newFn == 0 || freeFn == 0 {
			return
		}
		registerFunc(&ggmlThreadpoolNew, newFn)
		registerFunc(&ggmlThreadpoolFree, freeFn)
	})
}

// NewThreadpool starts n CPU worker threads that live until Free. Without
// one, ggml starts and joins its threads on every decode — once per
// generated token. With sleep, workers wait for the next graph on a
// condition variable instead of polling ggml's default 50 rounds: a worker
// left idle (a decode on fewer threads than the pool) then costs nothing,
// for one wake-up per graph.
func NewThreadpool(n int, sleep bool) (Threadpool, error) {
	resolveThreadpool()
	if ggmlThreadpoolNew == nil {
		return 0, fmt.Errorf("the CPU backend exports no ggml_threadpool_new")
	}
	var p ThreadpoolParams
	ggmlThreadpoolParamsInit(&p, int32(n))
	if sleep {
		p.Poll = 0
	}
	tp := ggmlThreadpoolNew(&p)
	if tp == 0 {
		return 0, fmt.Errorf("ggml_threadpool_new(%d threads) failed", n)
	}
	return tp, nil
}

// Free stops the threads. Detach it from every context first.
func (tp Threadpool) Free() {
	if tp != 0 && ggmlThreadpoolFree != nil {
		ggmlThreadpoolFree(tp)
	}
}

// AttachThreadpool makes c compute on tp (generation) and tpBatch (prompt).
func (c Context) AttachThreadpool(tp, tpBatch Threadpool) { llamaAttachThreadpool(c, tp, tpBatch) }

// DetachThreadpool returns c to per-decode threads.
func (c Context) DetachThreadpool() { llamaDetachThreadpool(c) }
