// Package llama is Yoyak's binding of llama.cpp's C API, called through
// purego on shared libraries loaded at run time (no cgo in this path), so the
// app builds with a plain Go toolchain and ships whatever llama.cpp build suits
// the machine beside it.
//
// Every exported function here mirrors one C function of the pinned release
// (node-llama-cpp 3.21.1, llama.cpp "v0.4.0"); its prototype is quoted above
// the binding. Pointers coming from C are kept as opaque handle types; this is
// the only package of the app that sees them (the inference package wraps it
// in a plain Go API). The libraries are process-wide: Load runs once.
package llama

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Release is the llama.cpp release the structs below were copied from.
const Release = "v0.4.0"

// VersionSymbol exists in this release's libllama and in no older one we
// know of (it came with the load_mode field of llama_model_params, whose
// layout this binding depends on); a runtime without it is the wrong version.
const VersionSymbol = "llama_load_mode_name"

// ErrMissingSymbol means a library lacks a function this binding needs: the
// runtime is another llama.cpp release than the one the structs were copied from.
var ErrMissingSymbol = errors.New("llama.cpp runtime lacks a required symbol")

// ErrLibraryNotFound means a runtime folder lacks one of the three libraries.
var ErrLibraryNotFound = errors.New("llama.cpp library not found in runtime folder")

// ErrSystemTooOld means the dynamic loader refused a runtime library because
// the system's C or C++ runtime is older than the one it was built against
// (the Linux builds need glibc 2.34 and GLIBCXX 3.4.29). No other runtime
// folder can help, so callers tell the user which systems work.
var ErrSystemTooOld = errors.New("the system's C/C++ runtime is older than the llama.cpp libraries need (glibc 2.34, GLIBCXX 3.4.29: Ubuntu 22.04, Debian 12 or newer)")

// tooOldVersion matches the loader's words for a missing symbol version of
// the C or C++ runtime: "version `GLIBC_2.34' not found (required by …)".
var tooOldVersion = regexp.MustCompile("version [`']((GLIBC|GLIBCXX|CXXABI)_[0-9.]+)' not found")

// Libraries names the three libraries loaded from a runtime folder, in load order.
type Libraries struct {
	Base  string // libggml-base (ggml core, logging)
	GGML  string // libggml (backend registry)
	Llama string // libllama
}

// libExt reports whether name is a shared library for this OS.
func libExt(name string) bool {
	switch runtime.GOOS {
	case "windows":
		return strings.HasSuffix(strings.ToLower(name), ".dll")
	case "darwin":
		return strings.HasSuffix(name, ".dylib")
	default:
		return strings.HasSuffix(name, ".so") || strings.Contains(name, ".so.")
	}
}

// FindLibraries looks in dir for the three libraries by prefix, since each
// platform package names them differently (libllama.v0.4.0.so,
// libllama.vulkan.v0.4.0.so, llama.v0.4.0.dll, libllama.metal.v0.4.0.dylib).
func FindLibraries(dir string) (Libraries, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return Libraries{}, fmt.Errorf("read runtime folder: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() && libExt(e.Name()) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	pick := func(stems ...string) string {
		for _, n := range names {
			for _, s := range stems {
				// "libggml." must not match "libggml-base.so": the stem ends at a dot.
				if strings.HasPrefix(n, s+".") {
					return filepath.Join(dir, n)
				}
			}
		}
		return ""
	}
	libs := Libraries{
		Base:  pick("libggml-base", "ggml-base"),
		GGML:  pick("libggml", "ggml"),
		Llama: pick("libllama", "llama"),
	}
	var missing []string
	for _, p := range []struct{ name, path string }{{"libggml-base", libs.Base}, {"libggml", libs.GGML}, {"libllama", libs.Llama}} {
		if p.path == "" {
			missing = append(missing, p.name)
		}
	}
	if len(missing) > 0 {
		return libs, fmt.Errorf("%s: no %s: %w", dir, strings.Join(missing, ", "), ErrLibraryNotFound)
	}
	return libs, nil
}

