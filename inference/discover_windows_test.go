//go:build windows

package inference

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeRuntime writes empty files named like a Windows runtime package's DLLs.
func fakeRuntime(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"ggml-base.dll", "ggml.v0.4.0.dll", "llama.v0.4.0.dll", "ggml-cpu-x64.dll"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// An installed Yoyak finds runtime\<platform> beside yoyak.exe, in a folder
// whose name has Hangul and spaces as a user's may, whatever the working
// directory: the Vulkan build first, the CPU build with ForceCPU, and an
// error naming every tried folder when neither is there.
func TestRuntimeBesideTheExecutableOnWindows(t *testing.T) {
	app := filepath.Join(t.TempDir(), "Program Files", "요약 앱")
	exe := filepath.Join(app, "yoyak.exe")
	fakeRuntime(t, filepath.Join(app, "runtime", "win-x64"))
	fakeRuntime(t, filepath.Join(app, "runtime", "win-x64-vulkan"))
	elsewhere := t.TempDir()
	loc := func(forceCPU bool) locator {
		return locator{
			platforms:  Platforms("windows", "amd64", forceCPU),
			executable: func() (string, error) { return exe, nil },
			getwd:      func() (string, error) { return elsewhere, nil },
			getenv:     func(string) string { return "" },
		}
	}
	for _, c := range []struct {
		forceCPU bool
		want     string
	}{{false, `runtime\win-x64-vulkan`}, {true, `runtime\win-x64`}} {
		got, err := loc(c.forceCPU).find()
		if err != nil {
			t.Fatalf("ForceCPU=%v: %v", c.forceCPU, err)
		}
		if want := filepath.Join(app, c.want); !strings.EqualFold(got, want) {
			t.Errorf("ForceCPU=%v: found %s, want %s", c.forceCPU, got, want)
		}
	}

	if err := os.Rename(filepath.Join(app, "runtime"), filepath.Join(app, "moved")); err != nil {
		t.Fatal(err)
	}
	_, err := loc(false).find()
	if !errors.Is(err, ErrNoRuntime) || !strings.Contains(err.Error(), filepath.Join(app, `runtime\win-x64`)) {
		t.Errorf("err = %v, want ErrNoRuntime listing %s", err, filepath.Join(app, `runtime\win-x64`))
	}
}
