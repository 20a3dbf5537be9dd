package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// ErrDownloading: the partial download is being written by a pull right now.
var ErrDownloading = errors.New("the model is being downloaded")

// Partial is a download that stopped before the end (cancelled, stalled,
// the app closed): its NAME.gguf.part stays in the store so the next pull
// resumes it, and it shows in listings so it can be resumed or removed
// rather than hide hundreds of MB.
type Partial struct {
	Name    string    // the model it will be: a catalog name, or the file's stem
	File    string    // the finished file's name in the store (without .part)
	Size    int64     // bytes downloaded so far
	Total   int64     // the whole file's size when the server gave it, else 0
	URL     string    // where it comes from, when recorded
	ModTime time.Time // the last write
}

// partSuffix ends a partial download's file; partMetaSuffix its record.
const (
	partSuffix     = ".part"
	partMetaSuffix = ".part.json"
)

// Partials lists the store's partial downloads by name, except those of a
// model already in the index (a pull's leftovers are removed with it).
func (s *Store) Partials() ([]Partial, error) {
	ix, err := s.readIndex()
	if err != nil {
		return nil, err
	}
	stored := map[string]bool{}
	for _, m := range ix.Models {
		stored[m.File] = true
	}
	parts, _ := filepath.Glob(filepath.Join(s.root, "*"+partSuffix))
	var out []Partial
	for _, p := range parts {
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() {
			continue
		}
		file := strings.TrimSuffix(filepath.Base(p), partSuffix)
		if stored[file] {
			continue
		}
		pt := Partial{Name: partialName(file), File: file, Size: st.Size(), ModTime: st.ModTime()}
		var meta partMeta
		if b, err := os.ReadFile(p[:len(p)-len(partSuffix)] + partMetaSuffix); err == nil && json.Unmarshal(b, &meta) == nil {
			pt.URL, pt.Total = meta.URL, max(meta.Total, 0)
		}
		out = append(out, pt)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// partialName is the model a partial file will be: the catalog model that
// downloads to file, else the name a URL pull gave it (its stem).
func partialName(file string) string {
	for _, e := range catalog.Models {
		if strings.EqualFold(e.File, file) {
			return e.Name
		}
	}
	return nameFromFile(file)
}

// RemovePartial deletes the partial download of the model called name.
// A pull writing it right now holds the model's lock: then it refuses with
// ErrDownloading instead of pulling the file from under it.
func (s *Store) RemovePartial(ctx context.Context, name string) error {
	parts, err := s.Partials()
	if err != nil {
		return err
	}
	for _, p := range parts {
		if p.Name != name {
			continue
		}
		l, ok, err := tryLockPath(filepath.Join(s.root, "."+name+".lock"))
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("remove partial %q: %w", name, ErrDownloading)
		}
		defer l.release()
		base := filepath.Join(s.root, p.File)
		if err := os.Remove(base + partSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove partial %q: %w", name, err)
		}
		os.Remove(base + partMetaSuffix)
		return nil
	}
	return fmt.Errorf("remove partial %q: %w", name, ErrUnknownModel)
}

// staleTemp is how long a temporary file of the store must have gone
// unwritten before a sweep removes it: a copy in progress writes every
// moment, so only an abandoned one (its process killed) is this old.
const staleTemp = time.Hour

// sweepTemps removes what killed processes left in the store: the
// temporary copies of `models add --copy` (.NAME.gguf.*.tmp) and index
// writes (.index-*.tmp) not written for staleTemp. Partial downloads
// (.part) are not temporary: they are kept for resuming, and listed.
func (s *Store) sweepTemps() {
	for _, pattern := range []string{".*.gguf.*.tmp", ".index-*.tmp"} {
		stray, _ := filepath.Glob(filepath.Join(s.root, pattern))
		for _, p := range stray {
			if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && s.now().Sub(st.ModTime()) > staleTemp {
				os.Remove(p)
			}
		}
	}
}
