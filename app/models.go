package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/gguf"
)

// ModelChoice is one model a person may pick: a catalog entry (downloaded or
// not) or a file in the models store.
type ModelChoice struct {
	Name          string // what Settings.Model takes
	Title         string
	Description   string // English
	DescriptionKo string // Korean ("" when the entry has none)
	Size          int64  // bytes; approximate for a catalog entry not yet downloaded when SizeApprox
	SizeApprox    bool
	Downloaded    bool   // the file is in the store
	Path          string // the file, when downloaded
	// Owned: the store owns the file (downloaded or copied in), so
	// RemoveModel deletes it; false for a file added by reference, which
	// removal leaves where it is (and for a catalog entry not downloaded).
	Owned      bool
	Default    bool // the catalog's default
	Catalog    bool // a catalog entry: Pull can fetch it
	License    string
	LicenseURL string
	// LicenseAccepted: Pull may start. A catalog model's licence must be
	// shown and accepted (AcceptLicense) before its first download.
	LicenseAccepted bool
	Architecture    string // known once downloaded or added
	Quantization    string
	ContextLength   int
}

// Describe is the description in lang ("ko…" Korean when there is one).
func (c ModelChoice) Describe(lang string) string {
	if usererr.IsKorean(lang) && c.DescriptionKo != "" {
		return c.DescriptionKo
	}
	return c.Description
}

// FormatSize writes a byte count the way download sizes are quoted
// ("1.63 GB", "2.1 MB"), so the window and `yoyak models` show the same
// numbers.
func FormatSize(n int64) string { return models.FormatSize(n) }

// Models lists what can be picked: the catalog entries, the default first,
// then the other models of the store by name.
func (s *Service) Models() ([]ModelChoice, error) {
	store, err := s.modelStore()
	if err != nil {
		return nil, err
	}
	stored, err := store.List()
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	byName := map[string]models.Model{}
	for _, m := range stored {
		byName[m.Name] = m
	}
	def := models.Default().Name
	var out []ModelChoice
	for _, e := range models.Catalog() {
		c := ModelChoice{
			Name: e.Name, Title: e.Title, Description: e.Description, DescriptionKo: e.DescriptionKo,
			Size: e.Size, SizeApprox: e.SizeApprox, Default: e.Name == def, Catalog: true,
			License: e.License, LicenseURL: e.LicenseURL, ContextLength: e.ContextLength,
		}
		_, c.LicenseAccepted = store.LicenseAccepted(e.Name)
		if m, ok := byName[e.Name]; ok {
			s.fillStored(store, &c, m)
			delete(byName, e.Name)
		}
		out = append(out, c)
	}
	for _, m := range stored {
		if _, ok := byName[m.Name]; !ok {
			continue
		}
		c := ModelChoice{Name: m.Name, Title: m.Name, LicenseAccepted: true}
		s.fillStored(store, &c, m)
		out = append(out, c)
	}
	return out, nil
}

// fillStored adds what the store knows of a model.
func (s *Service) fillStored(store *models.Store, c *ModelChoice, m models.Model) {
	if p, err := store.Path(m.Name); err == nil && fileExists(p) {
		c.Downloaded, c.Path = true, p
	}
	c.Owned = m.Owned()
	c.Size, c.SizeApprox = m.Size, false
	c.Architecture, c.Quantization = m.Architecture, m.Quantization
	if m.ContextLength > 0 {
		c.ContextLength = m.ContextLength
	}
}

// AcceptLicense records that the person accepted the catalog model's
// licence (after the window or the command line showed it).
func (s *Service) AcceptLicense(ctx context.Context, name string) error {
	store, err := s.modelStore()
	if err != nil {
		return err
	}
	if err := store.AcceptLicense(ctx, name); err != nil {
		return fmt.Errorf("accept licence: %w", err)
	}
	return nil
}

// PullProgress reports a running download.
type PullProgress struct {
	Done, Total int64 // bytes; Total 0 while unknown
	BytesPerSec float64
	Left        time.Duration // 0 while unknown
}

