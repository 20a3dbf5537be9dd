//go:build windows

package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// On Windows the final rename must replace the existing file (MoveFileEx with
// MOVEFILE_REPLACE_EXISTING, which os.Rename uses), also under a Windows-style
// path with a drive letter, Hangul and spaces, and again right after: a
// summary saved twice in a row keeps only the newest text and no temporary file.
func TestWriteReplacesOnWindows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "회의 기록")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if filepath.VolumeName(dir) == "" {
		t.Fatalf("%s has no drive letter", dir)
	}
	path := filepath.Join(dir, "주간 회의 요약.md")
	if err := os.WriteFile(path, []byte("이전 요약"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"# 첫 요약\n", "# 새 요약\n"} {
		if err := Write(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != text {
			t.Fatalf("content %q, %v; want %q", got, err, text)
		}
	}
	assertNoTemp(t, dir)
}
