// Package atomicfile writes a file whole or not at all, so that a crash, a
// full disk or a cancelled run never leaves a half-written summary or
// history entry where a reader would take it for a real one.
package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of every temporary file Write makes beside its
// target, so the folder's owner can recognise, skip and sweep what a crash
// left behind.
const TempPrefix = ".tmp-"

// Write writes data to path through a temporary file in the same folder:
// written, given mode perm, synced, closed and renamed over path, then the
// folder is synced (best effort) so the rename itself survives a crash. On
// any error the temporary file is removed and path is untouched. Errors wrap
// the system's (errors.Is finds syscall.ENOSPC).
func Write(path string, data []byte, perm fs.FileMode) error {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, TempPrefix+name+"-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	err = f.Chmod(perm)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // not every system can sync a folder
		d.Close()
	}
	return nil
}
