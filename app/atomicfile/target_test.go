//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestTargetCheck(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "회의록.txt")
	must(t, os.WriteFile(in, []byte("원본"), 0o600))
	must(t, os.Symlink(in, filepath.Join(dir, "link.txt")))
	must(t, os.Link(in, filepath.Join(dir, "hard.txt")))
	must(t, os.WriteFile(filepath.Join(dir, "old.md"), []byte("이전"), 0o644))
	must(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(t, os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(dir, "dangling.md")))
	fifo := filepath.Join(dir, "fifo")
	must(t, syscall.Mkfifo(fifo, 0o600))
	tests := []struct {
		name      string
		path      string
		overwrite bool
		want      error
	}{
		{"new file", filepath.Join(dir, "new.md"), false, nil},
		{"the input itself", in, true, ErrSameAsInput},
		{"the input through a symbolic link", filepath.Join(dir, "link.txt"), true, ErrSameAsInput},
		{"the input through a hard link", filepath.Join(dir, "hard.txt"), true, ErrSameAsInput},
		{"the input by another spelling", filepath.Join(dir, "sub", "..", "회의록.txt"), true, ErrSameAsInput},
		{"existing file without overwrite", filepath.Join(dir, "old.md"), false, ErrTargetExists},
		{"existing file with overwrite", filepath.Join(dir, "old.md"), true, nil},
		{"a folder", filepath.Join(dir, "sub"), true, ErrNotRegular},
		{"a dangling link", filepath.Join(dir, "dangling.md"), true, ErrNotRegular},
		{"a FIFO", fifo, true, ErrNotRegular},
		{"a device", os.DevNull, true, ErrNotRegular},
		{"a missing folder", filepath.Join(dir, "missing", "x.md"), true, ErrFolderNotWritable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Target{Path: tt.path, Inputs: []string{"-", in}, Overwrite: tt.overwrite}.Check()
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Check(%s) = %v, want %v", tt.path, err, tt.want)
			}
		})
	}
	// Nothing was left behind by the writability probe.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if filepath.Ext(e.Name()) == "" && e.Name() != "sub" && e.Name() != "fifo" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A read-only folder is refused before any work, not after.
func TestTargetCheckReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	dir := t.TempDir()
	must(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	err := Target{Path: filepath.Join(dir, "x.md")}.Check()
	if !errors.Is(err, ErrFolderNotWritable) || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("Check in a read-only folder = %v", err)
	}
}

func TestPermLike(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		in, perm, want fs.FileMode
	}{
		{0o600, 0o644, 0o600},
		{0o640, 0o644, 0o640},
		{0o644, 0o644, 0o644},
		{0o666, 0o644, 0o644}, // never more than asked
		{0o400, 0o644, 0o600}, // a read-only input: the owner still writes the summary
	} {
		p := filepath.Join(dir, "in")
		os.Remove(p)
		must(t, os.WriteFile(p, nil, 0o600))
		must(t, os.Chmod(p, tt.in))
		if got := PermLike(p, tt.perm); got != tt.want {
			t.Errorf("PermLike(%v, %v) = %v, want %v", tt.in, tt.perm, got, tt.want)
		}
	}
	if got := PermLike("-", 0o644); got != 0o644 {
		t.Errorf("stdin: %v", got)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
