package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"github.com/yoyak/yoyak/models/gguf"
)

// DataDirEnv overrides Yoyak's per-user data folder (normally
// $XDG_DATA_HOME/yoyak); models live in its models/ subfolder.
const DataDirEnv = "YOYAK_DATA_DIR"

// Store errors callers branch on.
var (
	ErrUnknownModel       = errors.New("no such model")
	ErrLicenseNotAccepted = errors.New("the model's licence has not been accepted")
	ErrExists             = errors.New("a model of that name already exists")
	// ErrInvalidName: a model name other than letters, digits, '.', '_', '-'.
	ErrInvalidName = errors.New("invalid model name (letters, digits, . _ -)")
	// ErrInvalidURL: a download address or mirror that is not http(s)://host….
	ErrInvalidURL = errors.New("not an http(s) URL")
	// ErrInvalidSHA256: a checksum that is not 64 hex digits.
	ErrInvalidSHA256 = errors.New("sha256 must be 64 hex digits")
)

// Sources of a stored model.
const (
	SourceCatalog = "catalog" // pulled from the catalog
	SourceURL     = "url"     // pulled from a URL the user gave
	SourceAdded   = "added"   // a file the user added (referenced in place or copied)
)

// Model is one entry of the store's index.
type Model struct {
	Name string `json:"name"`
	// File is the model's path: relative to the store for downloaded and
	// copied files, absolute for files added by reference.
	File              string     `json:"file"`
	SHA256            string     `json:"sha256,omitempty"`
	Size              int64      `json:"size"`
	Source            string     `json:"source"`
	URL               string     `json:"url,omitempty"`
	Architecture      string     `json:"architecture,omitempty"`
	Quantization      string     `json:"quantization,omitempty"`
	ContextLength     int        `json:"context_length,omitempty"`
	AddedAt           time.Time  `json:"added_at"`
	LicenseAcceptedAt *time.Time `json:"license_accepted_at,omitempty"`
}

// Owned reports whether the store owns the model's file (downloaded or
// copied in): Remove deletes an owned file and keeps a file added by
// reference where it is.
func (m Model) Owned() bool { return !filepath.IsAbs(m.File) }

type index struct {
	Version int       `json:"version"`
	Models  []Model   `json:"models"`
	Licence []licence `json:"licenses,omitempty"`
}

type licence struct {
	Model      string    `json:"model"`
	License    string    `json:"license"`
	AcceptedAt time.Time `json:"accepted_at"`
}

// Store keeps model files and their index in one folder. Safe for use by
// several goroutines and processes at once: index changes happen under a
// file lock, and each model's download under its own.
type Store struct {
	root string
	// Downloader fetches pulls; its zero value is fine.
	Downloader Downloader
	now        func() time.Time
}

// DataDir is Yoyak's per-user data folder: $YOYAK_DATA_DIR, else
// $XDG_DATA_HOME/yoyak (per platform, from github.com/adrg/xdg). Models and
// history live in subfolders of it, so one variable moves them all.
func DataDir() string {
	if d := os.Getenv(DataDirEnv); d != "" {
		return d
	}
	return filepath.Join(xdg.DataHome, "yoyak")
}

// DefaultDir is the models folder: DataDir()/models.
func DefaultDir() string { return filepath.Join(DataDir(), "models") }

// OpenStore opens (creating, mode 0700) the store in root; "" means
// DefaultDir(). It sweeps temporary files that killed processes left there.
func OpenStore(root string) (*Store, error) {
	if root == "" {
		root = DefaultDir()
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("model store: %w", err)
	}
	s := &Store{root: root, now: time.Now}
	s.sweepTemps()
	return s, nil
}

// Root is the store's folder.
func (s *Store) Root() string { return s.root }

func (s *Store) indexPath() string { return filepath.Join(s.root, "index.json") }

// readIndex loads the index; a missing file is an empty index. Stray
// temporary files from a crash mid-write are ignored (and swept on write).
func (s *Store) readIndex() (index, error) {
	var ix index
	b, err := os.ReadFile(s.indexPath())
	if errors.Is(err, os.ErrNotExist) {
		return index{Version: 1}, nil
	}
	if err != nil {
		return ix, fmt.Errorf("model index: %w", err)
	}
	if err := json.Unmarshal(b, &ix); err != nil {
		return ix, fmt.Errorf("model index %s is damaged: %w", s.indexPath(), err)
	}
	return ix, nil
}

