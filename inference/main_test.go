package inference

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/yoyak/yoyak/inference/llama"
	"github.com/yoyak/yoyak/models/synthetic"
)

// The tests run the real llama.cpp runtime (the checkout's runtime/, from
// `make runtime`) on a tiny synthetic Gemma model written once per test binary.
var (
	testRuntime *Runtime
	tinyPath    string
	tinyModel   *Model
	testDir     string
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "yoyak-inference-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	testDir = dir
	tinyPath = filepath.Join(dir, "tiny.gguf")
	if err := synthetic.Write(tinyPath, synthetic.Tiny); err != nil {
		fmt.Fprintln(os.Stderr, "write tiny model:", err)
		return 1
	}
	opts := RuntimeOptions{}
	if os.Getenv("YOYAK_TEST_LOG") != "" { // llama.cpp's log, for debugging a runtime
		opts.Log = func(level int, msg string) { fmt.Fprintf(os.Stderr, "llama[%d] %s\n", level, msg) }
	}
	testRuntime, err = OpenRuntime(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open runtime (run `make runtime` first):", err)
		return 1
	}
	tinyModel, err = testRuntime.LoadModel(context.Background(), tinyPath, DefaultModelOptions(), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load tiny model:", err)
		return 1
	}
	code := m.Run()
	if err := tinyModel.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		return 1
	}
	return code
}

func TestRuntimeInfo(t *testing.T) {
	info := testRuntime.Info()
	t.Logf("runtime %s (%s), devices %+v", info.Dir, info.Build, info.Devices)
	if info.LlamaCppVersion != "v0.4.0" {
		t.Errorf("LlamaCppVersion = %q", info.LlamaCppVersion)
	}
	if len(info.Devices) == 0 {
		t.Fatal("no devices")
	}
	var cpu bool
	for _, d := range info.Devices {
		if d.Type == "CPU" {
			cpu = true
		}
	}
	if !cpu {
		t.Errorf("no CPU device in %+v", info.Devices)
	}
	if len(info.Libraries) != 3 {
		t.Errorf("libraries = %v", info.Libraries)
	}
	again, err := OpenRuntime(RuntimeOptions{})
	if err != nil || again != testRuntime {
		t.Errorf("second OpenRuntime = %p, %v; want the same runtime", again, err)
	}
}

// A second llama.Load of the loaded folder, named relatively, is the same
// folder: it returns the libraries instead of refusing another folder.
func TestLoadSameFolderByRelativePath(t *testing.T) {
	info := testRuntime.Info()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, info.Dir)
	if err != nil || filepath.IsAbs(rel) {
		t.Skipf("no relative path from %s to %s", wd, info.Dir)
	}
	libs, err := llama.Load(rel)
	if err != nil {
		t.Fatalf("Load(%q): %v", rel, err)
	}
	if libs.Llama != info.Libraries[2] {
		t.Errorf("Load(%q) = %+v, want %v", rel, libs, info.Libraries)
	}
}
