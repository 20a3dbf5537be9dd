package models

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A stopped download is listed (name, bytes so far, total) and can be
// removed, but not from under a pull that is writing it.
func TestPartials(t *testing.T) {
	s, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cat := Default()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(s.Root(), name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(cat.File+".part", "0123456789")
	write(cat.File+".part.json", `{"url":"http://127.0.0.1/x.gguf","sha256":"`+cat.SHA256+`","total":100}`)
	write("mine.gguf.part", "01234")
	parts, err := s.Partials()
	if err != nil {
		t.Fatal(err)
	}
	if len(parts) != 2 {
		t.Fatalf("partials %+v, want 2", parts)
	}
	byName := map[string]Partial{}
	for _, p := range parts {
		byName[p.Name] = p
	}
	if p := byName[cat.Name]; p.File != cat.File || p.Size != 10 || p.Total != 100 {
		t.Errorf("catalog partial %+v", p)
	}
	if p := byName["mine"]; p.File != "mine.gguf" || p.Size != 5 || p.Total != 0 {
		t.Errorf("url partial %+v", p)
	}

	// A pull holds the model's lock: removing is refused, nothing deleted.
	l, err := lockPath(context.Background(), filepath.Join(s.Root(), ".mine.lock"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemovePartial(context.Background(), "mine"); !errors.Is(err, ErrDownloading) {
		t.Errorf("remove during a pull: %v", err)
	}
	l.release()
	for _, name := range []string{"mine", cat.Name} {
		if err := s.RemovePartial(context.Background(), name); err != nil {
			t.Errorf("remove %s: %v", name, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(s.Root(), "*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	if err := s.RemovePartial(context.Background(), "none"); !errors.Is(err, ErrUnknownModel) {
		t.Errorf("remove unknown: %v", err)
	}
}

// Opening the store sweeps the temporary files killed processes left
// (old ones only: a copy in progress is written every moment), and keeps
// partial downloads, which resume.
func TestOpenStoreSweepsStaleTemps(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * staleTemp)
	files := map[string]bool{ // name: kept
		".big.gguf.123.tmp":   false,
		".index-456.tmp":      false,
		".fresh.gguf.789.tmp": true,
		"big.gguf.part":       true,
		"big.gguf.part.json":  true,
		"notes.tmp":           true, // not ours
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name != ".fresh.gguf.789.tmp" {
			os.Chtimes(p, old, old)
		}
	}
	if _, err := OpenStore(dir); err != nil {
		t.Fatal(err)
	}
	for name, kept := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if (err == nil) != kept {
			t.Errorf("%s: kept %v, want %v", name, err == nil, kept)
		}
	}
}