// symbol binds one C function: name is looked up in the loaded libraries
// (libllama first) and fptr, a pointer to a Go func variable, is set to call it.
type symbol struct {
	name     string
	fptr     any
	optional bool // absent in some builds: the caller checks the func for nil
}

// closeLib closes a library handle; tests count the calls.
var closeLib = closeLibrary

var (
	loadMu     sync.Mutex
	loadedDir  string
	loadedLibs Libraries
)

// Load opens the libraries of the runtime folder dir by absolute path (no
// system search path: libggml-base, libggml, libllama, in dependency order;
// their RUNPATH $ORIGIN resolves each other from the same folder), binds every
// function and installs the log callback, so nothing is printed to stderr.
// It does not load backends (see LoadBackends). Load is process-wide: a
// second call returns the first call's result; loading a different folder in
// the same process is an error, as llama.cpp's state is global.
func Load(dir string) (Libraries, error) {
	loadMu.Lock()
	defer loadMu.Unlock()
	// Absolute before the comparison: loadedDir is, so a relative name of
	// the same folder must not read as another folder.
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Libraries{}, fmt.Errorf("load llama.cpp: %w", err)
	}
	if loadedDir != "" {
		if dir != loadedDir {
			return loadedLibs, fmt.Errorf("llama.cpp already loaded from %s, cannot load %s in the same process", loadedDir, dir)
		}
		return loadedLibs, nil
	}
	libs, err := FindLibraries(dir)
	if err != nil {
		return libs, err
	}
	var hs []uintptr
	// A failure past the first dlopen closes what was opened (newest first),
	// so a wrong runtime folder leaves no library mapped in the process.
	ok := false
	defer func() {
		if !ok {
			for i := len(hs) - 1; i >= 0; i-- {
				closeLib(hs[i])
			}
		}
	}()
	for _, p := range []string{libs.Base, libs.GGML, libs.Llama} {
		h, err := openLibrary(p)
		if err != nil {
			if m := tooOldVersion.FindStringSubmatch(err.Error()); m != nil {
				return libs, fmt.Errorf("load %s: needs %s: %w", p, m[1], ErrSystemTooOld)
			}
			return libs, fmt.Errorf("load %s: %w", p, err)
		}
		hs = append(hs, h)
	}
	// Search libllama first, then libggml, then libggml-base.
	order := []uintptr{hs[2], hs[1], hs[0]}
	if _, err := lookup(order, VersionSymbol); err != nil {
		return libs, fmt.Errorf("%s (this binding needs llama.cpp %s): %w", VersionSymbol, Release, ErrMissingSymbol)
	}
	for _, s := range symbols() {
		addr, err := lookup(order, s.name)
		if err != nil {
			if s.optional {
				continue
			}
			return libs, fmt.Errorf("%s (this binding needs llama.cpp %s): %w", s.name, Release, ErrMissingSymbol)
		}
		registerFunc(s.fptr, addr)
	}
	installLog()
	ok = true
	loadedDir = dir
	loadedLibs = libs
	return libs, nil
}

// Loaded returns the folder Load succeeded on, "" before.
func Loaded() string {
	loadMu.Lock()
	defer loadMu.Unlock()
	return loadedDir
}

func lookup(order []uintptr, name string) (uintptr, error) {
	var firstErr error
	for _, h := range order {
		addr, err := librarySymbol(h, name)
		if err == nil && addr != 0 {
			return addr, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("symbol %s not found", name)
	}
	return 0, firstErr
}

// symbols lists every C function this binding calls, gathered from the
// per-area files (model.go, context.go, ...).
func symbols() []symbol {
	var all []symbol
	all = append(all, backendSymbols...)
	all = append(all, logSymbols...)
	all = append(all, modelSymbols...)
	all = append(all, contextSymbols...)
	all = append(all, vocabSymbols...)
	all = append(all, batchSymbols...)
	all = append(all, samplerSymbols...)
	all = append(all, threadpoolSymbols...)
	all = append(all, memorySymbols...)
	return all
}
