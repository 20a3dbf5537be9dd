//go:build unix

package gguf

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO or a device given as a model is refused before it is opened (a
// FIFO used to block `models add` and `summarize --model` forever).
func TestInspectRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "m.gguf")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fifo, os.DevNull} {
		if _, err := Inspect(p); !errors.Is(err, ErrNotGGUF) {
			t.Errorf("Inspect(%s) = %v, want ErrNotGGUF", p, err)
		}
	}
}
