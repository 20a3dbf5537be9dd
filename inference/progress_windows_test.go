//go:build windows

package inference

import (
	"testing"

	"github.com/yoyak/yoyak/inference/llama"
)

// On Windows the load progress callback cannot read its float argument
// (progress_windows.go), so it reports -1; returning false from it must still
// abort the load, which is how cancelling a model load works there. (The
// fraction-dependent TestLoadProgressAndClose and TestLoadCancelled cannot
// pass on Windows and are left out of the Wine run.)
func TestLoadProgressCallbackAbortsOnWindows(t *testing.T) {
	var calls int
	var last float32
	m, err := llama.LoadModel(tinyPath, llama.DefaultModelParams(), true, func(frac float32) bool {
		calls++
		last = frac
		return false
	})
	if err == nil {
		m.Free()
		t.Fatal("the load went on after the progress callback returned false")
	}
	if calls == 0 || last != -1 {
		t.Errorf("progress callback: %d calls, last fraction %v; want calls reporting -1", calls, last)
	}
}
