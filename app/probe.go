package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/gguf"
)

// ErrModelCrashed: the trial load of a model file in a child process did not
// end normally (llama.cpp aborted, a signal, a timeout): the file is refused
// instead of taking the window down with it.
var ErrModelCrashed = errors.New("llama.cpp crashed on a trial load of the model")

// A model file never loaded before is first loaded in a child process, the
// same executable started with probeModelEnv set (see init below): llama.cpp
// aborts the whole process on some crafted files (GGML_ASSERT), and only a
// child can take that. The child loads the model on the CPU, reads a short
// prompt and generates one token, and exits 0 when all went well,
// probeRefused when llama.cpp refused the file politely.
const (
	probeModelEnv   = "YOYAK_PROBE_MODEL"
	probeRuntimeEnv = "YOYAK_PROBE_RUNTIME"
	probeRefused    = 3
	probeNoRuntime  = 4 // the child found no llama.cpp runtime: nothing was tried
	// probeTimeout bounds a probe: a 2B model loads in seconds; a hung
	// child is killed and its file refused.
	probeTimeout = 3 * time.Minute
	// probeCacheFile, in the models folder, remembers the files that loaded
	// (path, size, modification time), so the second load starts at once.
	probeCacheFile = "probed.json"
	probeCacheMax  = 64
)

// init turns this process into a probe child when probeModelEnv is set.
// It is an init so that every binary that can start a Service — yoyak, and
// the test binaries of app, app/cli and ui, which re-run themselves as the
// child — answers the probe before its main or TestMain runs.
func init() {
	if path := os.Getenv(probeModelEnv); path != "" {
		os.Exit(probeChild(path, os.Getenv(probeRuntimeEnv)))
	}
}

// probeChild is the child's whole work; its stderr carries the reason.
func probeChild(path, dir string) int {
	ctx := context.Background()
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{Dir: dir, ForceCPU: true})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return probeNoRuntime
	}
	mo := inference.DefaultModelOptions()
	mo.GPULayers, mo.ForceCPU, mo.Repack = 0, true, false
	m, err := rt.LoadModel(ctx, path, mo, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return probeRefused
	}
	defer m.Close()
	_, err = m.Generate(ctx, inference.Request{Prompt: "회의 요약:\n", AddBOS: true, MaxTokens: 1, ContextSize: 64, Threads: 1}, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return probeRefused
	}
	return 0
}

// prober runs probes and remembers the files that passed.
type prober struct {
	runtimeDir string
	cachePath  string
	// command builds the child; nil: this executable (os.Executable).
	command func(ctx context.Context, path string) (*exec.Cmd, error)

	turn chan struct{} // one probe at a time (a waiter's ctx still counts); guards the cache file
}

// probeKey identifies one version of a file.
type probeKey struct {
	Path  string `json:"path"`
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime_ns"`
}

func keyOf(path string) (probeKey, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return probeKey{}, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return probeKey{}, err
	}
	return probeKey{Path: abs, Size: st.Size(), MTime: st.ModTime().UnixNano()}, nil
}

// check returns nil when path loaded once before (the same size and
// modification time) or loads in a child now; else a refusal wrapping
// ErrModelCrashed (a crash) or inference.ErrLoadFailed (a polite refusal),
// or ctx.Err().
func (p *prober) check(ctx context.Context, path string) error {
	key, err := keyOf(path)
	if err != nil {
		return fmt.Errorf("probe model: %w", err)
	}
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.turn }()
	known := p.read()
	for _, k := range known {
		if k == key {
			return nil
		}
	}
	if err := p.run(ctx, key.Path); err != nil {
		return err
	}
	known = append(known, key)
	if len(known) > probeCacheMax {
		known = known[len(known)-probeCacheMax:]
	}
	if data, err := json.Marshal(known); err == nil && p.cachePath != "" {
		os.MkdirAll(filepath.Dir(p.cachePath), 0o700)
		atomicfile.Write(p.cachePath, data, 0o600) // a lost cache only costs a probe next time
	}
	return nil
}

func (p *prober) read() []probeKey {
	var known []probeKey
	if p.cachePath == "" {
		return nil
	}
	if data, err := os.ReadFile(p.cachePath); err == nil {
		json.Unmarshal(data, &known) // a damaged cache is an empty one
	}
	return known
}

// run starts the child and tells its outcome.
func (p *prober) run(ctx context.Context, path string) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	build := p.command
	if build == nil {
		build = selfCommand
	}
	cmd, err := build(ctx, path)
	if err != nil {
		return fmt.Errorf("probe model: %w", err)
	}
	cmd.Env = append(cmd.Environ(), probeModelEnv+"="+path, probeRuntimeEnv+"="+p.runtimeDir,
		inference.NoBacktraceEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = nil, &limitedBuffer{b: &stderr, max: 64 << 10}
	err = cmd.Run()
	if err == nil {
		return nil
	}
	if cerr := ctx.Err(); cerr != nil && errors.Is(cerr, context.Canceled) {
		return cerr
	}
	tail := reason(stderr.String())
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == probeRefused {
		return fmt.Errorf("%w: %s", inference.ErrLoadFailed, tail)
	}
	if errors.As(err, &exit) && exit.ExitCode() == probeNoRuntime {
		return fmt.Errorf("probe: %w (%s)", inference.ErrNoRuntime, tail)
	}
	return fmt.Errorf("probe %s: %w (%v): %s", path, ErrModelCrashed, err, tail)
}

// selfCommand is this executable; the args only name the probe for a
// process list, the environment carries the request.
func selfCommand(ctx context.Context, path string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return exec.CommandContext(ctx, exe, "__probe", path), nil
}

// limitedBuffer keeps the first max bytes written; a child flooding its
// stderr cannot fill the parent's memory.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// reason picks what explains a child's failure from its stderr: ggml's
// assert line when there is one (the Go runtime's goroutine dump follows
// it), else the first lines, joined by "; ".
func reason(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if strings.Contains(l, "GGML_ASSERT") || strings.Contains(l, "GGML_ABORT") || strings.Contains(l, "terminate called") {
			return l
		}
		if l != "" && len(lines) < 4 {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}

// newProber keeps its cache in the models folder (modelsDir, "" for the
// default one).
func newProber(runtimeDir, modelsDir string) *prober {
	if modelsDir == "" {
		modelsDir = models.DefaultDir()
	}
	return &prober{runtimeDir: runtimeDir, cachePath: filepath.Join(modelsDir, probeCacheFile), turn: make(chan struct{}, 1)}
}

// ProbeModel validates a model file (gguf.Inspect) and, unless it loaded
// once before, loads it in a child process, for `yoyak models add` and the
// window's "add a model file" before they accept it. A file llama.cpp
// would abort on is refused with ErrModelCrashed, the process unharmed.
func (s *Service) ProbeModel(ctx context.Context, path string) error {
	if _, err := gguf.Inspect(path); err != nil {
		return err
	}
	if s.probe == nil { // a scripted engine: nothing to crash
		return nil
	}
	return s.probe.check(ctx, path)
}
