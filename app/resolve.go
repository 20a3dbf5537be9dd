package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/models"
)

// ModelInfo is a model resolved for a run: its file and how to prompt it.
type ModelInfo struct {
	Name          string             // catalog or store name, or the file's base name
	Path          string             // the .gguf file
	Template      Template           // the prompt around the text
	Sampling      inference.Sampling // the catalog's sampling
	ContextLength int                // the catalog's context; 0 = the model's trained one
	Catalog       bool               // false: a file of the user's, with the default entry's template and sampling
}

// ErrNoModel is wrapped when no model is available: the default one is not
// downloaded, or a named one is unknown. The window shows its first-run
// panel; the command line says how to get one.
var ErrNoModel = errors.New("no model")

// defaultSampling is the model card's: temperature 0.1, top_k 50, top_p
// 0.95, repetition penalty 1.2 over the whole context.
var defaultSampling = inference.Sampling{Temperature: 0.1, TopK: 50, TopP: 0.95, RepeatPenalty: 1.2, RepeatLastN: -1}

// ResolveModel finds the model a setting names: "" for the default catalog
// entry, a name in the models store (a catalog entry pulled, or a file the
// user added), or a path to a .gguf file. A model without a catalog entry of
// its own is prompted like the default entry. Errors wrap ErrNoModel, with
// a user message saying how to get one.
func (s *Service) ResolveModel(name string) (ModelInfo, error) {
	if isPath(name) {
		return fileModel(name)
	}
	lookup := name
	if lookup == "" {
		lookup = models.Default().Name
	}
	e, inCatalog := models.Lookup(lookup)
	store, err := s.modelStore()
	if err != nil {
		return ModelInfo{}, err
	}
	m, err := store.Get(lookup)
	if err != nil {
		return ModelInfo{}, noModel(name, err)
	}
	if !inCatalog {
		e = models.Default()
	}
	info, err := entryInfo(e)
	if err != nil {
		return ModelInfo{}, err
	}
	info.Name, info.Catalog = m.Name, inCatalog
	if info.Path, err = store.Path(m.Name); err != nil {
		return ModelInfo{}, noModel(name, err)
	}
	if _, err := os.Stat(info.Path); err != nil {
		return ModelInfo{}, noModel(name, err)
	}
	return info, nil
}

// modelStore opens the models store on first use.
func (s *Service) modelStore() (*models.Store, error) {
	s.storeMu.Lock()
	defer s.storeMu.Unlock()
	if s.store != nil {
		return s.store, nil
	}
	st, err := models.OpenStore(s.cfg.ModelsDir)
	if err != nil {
		return nil, usererr.New("모델 폴더를 열 수 없습니다.", "The models folder cannot be opened.", err)
	}
	s.store = st
	return st, nil
}

// entryInfo is a catalog entry's prompt, sampling and context.
func entryInfo(e models.Entry) (ModelInfo, error) {
	t, err := ParseTemplate(e.PromptTemplate)
	if err != nil {
		return ModelInfo{}, fmt.Errorf("model %s: %w", e.Name, err)
	}
	return ModelInfo{
		Name: e.Name, Template: t, ContextLength: e.ContextLength, Catalog: true,
		Sampling: inference.Sampling{
			Temperature: e.Sampling.Temperature, TopK: e.Sampling.TopK, TopP: e.Sampling.TopP,
			RepeatPenalty: e.Sampling.RepeatPenalty, RepeatLastN: -1,
		},
	}, nil
}

// isPath reports whether a model setting names a file rather than an entry.
func isPath(name string) bool {
	return strings.ContainsAny(name, `/\`) || strings.HasSuffix(strings.ToLower(name), ".gguf")
}

// fileModel is a user's own GGUF file, prompted like the default entry.
func fileModel(path string) (ModelInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return ModelInfo{}, usererr.New(
			fmt.Sprintf("모델 파일을 찾을 수 없습니다: %s", path),
			fmt.Sprintf("Model file not found: %s", path),
			fmt.Errorf("model %s: %w", path, err))
	}
	if st.IsDir() {
		return ModelInfo{}, usererr.New(
			fmt.Sprintf("모델 파일이 아니라 폴더입니다: %s", path),
			fmt.Sprintf("The model path is a folder, not a file: %s", path),
			fmt.Errorf("model %s: is a folder: %w", path, ErrNoModel))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	info, err := entryInfo(models.Default())
	if err != nil { // the embedded catalog is tested; keep the model card's prompt anyway
		info = ModelInfo{Template: DefaultPromptTemplate(), Sampling: defaultSampling}
	}
	info.Name, info.Path, info.Catalog = filepath.Base(path), abs, false
	return info, nil
}

// noModel says how to get a model.
func noModel(name string, cause error) error {
	if cause == nil {
		cause = ErrNoModel
	} else {
		cause = fmt.Errorf("%w: %w", ErrNoModel, cause)
	}
	if name == "" {
		return usererr.New(
			"요약 모델이 없습니다. `yoyak models pull`로 기본 모델을 받거나 --model로 GGUF 파일을 지정하세요.",
			"No summarization model yet. Get the default one with `yoyak models pull`, or name a GGUF file with --model.",
			cause)
	}
	if _, ok := models.Lookup(name); ok {
		return usererr.New(
			fmt.Sprintf("모델 %q을(를) 아직 받지 않았습니다. `yoyak models pull %s`로 받으세요.", name, name),
			fmt.Sprintf("Model %q is not downloaded yet. Get it with `yoyak models pull %s`.", name, name),
			fmt.Errorf("model %q: %w", name, cause))
	}
	return usererr.New(
		fmt.Sprintf("모델 %q을(를) 찾을 수 없습니다. `yoyak models list`로 사용할 수 있는 모델을 확인하세요.", name),
		fmt.Sprintf("Model %q not found. See the available ones with `yoyak models list`.", name),
		fmt.Errorf("model %q: %w", name, cause))
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
