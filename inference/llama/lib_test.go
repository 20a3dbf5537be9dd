package llama

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFindLibrariesByPrefix(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("file names below are Linux's")
	}
	cases := []struct {
		name  string
		files []string
		want  Libraries
		err   error
	}{
		{"linux-x64", []string{"libggml-base.so", "libggml.v0.4.0.so", "libllama.v0.4.0.so", "libllama-common.so", "libggml-cpu-haswell.so", "llama-addon.node", "_nlcBuildMetadata.json"},
			Libraries{"libggml-base.so", "libggml.v0.4.0.so", "libllama.v0.4.0.so"}, nil},
		{"linux-x64-vulkan", []string{"libggml-base.so", "libggml.vulkan.v0.4.0.so", "libllama.vulkan.v0.4.0.so", "libggml-vulkan.so", "libllama-common.so"},
			Libraries{"libggml-base.so", "libggml.vulkan.v0.4.0.so", "libllama.vulkan.v0.4.0.so"}, nil},
		{"no libllama", []string{"libggml-base.so", "libggml.v0.4.0.so", "libllama-common.so"}, Libraries{}, ErrLibraryNotFound},
		{"empty", nil, Libraries{}, ErrLibraryNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := FindLibraries(dir)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Errorf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := Libraries{filepath.Join(dir, c.want.Base), filepath.Join(dir, c.want.GGML), filepath.Join(dir, c.want.Llama)}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestLogLinesAreJoinedAndKept(t *testing.T) {
	seq := LogSeq()
	logWrite(LogError, "first part ")
	logWrite(LogCont, "continued\n")
	logWrite(LogInfo, "info line\nwarn")
	logWrite(LogWarn, "ing next\n")
	lines := LogSince(seq, LogDebug)
	if len(lines) != 3 || lines[0].Text != "first part continued" || lines[0].Level != LogError || lines[1].Text != "info line" {
		t.Errorf("lines = %+v", lines)
	}
	if s := LogSummary(seq); s != "first part continued; warning next" {
		t.Errorf("summary = %q", s)
	}
}

// A runtime of another release lacks symbols; Load must name the missing one
// instead of crashing. Real shared objects that are not libllama stand in for
// it (libggml-base under all three names).
func TestLoadRefusesLibraryWithoutOurSymbols(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("uses the linux-x64 runtime")
	}
	wd, _ := os.Getwd()
	var base string
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if p := filepath.Join(d, "runtime", "linux-x64", "libggml-base.so"); fileExists(p) {
			base = p
			break
		}
	}
	if base == "" {
		t.Skip("no runtime/linux-x64 (run `make runtime`)")
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, n := range []string{"libggml-base.so", "libggml.v0.3.9.so", "libllama.v0.3.9.so"} {
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var closed []uintptr
	closeLib = func(h uintptr) { closed = append(closed, h); closeLibrary(h) }
	defer func() { closeLib = closeLibrary }()
	_, err = Load(dir)
	if !errors.Is(err, ErrMissingSymbol) || !strings.Contains(err.Error(), VersionSymbol) {
		t.Fatalf("err = %v, want ErrMissingSymbol naming %s", err, VersionSymbol)
	}
	if Loaded() != "" {
		t.Errorf("Loaded() = %q after a failed load", Loaded())
	}
	// The three libraries it opened are closed again (the loader may still
	// keep C++ libraries mapped: that is its choice, not a leaked handle).
	if len(closed) != 3 {
		t.Errorf("a failed Load closed %d of the 3 libraries it opened", len(closed))
	}
}

// On a system whose glibc is older than the runtime's (before Ubuntu 22.04 or
// Debian 12) the loader refuses the libraries; Load must say that the system
// is too old, not that the runtime is broken. A real libggml-base whose
// glibc version need is rewritten to one no system has stands in for it.
func TestLoadSaysWhenTheSystemIsTooOld(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("glibc versions are a Linux matter")
	}
	base := findRuntimeFile(t, "libggml-base.so")
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	// Same length, so the ELF layout is untouched; the hash no longer
	// matches, which the loader reports as the version not being found.
	const have, want = "GLIBC_2.2.5", "GLIBC_9.999"
	if !bytes.Contains(data, []byte(have)) {
		t.Fatalf("%s names no %s", base, have)
	}
	data = bytes.Replace(data, []byte(have), []byte(want), 1)
	dir := t.TempDir()
	for _, n := range []string{"libggml-base.so", "libggml.v0.4.0.so", "libllama.v0.4.0.so"} {
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, err = Load(dir)
	if !errors.Is(err, ErrSystemTooOld) || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want ErrSystemTooOld naming %s", err, want)
	}
	if Loaded() != "" {
		t.Errorf("Loaded() = %q after a failed load", Loaded())
	}
}

func TestTooOldVersionMatchesLoaderMessages(t *testing.T) {
	tests := []struct {
		msg  string
		want string
	}{
		{"/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /x/libllama.so)", "GLIBC_2.34"},
		{"/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.29' not found (required by /x/libggml.so)", "GLIBCXX_3.4.29"},
		{"/usr/lib/libstdc++.so.6: version `CXXABI_1.3.13' not found (required by /x/libggml.so)", "CXXABI_1.3.13"},
		{"libvulkan.so.1: cannot open shared object file: No such file or directory", ""},
		{"/x/libllama.so: undefined symbol: ggml_init", ""},
	}
	for _, tt := range tests {
		got := ""
		if m := tooOldVersion.FindStringSubmatch(tt.msg); m != nil {
			got = m[1]
		}
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.msg, got, tt.want)
		}
	}
}

// findRuntimeFile finds name in the checkout's runtime/linux-x64 folder.
func findRuntimeFile(t *testing.T, name string) string {
	t.Helper()
	wd, _ := os.Getwd()
	for d := wd; filepath.Dir(d) != d; d = filepath.Dir(d) {
		if p := filepath.Join(d, "runtime", "linux-x64", name); fileExists(p) {
			return p
		}
	}
	t.Skip("no runtime/linux-x64 (run `make runtime`)")
	return ""
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
