package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// A writer handed out (as the save dialog does) and closed unwritten leaves
// the file as it was; one that is written to replaces it as before.
func TestDeferredWritesLeaveAnUnwrittenFile(t *testing.T) {
	test.NewTempApp(t)
	installDeferredWrites()
	installDeferredWrites() // twice is once
	path := filepath.Join(t.TempDir(), "회의.txt")
	if err := os.WriteFile(path, []byte("원본 전사문"), 0o600); err != nil {
		t.Fatal(err)
	}
	u := storage.NewFileURI(path)
	wc, err := storage.Writer(u)
	if err != nil {
		t.Fatal(err)
	}
	if wc.URI().Path() != path {
		t.Errorf("URI %s, want %s", wc.URI(), path)
	}
	if err := wc.Close(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "원본 전사문" {
		t.Fatalf("an unwritten writer changed the file: %q", b)
	}
	fresh := filepath.Join(filepath.Dir(path), "새 파일.md")
	wc, _ = storage.Writer(storage.NewFileURI(fresh))
	wc.Close()
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("an unwritten writer created %s: %v", fresh, err)
	}
	wc, _ = storage.Writer(u)
	if _, err := wc.Write([]byte("새 내용")); err != nil {
		t.Fatal(err)
	}
	wc.Close()
	if b, _ := os.ReadFile(path); string(b) != "새 내용" {
		t.Errorf("written = %q, want 새 내용", b)
	}
	if ok, err := storage.CanList(storage.NewFileURI(filepath.Dir(path))); !ok || err != nil {
		t.Errorf("the wrapped repository no longer lists folders: %v %v", ok, err)
	}
}
