//go:build !windows

package llama

// newProgressCallback makes the process's one llama_progress_callback:
//
//	typedef bool (*llama_progress_callback)(float progress, void * user_data);
func newProgressCallback() uintptr {
	return newCallback(func(frac float32, key uintptr) uintptr { return progressCall(key, frac) })
}