// writeIndex replaces the index atomically: a temporary file in the same
// folder, synced, then renamed over the old one.
func (s *Store) writeIndex(ix index) error {
	ix.Version = 1
	sort.Slice(ix.Models, func(i, j int) bool { return ix.Models[i].Name < ix.Models[j].Name })
	b, err := json.MarshalIndent(ix, "", "  ")
	if err != nil {
		return fmt.Errorf("model index: %w", err)
	}
	tmp, err := os.CreateTemp(s.root, ".index-*.tmp")
	if err != nil {
		return fmt.Errorf("model index: %w", diskErr(err))
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("model index: %w", diskErr(err))
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("model index: %w", diskErr(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("model index: %w", diskErr(err))
	}
	if err := os.Rename(tmp.Name(), s.indexPath()); err != nil {
		return fmt.Errorf("model index: %w", err)
	}
	syncDir(s.root)
	// Sweep temporaries an earlier crash left behind (older than a minute, so
	// another process's write in flight is never touched).
	if stray, _ := filepath.Glob(filepath.Join(s.root, ".index-*.tmp")); len(stray) > 0 {
		for _, p := range stray {
			if st, err := os.Stat(p); err == nil && s.now().Sub(st.ModTime()) > time.Minute {
				os.Remove(p)
			}
		}
	}
	return nil
}

// update runs fn on the index under the index lock and writes the result.
func (s *Store) update(ctx context.Context, fn func(ix *index) error) error {
	l, err := lockPath(ctx, filepath.Join(s.root, ".index.lock"))
	if err != nil {
		return err
	}
	defer l.unlock()
	ix, err := s.readIndex()
	if err != nil {
		return err
	}
	if err := fn(&ix); err != nil {
		return err
	}
	return s.writeIndex(ix)
}

// List returns the stored models by name.
func (s *Store) List() ([]Model, error) {
	ix, err := s.readIndex()
	return ix.Models, err
}

// Get returns the stored model called name (ErrUnknownModel if none).
func (s *Store) Get(name string) (Model, error) {
	ix, err := s.readIndex()
	if err != nil {
		return Model{}, err
	}
	for _, m := range ix.Models {
		if m.Name == name {
			return m, nil
		}
	}
	return Model{}, fmt.Errorf("model %q: %w", name, ErrUnknownModel)
}

// Path is the absolute path of a stored model's file.
func (s *Store) Path(name string) (string, error) {
	m, err := s.Get(name)
	if err != nil {
		return "", err
	}
	return s.abs(m), nil
}

func (s *Store) abs(m Model) string {
	if filepath.IsAbs(m.File) {
		return m.File
	}
	return filepath.Join(s.root, m.File)
}

// AcceptLicense records that the user accepted the catalog model's licence;
// Pull refuses a catalog model until this is done.
func (s *Store) AcceptLicense(ctx context.Context, name string) error {
	e, ok := Lookup(name)
	if !ok {
		return fmt.Errorf("accept licence of %q: %w", name, ErrUnknownModel)
	}
	return s.update(ctx, func(ix *index) error {
		for i := range ix.Licence {
			if ix.Licence[i].Model == name && ix.Licence[i].License == e.License {
				return nil
			}
		}
		ix.Licence = append(ix.Licence, licence{Model: name, License: e.License, AcceptedAt: s.now().UTC()})
		return nil
	})
}

// LicenseAccepted reports when the catalog model's current licence was accepted.
func (s *Store) LicenseAccepted(name string) (time.Time, bool) {
	e, ok := Lookup(name)
	if !ok {
		return time.Time{}, false
	}
	ix, err := s.readIndex()
	if err != nil {
		return time.Time{}, false
	}
	for _, l := range ix.Licence {
		if l.Model == name && l.License == e.License {
			return l.AcceptedAt, true
		}
	}
	return time.Time{}, false
}

// AddOptions tune Add.
type AddOptions struct {
	Name string // defaults to the file name without .gguf
	// Copy copies the file into the store; otherwise the index refers to
	// it where it is (no second 1.6 GB copy; removing the entry later never
	// deletes the user's file).
	Copy bool
}

// Add validates a GGUF file the user has (gguf.Inspect: magic, version,
// architecture, tensor data present) and records it in the index.
func (s *Store) Add(ctx context.Context, file string, opts AddOptions) (Model, gguf.Info, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return Model{}, gguf.Info{}, fmt.Errorf("add model: %w", err)
	}
	info, err := gguf.Inspect(abs)
	if err != nil {
		return Model{}, info, err
	}
	name := opts.Name
	if name == "" {
		name = nameFromFile(abs)
	}
	if !validName(name) {
		return Model{}, info, fmt.Errorf("add model %q: %w", name, ErrInvalidName)
	}
	m := Model{Name: name, File: abs, Size: info.Size, Source: SourceAdded,
		Architecture: info.Architecture, Quantization: info.Quantization, ContextLength: info.ContextLength, AddedAt: s.now().UTC()}
	// A copy goes to a temporary file first and is renamed into place only
	// under the index lock, once the name is known to be free: renaming
	// earlier would overwrite (and then delete) a model already stored
	// under that name.
	var tmp, copied string
	if opts.Copy {
		m.File = name + ".gguf"
		if reservedFile(m.File) {
			return Model{}, info, fmt.Errorf("add model: name %q is a catalog model's: %w", name, ErrExists)
		}
		if tmp, err = copyToTemp(ctx, abs, s.root, m.File); err != nil {
			return Model{}, info, err
		}
		defer os.Remove(tmp)
	}
	err = s.update(ctx, func(ix *index) error {
		for _, old := range ix.Models {
			if old.Name == name {
				return fmt.Errorf("add model %q: %w", name, ErrExists)
			}
		}
		if tmp != "" {
			dst := filepath.Join(s.root, m.File)
			if err := os.Rename(tmp, dst); err != nil {
				return fmt.Errorf("copy model: %w", err)
			}
			copied = dst
			syncDir(s.root)
		}
		ix.Models = append(ix.Models, m)
		return nil
	})
	if err != nil && copied != "" {
		os.Remove(copied) // renamed in, but the index write failed
	}
	return m, info, err
}

// Remove deletes a model from the index and, when the store owns the file
// (downloaded or copied), the file too. Files added by reference are kept.
func (s *Store) Remove(ctx context.Context, name string) error {
	var victim string
	err := s.update(ctx, func(ix *index) error {
		for i, m := range ix.Models {
			if m.Name == name {
				if m.Owned() {
					victim = filepath.Join(s.root, m.File)
				}
				ix.Models = append(ix.Models[:i], ix.Models[i+1:]...)
				return nil
			}
		}
		return fmt.Errorf("remove model %q: %w", name, ErrUnknownModel)
	})
	if err != nil {
		return err
	}
	if victim != "" {
		if err := os.Remove(victim); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove model %q: %w", name, err)
		}
		os.Remove(victim + ".part")
		os.Remove(victim + ".part.json")
	}
	return nil
}