// Pull downloads a catalog model into the store: resumed after an
// interruption (the partial file is kept on cancel), verified by its
// checksum before it is used. progress is called on the calling goroutine.
// Errors wrap models' sentinels (ErrLicenseNotAccepted first of all), which
// Message turns into words.
func (s *Service) Pull(ctx context.Context, name string, progress func(PullProgress)) error {
	store, err := s.modelStore()
	if err != nil {
		return err
	}
	_, err = store.Pull(ctx, models.PullRequest{Name: name}, func(p models.Progress) {
		if progress != nil {
			progress(PullProgress{Done: p.Done, Total: p.Total, BytesPerSec: p.BytesPerSec, Left: p.ETA})
		}
	})
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return ctx.Err()
		}
		return fmt.Errorf("pull %s: %w", name, err)
	}
	return nil
}

// ModelFile describes a GGUF file a person opened, before it is used.
type ModelFile struct {
	Path          string
	Name          string // the file's own name for the model (general.name); may be ""
	Architecture  string
	Quantization  string
	ContextLength int
	Size          int64
}

// InspectModel validates a GGUF file (header, version, architecture,
// tensor data present) and describes it; errors have user messages
// (Message) saying what is wrong.
func (s *Service) InspectModel(path string) (ModelFile, error) {
	info, err := gguf.Inspect(path)
	if err != nil {
		return ModelFile{}, err
	}
	return ModelFile{Path: path, Name: info.Name, Architecture: info.Architecture, Quantization: info.Quantization,
		ContextLength: info.ContextLength, Size: info.Size}, nil
}

// AddModel records a GGUF file in the store by reference (no copy; removing
// it later never deletes the file) and returns it as a choice.
func (s *Service) AddModel(ctx context.Context, path string) (ModelChoice, error) {
	store, err := s.modelStore()
	if err != nil {
		return ModelChoice{}, err
	}
	if err := s.ProbeModel(ctx, path); err != nil {
		return ModelChoice{}, fmt.Errorf("add model: %w", err)
	}
	m, _, err := store.Add(ctx, path, models.AddOptions{})
	if err != nil {
		return ModelChoice{}, fmt.Errorf("add model: %w", err)
	}
	c := ModelChoice{Name: m.Name, Title: m.Name, LicenseAccepted: true}
	s.fillStored(store, &c, m)
	return c, nil
}

// ErrModelInUse: RemoveModel was asked to remove the model a running
// summary uses.
var ErrModelInUse = errors.New("the model is in use by a running summary")

// RemoveModel removes a model from the store (and its file when the store
// owns it: Owned). A model the Service holds loaded is freed first, since
// Windows cannot delete a memory-mapped file; while a running Summarize
// uses it, RemoveModel refuses with ErrModelInUse (stop the run first).
func (s *Service) RemoveModel(ctx context.Context, name string) error {
	store, err := s.modelStore()
	if err != nil {
		return err
	}
	s.prefill.stop()
	// Held throughout: a Summarize marks its file (using) under s.mu before
	// it loads, and Plan counts under s.count, so neither starts on the
	// model halfway through its removal.
	s.count.Lock()
	defer s.count.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if path, err := store.Path(name); err == nil {
		if s.using != "" && samePath(s.using, path) {
			return usererr.New(
				"이 모델로 요약하는 중이라 삭제할 수 없습니다. 요약을 멈춘 뒤 다시 하세요.",
				"This model is in use by a running summary. Stop the summary, then remove it.",
				fmt.Errorf("remove model %s: %w", name, ErrModelInUse))
		}
		var errs []error
		if s.full != nil && samePath(s.full.path, path) {
			errs = append(errs, s.full.m.Close())
			s.full = nil
		}
		if s.vocab != nil && samePath(s.vocab.path, path) {
			errs = append(errs, s.vocab.m.Close())
			s.vocab = nil
		}
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("remove model %s: free it: %w", name, err)
		}
	}
	if err := store.Remove(ctx, name); err != nil {
		return fmt.Errorf("remove model: %w", err)
	}
	return nil
}

// samePath reports whether two paths name one file: the same text, or
// (a path given another way, a link) the same file on disk.
func samePath(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}
