//go:build windows

package llama

import (
	"github.com/ebitengine/purego"
	"golang.org/x/sys/windows"
)

// openLibrary loads a DLL by absolute path. purego cannot dlopen on Windows;
// LOAD_WITH_ALTERED_SEARCH_PATH makes the DLL's own folder the first place its
// dependencies (ggml-base.dll, ggml.dll) are looked for.
func openLibrary(path string) (uintptr, error) {
	h, err := windows.LoadLibraryEx(path, 0, windows.LOAD_WITH_ALTERED_SEARCH_PATH)
	return uintptr(h), err
}

func closeLibrary(h uintptr) { windows.FreeLibrary(windows.Handle(h)) }

func librarySymbol(h uintptr, name string) (uintptr, error) {
	return windows.GetProcAddress(windows.Handle(h), name)
}

func registerFunc(fptr any, addr uintptr) { purego.RegisterFunc(fptr, addr) }

func newCallback(fn any) uintptr { return purego.NewCallback(fn) }
