//go:build !windows

package llama

import "github.com/ebitengine/purego"

// openLibrary dlopens path with RTLD_NOW|RTLD_GLOBAL: everything resolved at
// once (a missing dependency fails here, not mid-call) and libggml's symbols
// visible to the backend modules ggml loads later.
func openLibrary(path string) (uintptr, error) {
	return purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
}

func closeLibrary(h uintptr) { purego.Dlclose(h) }

func librarySymbol(h uintptr, name string) (uintptr, error) {
	return purego.Dlsym(h, name)
}

func registerFunc(fptr any, addr uintptr) { purego.RegisterFunc(fptr, addr) }

func newCallback(fn any) uintptr { return purego.NewCallback(fn) }
