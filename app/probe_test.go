package app

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/inference/llama"
	"github.com/yoyak/yoyak/models/gguf"
	"github.com/yoyak/yoyak/models/synthetic"
)

// uncheckedLoadEnv makes this test binary a child that hands a file to
// llama.cpp without Yoyak's header validation: the stand-in for a crafted
// file that validation does not know about yet, so the probe's own
// protection is what is tested.
const uncheckedLoadEnv = "YOYAK_TEST_UNCHECKED_LOAD"

func init() {
	if path := os.Getenv(uncheckedLoadEnv); path != "" {
		if _, err := inference.OpenRuntime(inference.RuntimeOptions{ForceCPU: true}); err != nil {
			os.Exit(probeRefused)
		}
		if _, err := llama.LoadModel(path, llama.DefaultModelParams(), true, nil); err != nil {
			os.Exit(probeRefused)
		}
		os.Exit(0)
	}
}

// fakeGDB puts a gdb (and lldb) on PATH that records being run, the way
// ggml's abort handler would start it.
func fakeGDB(t *testing.T) (marker string) {
	t.Helper()
	bin := t.TempDir()
	marker = filepath.Join(t.TempDir(), "gdb-ran")
	script := "#!/bin/sh\necho ran >> " + marker + "\n"
	for _, n := range []string{"gdb", "lldb"} {
		if err := os.WriteFile(filepath.Join(bin, n), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return marker
}

// A model header llama.cpp aborts on (block_count 1000 > LLAMA_MAX_LAYERS)
// kills the probe child, not this process: the probe refuses the file with
// ErrModelCrashed and ggml's assert line, and ggml starts no debugger.
func TestProbeTurnsALlamaAbortIntoARefusal(t *testing.T) {
	marker := fakeGDB(t)
	crafted := filepath.Join(t.TempDir(), "crafted.gguf")
	if err := synthetic.WriteCrafted(crafted, "gemma.block_count", 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := gguf.Inspect(crafted); !errors.Is(err, gguf.ErrHyperparams) {
		t.Fatalf("Inspect(crafted) = %v, want ErrHyperparams", err)
	}
	p := newProber("", t.TempDir())
	p.command = func(ctx context.Context, path string) (*exec.Cmd, error) {
		// env -u: the prober's own request would make the child a real
		// probe, which validates the header first; and without the
		// prober's GGML_NO_BACKTRACE, inference.OpenRuntime's is tested.
		cmd := exec.CommandContext(ctx, "env", "-u", probeModelEnv, "-u", inference.NoBacktraceEnv,
			os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), uncheckedLoadEnv+"="+path)
		return cmd, nil
	}
	err := p.check(context.Background(), crafted)
	if !errors.Is(err, ErrModelCrashed) {
		t.Fatalf("probe = %v, want ErrModelCrashed", err)
	}
	if !strings.Contains(err.Error(), "LLAMA_MAX_LAYERS") {
		t.Errorf("the refusal does not carry ggml's assert line: %v", err)
	}
	if msg := Message(err, "ko"); !strings.Contains(msg, "llama.cpp") {
		t.Errorf("Korean message: %q", msg)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("ggml started gdb in the crashing child")
	}
	if got := p.read(); len(got) != 0 {
		t.Errorf("a crashed probe was remembered: %v", got)
	}
}

// The window's and `models add`'s path: the Service validates first, so the
// crafted file is refused with the hyperparameter message before any child
// runs; a good file is probed once in a child (this test binary re-run as
// yoyak's probe) and then remembered.
func TestProbeModelOnceThenRemembered(t *testing.T) {
	dir := t.TempDir()
	svc := NewService(Config{ModelsDir: dir})
	defer svc.Close()
	runs := 0
	svc.probe.command = func(ctx context.Context, path string) (*exec.Cmd, error) {
		runs++
		return selfCommand(ctx, path)
	}
	crafted := filepath.Join(t.TempDir(), "crafted.gguf")
	if err := synthetic.WriteCrafted(crafted, "gemma.block_count", 1000); err != nil {
		t.Fatal(err)
	}
	if err := svc.ProbeModel(context.Background(), crafted); !errors.Is(err, gguf.ErrHyperparams) || runs != 0 {
		t.Errorf("crafted: %v after %d children; want ErrHyperparams before any", err, runs)
	}
	if msg := Message(err0(svc.ProbeModel(context.Background(), crafted)), "ko"); !strings.Contains(msg, "설정값") {
		t.Errorf("Korean message for the crafted file: %q", msg)
	}
	for i := range 2 {
		if err := svc.ProbeModel(context.Background(), tinyPath); err != nil {
			t.Fatalf("probe %d of the tiny model: %v", i, err)
		}
	}
	if runs != 1 {
		t.Errorf("%d children for two probes of one unchanged file, want 1", runs)
	}
	if st, err := os.Stat(filepath.Join(dir, probeCacheFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("probe cache: %v, %v", st, err)
	}
	// A cancelled context stops a probe and is not a refusal of the file.
	other := filepath.Join(t.TempDir(), "other.gguf")
	if err := synthetic.Write(other, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := svc.ProbeModel(ctx, other); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled probe = %v", err)
	}
}

func err0(err error) error { return err }

// Without a llama.cpp runtime the probe says so (the runtime sentence),
// not that the model is bad.
func TestProbeWithoutRuntimeSaysSo(t *testing.T) {
	p := newProber("", t.TempDir())
	p.command = func(ctx context.Context, path string) (*exec.Cmd, error) {
		cmd, err := selfCommand(ctx, path)
		if err == nil {
			cmd.Dir = t.TempDir() // away from the checkout's runtime/
			cmd.Env = append(os.Environ(), "YOYAK_RUNTIME="+t.TempDir())
		}
		return cmd, err
	}
	err := p.check(context.Background(), tinyPath)
	if !errors.Is(err, inference.ErrNoRuntime) || errors.Is(err, ErrModelCrashed) {
		t.Errorf("probe without a runtime = %v", err)
	}
}
