package inference

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/models/synthetic"
)

func TestBadModelFilesGiveTypedErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	truncated := filepath.Join(dir, "truncated.gguf")
	if err := synthetic.WriteTruncated(truncated, synthetic.Tiny, -1000); err != nil {
		t.Fatal(err)
	}
	headerOnly := filepath.Join(dir, "header-cut.gguf")
	if err := synthetic.WriteTruncated(headerOnly, synthetic.Tiny, 100); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.gguf")
	if err := synthetic.WriteForeign(foreign, "bert-nonsense"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		path string
		want error
	}{
		{"empty", write("empty.gguf", nil), ErrNotGGUF},
		{"text", write("notes.txt", []byte("회의록: 이것은 모델이 아닙니다.\n")), ErrNotGGUF},
		{"magic only", write("magic.gguf", []byte("GGUF")), ErrTruncated},
		{"truncated data", truncated, ErrTruncated},
		{"truncated header", headerOnly, ErrTruncated},
		{"foreign architecture", foreign, ErrUnsupportedArch},
		{"folder", dir, ErrNotGGUF},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := testRuntime.LoadModel(context.Background(), c.path, DefaultModelOptions(), nil)
			if err == nil {
				m.Close()
				t.Fatal("loaded")
			}
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := testRuntime.LoadModel(context.Background(), filepath.Join(dir, "missing.gguf"), DefaultModelOptions(), nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestMissingRuntimeListsTriedPaths(t *testing.T) {
	empty := t.TempDir()
	exeDir := filepath.Join(empty, "bin")
	if err := os.MkdirAll(exeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	explicit := filepath.Join(empty, "explicit")
	l := locator{
		dir:        explicit,
		platforms:  Platforms("linux", "amd64", false),
		executable: func() (string, error) { return filepath.Join(exeDir, "yoyak"), nil },
		getwd:      func() (string, error) { return empty, nil },
		getenv:     func(string) string { return filepath.Join(empty, "env") },
	}
	_, err := l.find()
	if !errors.Is(err, ErrNoRuntime) {
		t.Fatalf("err = %v", err)
	}
	msg := err.Error()
	for _, want := range []string{
		explicit,
		exeDir,
		filepath.Join(exeDir, "runtime", "linux-x64"),
		filepath.Join(empty, "env", "linux-x64"),
		"make runtime",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestRuntimeDiscoveryOrder(t *testing.T) {
	root := t.TempDir()
	fake := func(dir string) string {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"libggml-base.so", "libggml.v0.4.0.so", "libllama.v0.4.0.so", "libllama-common.so"} {
			if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	// A checkout (go.mod + runtime/) with both a GPU and a CPU build.
	checkout := filepath.Join(root, "src")
	os.MkdirAll(checkout, 0o755)
	os.WriteFile(filepath.Join(checkout, "go.mod"), []byte("module x\n"), 0o644)
	cpu := fake(filepath.Join(checkout, "runtime", "linux-x64"))
	gpu := fake(filepath.Join(checkout, "runtime", "linux-x64-vulkan"))
	bundle := filepath.Join(root, "bundle")
	bundled := fake(filepath.Join(bundle, "runtime", "linux-x64"))
	env := fake(filepath.Join(root, "env", "linux-x64"))

	base := locator{
		platforms:  Platforms("linux", "amd64", false),
		executable: func() (string, error) { return filepath.Join(root, "elsewhere", "yoyak"), nil },
		getwd:      func() (string, error) { return filepath.Join(checkout, "app", "cli"), nil },
		getenv:     func(string) string { return filepath.Join(root, "env") },
	}
	cases := []struct {
		name string
		mod  func(l *locator)
		want string
	}{
		{"checkout from working dir, GPU build first", func(*locator) {}, gpu},
		{"checkout, CPU forced", func(l *locator) { l.platforms = Platforms("linux", "amd64", true) }, cpu},
		{"explicit platform folder", func(l *locator) { l.dir = env }, env},
		{"explicit folder of platforms", func(l *locator) { l.dir = filepath.Join(root, "env") }, env},
		{"beside the executable", func(l *locator) {
			l.executable = func() (string, error) { return filepath.Join(bundle, "yoyak"), nil }
		}, bundled},
		{"environment last", func(l *locator) { l.getwd = func() (string, error) { return root, nil } }, env},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := base
			c.mod(&l)
			got, err := l.find()
			if err != nil || got != c.want {
				t.Errorf("find() = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestRuntimeOfAnotherReleaseIsRefused(t *testing.T) {
	dir := t.TempDir()
	meta := `{"buildOptions":{"platform":"linux","arch":"x64","gpu":false,"llamaCpp":{"repo":"ggml-org/llama.cpp","release":"v0.5.0"}}}`
	if err := os.WriteFile(filepath.Join(dir, "_nlcBuildMetadata.json"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := openDir(dir, RuntimeOptions{})
	if !errors.Is(err, ErrRuntimeVersion) || !strings.Contains(err.Error(), "v0.5.0") {
		t.Errorf("err = %v, want ErrRuntimeVersion naming v0.5.0", err)
	}
}
