//go:build !windows

package llama

// captureCRTStderr is needed on Windows only (see crtstderr_windows.go). On
// Linux and macOS llama.cpp's stderr is the process's own descriptor 2, which
// Go writes to as well, so it is left alone; there a GPU module without its
// driver fails to load quietly (the Vulkan loaders there report 1.2 or newer).
func captureCRTStderr() (restore func()) { return func() {} }
