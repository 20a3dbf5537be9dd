// Package history keeps the summaries a person made, one JSON file each, in
// the xdg data folder (xdg.DataHome/yoyak/history), so the window can list
// them with date and source, reopen and delete them.
//
// Every entry is written to a temporary file, synced and renamed into place,
// so a crash or a full disk leaves either the whole entry or none; the
// temporary files a crash leaves behind are ignored (and swept by Add).
package history

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/models"
)

// Entry is one kept summary.
type Entry struct {
	ID      string    `json:"id"`      // assigned by Add: sortable by time, safe as a file name
	Created time.Time `json:"created"` // assigned by Add when zero
	Source  string    `json:"source"`  // the transcript's name ("-" for stdin, "" when pasted)
	Model   string    `json:"model"`   // the model's name

	Chars   int    `json:"chars"`   // the transcript's length in characters
	Excerpt string `json:"excerpt"` // its beginning, for the list
	Hash    string `json:"sha256"`  // hex SHA-256 of the transcript text, to spot a repeat

	Summary summary.Summary `json:"summary"` // the final answer, parsed
	Text    string          `json:"text"`    // the final answer as the model wrote it

	Parts   int           `json:"parts"`   // 1 when it fit one pass
	Tokens  int           `json:"tokens"`  // tokens generated
	Elapsed time.Duration `json:"elapsed"` // wall time of the run
}

// Title is what a list shows for the entry: the summary's title, else the
// source, else the excerpt's first line.
func (e Entry) Title() string {
	if t := strings.TrimSpace(e.Summary.Title); t != "" {
		return t
	}
	if e.Source != "" && e.Source != "-" {
		return e.Source
	}
	first, _, _ := strings.Cut(e.Excerpt, "\n")
	return first
}

// ExcerptRunes is how much of a transcript an entry keeps.
const ExcerptRunes = 200

// Excerpt returns the start of text, at most ExcerptRunes characters.
func Excerpt(text string) string {
	text = strings.TrimSpace(text)
	n := 0
	for i := range text {
		if n == ExcerptRunes {
			return text[:i] + "…"
		}
		n++
	}
	return text
}

// Hash returns the hex SHA-256 of text.
func Hash(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:])
}

// ErrNotFound is returned by Get and Delete for an id that is not kept.
var ErrNotFound = errors.New("history entry not found")

// Store is a history folder.
type Store struct {
	dir string
	now func() time.Time
}

// DefaultDir is $YOYAK_DATA_DIR/history, else xdg.DataHome/yoyak/history:
// beside the models store (models.DataDirEnv moves both).
func DefaultDir() string { return filepath.Join(models.DataDir(), "history") }

// Open returns the store in dir ("" for DefaultDir), creating the folder
// (0700: summaries of meetings are private) when it is missing.
func Open(dir string) (*Store, error) {
	if dir == "" {
		dir = DefaultDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open history: %w", err)
	}
	return &Store{dir: dir, now: time.Now}, nil
}

// Dir is the store's folder.
func (s *Store) Dir() string { return s.dir }

const (
	ext       = ".json"
	tmpPrefix = atomicfile.TempPrefix
)

// idPattern is what Add assigns: UTC time to the microsecond and a random
// suffix. Get and Delete refuse anything else, so an id never names a path
// outside the folder.
var idPattern = regexp.MustCompile(`^[0-9]{8}T[0-9]{6}\.[0-9]{6}Z-[0-9a-f]{8}$`)

func newID(t time.Time) string {
	var b [4]byte
	rand.Read(b[:])
	return t.UTC().Format("20060102T150405.000000Z") + "-" + hex.EncodeToString(b[:])
}

// Add keeps e, assigning its ID and (when zero) its Created time, and
// returns it as kept.
func (s *Store) Add(e Entry) (Entry, error) {
	if e.Created.IsZero() {
		e.Created = s.now()
	}
	e.ID = newID(e.Created)
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return Entry{}, fmt.Errorf("history add: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(s.dir, e.ID+ext), append(data, '\n'), 0o600); err != nil {
		return Entry{}, fmt.Errorf("history add: %w", err)
	}
	s.sweep()
	return e, nil
}

// sweep removes temporary files older than an hour: leftovers of a crash
// (a younger one may belong to another window writing right now).
func (s *Store) sweep() {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return
	}
	for _, de := range ents {
		if !strings.HasPrefix(de.Name(), tmpPrefix) {
			continue
		}
		if info, err := de.Info(); err == nil && s.now().Sub(info.ModTime()) > time.Hour {
			os.Remove(filepath.Join(s.dir, de.Name()))
		}
	}
}

// List returns the kept entries, newest first. Files that are not entries —
// temporary leftovers, damaged or foreign files — are skipped.
func (s *Store) List() ([]Entry, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("history list: %w", err)
	}
	var out []Entry
	for _, de := range ents {
		id, ok := strings.CutSuffix(de.Name(), ext)
		if !ok || !idPattern.MatchString(id) || !de.Type().IsRegular() {
			continue
		}
		e, err := s.read(id)
		if err != nil {
			continue
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// Get returns the entry id.
func (s *Store) Get(id string) (Entry, error) {
	if !idPattern.MatchString(id) {
		return Entry{}, fmt.Errorf("history get %q: %w", id, ErrNotFound)
	}
	e, err := s.read(id)
	if errors.Is(err, os.ErrNotExist) {
		return Entry{}, fmt.Errorf("history get %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("history get %q: %w", id, err)
	}
	return e, nil
}

func (s *Store) read(id string) (Entry, error) {
	data, err := os.ReadFile(filepath.Join(s.dir, id+ext))
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return Entry{}, err
	}
	if e.ID != id {
		return Entry{}, fmt.Errorf("entry %s names itself %q", id, e.ID)
	}
	return e, nil
}

// Delete removes the entry id.
func (s *Store) Delete(id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("history delete %q: %w", id, ErrNotFound)
	}
	err := os.Remove(filepath.Join(s.dir, id+ext))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("history delete %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("history delete %q: %w", id, err)
	}
	return nil
}
