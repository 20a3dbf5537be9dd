//go:build windows

package llama

// newProgressCallback makes the process's one llama_progress_callback.
// Windows callbacks cannot read a float argument (it arrives in XMM0), so the
// fraction is reported as -1 (unknown); cancellation still works.
func newProgressCallback() uintptr {
	return newCallback(func(_ uintptr, key uintptr) uintptr { return progressCall(key, -1) })
}