// PullRequest says what to pull: a catalog entry by name, or a URL with its checksum.
type PullRequest struct {
	Name    string // catalog name; or the store name for a URL pull
	URL     string // set for a URL pull
	SHA256  string // required with URL
	BaseURL string // mirror for catalog URLs ("" = $YOYAK_MODEL_BASE_URL)
}

// Pull downloads a model into the store, resuming an earlier attempt, and
// records it in the index. Two pulls of the same model (in this process or
// another) never write the same file at once: the second waits, then finds
// the model present. A catalog model needs its licence accepted first.
func (s *Store) Pull(ctx context.Context, req PullRequest, onProgress func(Progress)) (Model, error) {
	m := Model{Name: req.Name}
	d := s.Downloader
	var rawURL string
	if req.URL == "" {
		e, ok := Lookup(req.Name)
		if !ok {
			return Model{}, fmt.Errorf("pull %q: not in the catalog: %w", req.Name, ErrUnknownModel)
		}
		at, ok := s.LicenseAccepted(e.Name)
		if !ok {
			return Model{}, fmt.Errorf("pull %q (%s): %w", e.Name, e.License, ErrLicenseNotAccepted)
		}
		u, err := e.DownloadURL(req.BaseURL)
		if err != nil {
			return Model{}, err
		}
		rawURL = u
		m.File, m.SHA256, m.Source, m.LicenseAcceptedAt = e.File, e.SHA256, SourceCatalog, &at
		if d.ExpectedSize == 0 {
			d.ExpectedSize = e.Size
		}
	} else {
		u, err := url.Parse(req.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return Model{}, fmt.Errorf("pull %q: %w", req.URL, ErrInvalidURL)
		}
		if !validSHA256(strings.ToLower(req.SHA256)) {
			return Model{}, fmt.Errorf("pull %s: %w", req.URL, ErrInvalidSHA256)
		}
		if m.Name == "" {
			m.Name = nameFromFile(path.Base(u.Path))
		}
		if !validName(m.Name) {
			return Model{}, fmt.Errorf("pull %s: name %q: %w", req.URL, m.Name, ErrInvalidName)
		}
		if reservedFile(m.Name + ".gguf") {
			return Model{}, fmt.Errorf("pull %s: name %q is a catalog model's: %w", req.URL, m.Name, ErrExists)
		}
		rawURL = req.URL
		m.File, m.SHA256, m.Source = m.Name+".gguf", strings.ToLower(req.SHA256), SourceURL
	}
	m.URL = rawURL

	// The model's own lock (pulls of other models go on meanwhile); its
	// file goes when this pull is done.
	l, err := lockPath(ctx, filepath.Join(s.root, "."+m.Name+".lock"))
	if err != nil {
		return Model{}, err
	}
	defer l.release()

	if old, err := s.Get(m.Name); err == nil {
		if old.SHA256 != "" && old.SHA256 == m.SHA256 {
			if _, err := os.Stat(s.abs(old)); err == nil {
				return old, nil // already here (perhaps pulled by the process we waited for)
			}
		} else {
			return Model{}, fmt.Errorf("pull %q: %w (remove it first)", m.Name, ErrExists)
		}
	}

	dest := filepath.Join(s.root, m.File)
	if err := d.Download(ctx, rawURL, dest, m.SHA256, onProgress); err != nil {
		return Model{}, err
	}
	info, err := gguf.Inspect(dest)
	if err != nil && !errors.Is(err, gguf.ErrUnsupportedArch) {
		os.Remove(dest)
		return Model{}, fmt.Errorf("pull %q: the downloaded file is not a usable model: %w", m.Name, err)
	}
	m.Size, m.Architecture, m.Quantization, m.ContextLength = info.Size, info.Architecture, info.Quantization, info.ContextLength
	m.AddedAt = s.now().UTC()
	err = s.update(ctx, func(ix *index) error {
		for i := range ix.Models {
			if ix.Models[i].Name == m.Name {
				ix.Models[i] = m
				return nil
			}
		}
		ix.Models = append(ix.Models, m)
		return nil
	})
	return m, err
}

// reservedFile reports whether a catalog model downloads to this file name,
// so no other model may be stored under it.
func reservedFile(file string) bool {
	for _, e := range catalog.Models {
		if strings.EqualFold(e.File, file) {
			return true
		}
	}
	return false
}

func nameFromFile(p string) string {
	base := filepath.Base(p)
	return strings.TrimSuffix(strings.TrimSuffix(base, ".gguf"), ".GGUF")
}

// copyToTemp copies src to a temporary file in dir named after file,
// synced and closed, cancellable; the caller renames it into place (or
// removes it).
func copyToTemp(ctx context.Context, src, dir, file string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("copy model: %w", err)
	}
	defer in.Close()
	tmp, err := os.CreateTemp(dir, "."+file+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("copy model: %w", diskErr(err))
	}
	fail := func(err error) (string, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", fmt.Errorf("copy model: %w", err)
	}
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		n, rerr := in.Read(buf)
		if n > 0 {
			if _, err := tmp.Write(buf[:n]); err != nil {
				return fail(diskErr(err))
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fail(rerr)
		}
	}
	if err := tmp.Sync(); err != nil {
		return fail(diskErr(err))
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("copy model: %w", diskErr(err))
	}
	return tmp.Name(), nil
}
