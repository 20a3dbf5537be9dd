// Package inference runs GGUF models on llama.cpp for the rest of Yoyak, in
// plain Go: find and load the runtime (OpenRuntime), load a model
// (Runtime.LoadModel), tokenize, and stream a completion (Model.Generate)
// with prompt progress, whole-UTF-8 pieces and cancellation through a
// context. The C side lives in inference/llama; no C pointer leaves this
// package.
package inference

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/yoyak/yoyak/inference/llama"
)

// RuntimeOptions says where the llama.cpp runtime is and how to use it.
type RuntimeOptions struct {
	// Dir is a runtime folder (holding libllama) or a folder of platform
	// folders; empty: discovery (see OpenRuntime).
	Dir string
	// ForceCPU prefers the CPU-only runtime folder and keeps models off GPUs.
	ForceCPU bool
	// Log, when set, receives every complete llama.cpp/ggml log line
	// (level: 1 debug, 2 info, 3 warn, 4 error). Nothing goes to stderr.
	// It is called on llama.cpp's threads: keep it short and safe for
	// concurrent use.
	Log func(level int, msg string)
}

// Device is a compute device a backend found.
type Device struct {
	Name        string // "CPU", "Vulkan0"
	Description string // the processor or GPU name
	Type        string // "CPU", "GPU", "iGPU", "accelerator"
	MemoryBytes uint64 // total memory, 0 when unknown
}

// RuntimeInfo describes the loaded runtime, for `yoyak version` and the status line.
type RuntimeInfo struct {
	Dir             string   // the folder the libraries came from
	Platform        string   // its name, e.g. "linux-x64-vulkan"
	LlamaCppVersion string   // the llama.cpp release, "v0.4.0"
	Build           string   // how the package was built (node-llama-cpp build metadata)
	Package         string   // the npm package and version the folder was unpacked from, when known
	Libraries       []string // the three libraries loaded, absolute paths
	SystemInfo      string   // llama.cpp's CPU feature line
	Devices         []Device
	ForceCPU        bool
}

// GPU reports whether a GPU device is available for offload.
func (i RuntimeInfo) GPU() bool {
	for _, d := range i.Devices {
		if d.Type == "GPU" || d.Type == "iGPU" {
			return true
		}
	}
	return false
}

// Runtime is the loaded llama.cpp (one per process).
type Runtime struct {
	info RuntimeInfo
}

var (
	rtMu     sync.Mutex
	rtLoaded *Runtime
)

// OpenRuntime finds and loads the llama.cpp runtime, once per process: later
// calls return the same Runtime (their Dir is ignored; ForceCPU still applies
// to the models they load through LoadModel options).
//
// Discovery order: opts.Dir; the executable's folder and its
// runtime/<platform> (bundles); the source checkout's runtime/<platform>
// (found walking up from the executable and the working directory); then
// $YOYAK_RUNTIME. Errors wrap ErrNoRuntime (listing every path tried and the
// fix) or ErrRuntimeVersion (naming the missing symbol or the release found).
func OpenRuntime(opts RuntimeOptions) (*Runtime, error) {
	rtMu.Lock()
	defer rtMu.Unlock()
	if opts.Log != nil {
		llama.SetLogHandler(opts.Log)
	}
	if rtLoaded != nil {
		return rtLoaded, nil
	}
	dir, err := newLocator(opts).find()
	if err != nil {
		return nil, err
	}
	rt, err := openDir(dir, opts)
	if err != nil {
		return nil, err
	}
	rtLoaded = rt
	return rt, nil
}

// buildMetadata is node-llama-cpp's _nlcBuildMetadata.json.
type buildMetadata struct {
	BuildOptions struct {
		Platform     string `json:"platform"`
		Arch         string `json:"arch"`
		GPU          any    `json:"gpu"`
		PlatformInfo struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"platformInfo"`
		LlamaCpp struct {
			Repo    string `json:"repo"`
			Release string `json:"release"`
		} `json:"llamaCpp"`
	} `json:"buildOptions"`
}

func openDir(dir string, opts RuntimeOptions) (*Runtime, error) {
	info := RuntimeInfo{Dir: dir, Platform: filepath.Base(dir), LlamaCppVersion: llama.Release, ForceCPU: opts.ForceCPU}
	if data, err := os.ReadFile(filepath.Join(dir, "_nlcBuildMetadata.json")); err == nil {
		var md buildMetadata
		if err := json.Unmarshal(data, &md); err == nil {
			b := md.BuildOptions
			if r := b.LlamaCpp.Release; r != "" && r != llama.Release {
				return nil, fmt.Errorf("%w: %s holds llama.cpp %s, this build needs %s (run `%s`)",
					ErrRuntimeVersion, dir, r, llama.Release, FixCommand)
			}
			gpu := "cpu"
			if s, ok := b.GPU.(string); ok && s != "" {
				gpu = s
			}
			info.Build = fmt.Sprintf("%s %s/%s %s, built on %s %s", b.LlamaCpp.Repo, b.Platform, b.Arch, gpu,
				b.PlatformInfo.Name, b.PlatformInfo.Version)
		}
	}
	if data, err := os.ReadFile(filepath.Join(dir, ".yoyak-runtime")); err == nil {
		if f := strings.Fields(string(data)); len(f) > 0 {
			info.Package = f[0]
		}
	}
	noDebugger()
	libs, err := llama.Load(dir)
	if err != nil {
		if errors.Is(err, llama.ErrMissingSymbol) {
			return nil, fmt.Errorf("%w: %w (run `%s`)", ErrRuntimeVersion, err, FixCommand)
		}
		return nil, fmt.Errorf("load llama.cpp from %s: %w", dir, err)
	}
	info.Libraries = []string{libs.Base, libs.GGML, libs.Llama}
	seq := llama.LogSeq()
	llama.LoadBackends(dir)
	for _, d := range llama.Devices() {
		info.Devices = append(info.Devices, Device{
			Name: d.Name, Description: d.Description, Type: deviceType(d.Type), MemoryBytes: d.TotalBytes,
		})
	}
	if len(info.Devices) == 0 {
		return nil, fmt.Errorf("%w: no backend device loaded from %s (is a libggml-cpu-* module there?): %s",
			ErrNoRuntime, dir, llama.LogSummary(seq))
	}
	info.SystemInfo = strings.TrimSpace(llama.SystemInfo())
	return &Runtime{info: info}, nil
}

func deviceType(t int) string {
	switch t {
	case llama.DeviceCPU:
		return "CPU"
	case llama.DeviceGPU:
		return "GPU"
	case llama.DeviceIGPU:
		return "iGPU"
	case llama.DeviceAccel:
		return "accelerator"
	}
	return "other"
}

// Info describes the runtime and its devices.
func (r *Runtime) Info() RuntimeInfo {
	info := r.info
	info.Devices = append([]Device(nil), r.info.Devices...)
	info.Libraries = append([]string(nil), r.info.Libraries...)
	return info
}
