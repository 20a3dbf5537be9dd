package app

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/inference/remote"
	"github.com/yoyak/yoyak/models"
)

// remoteEngine runs the pipeline on an inference server (package
// inference/remote) instead of this computer. Loading is connecting: it
// asks the server what it is, which model it serves, its context per slot
// and its slots. The model file path of the Engine seam means nothing here.
type remoteEngine struct {
	opts remote.Options
}

func (e remoteEngine) Load(ctx context.Context, _ string, _ LoadOptions, _ func(float64)) (Model, error) {
	srv, err := remote.Connect(ctx, e.opts)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	return &remoteModel{srv: srv, ctx: ctx}, nil
}

// remoteModel is a server's model for one run (or one plan). The Model
// seam's Tokenize has no context (the local tokenizer takes microseconds);
// here a token count is an HTTP call, so it runs under the context the
// model was connected with: cancelling the run cancels it.
type remoteModel struct {
	srv *remote.Server
	ctx context.Context
}

func (m *remoteModel) Tokenize(text string, addBOS bool) ([]inference.Token, error) {
	return m.srv.Tokenize(m.ctx, text, addBOS)
}

// TrainedContext is the context one request may fill on the server (its
// per-slot context), 0 when the server does not say.
func (m *remoteModel) TrainedContext() int { return m.srv.Info().Context }

func (m *remoteModel) Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error) {
	return m.srv.Generate(ctx, req, on)
}

// Close drops the connections kept open for the next request.
func (m *remoteModel) Close() error {
	m.srv.Close()
	return nil
}

// FreeSlots is how many passes may run at once now: the server's idle
// slots (at least 1).
func (m *remoteModel) FreeSlots(ctx context.Context) int {
	n, err := m.srv.FreeSlots(ctx)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// remoteOptions are the connection options for set, over the configured
// timeouts.
func (s *Service) remoteOptions(set ServerSettings) remote.Options {
	o := s.cfg.Remote
	o.URL, o.APIKey, o.Model = set.URL, set.APIKey, set.Model
	return o
}

// remoteModel connects to the server set names and describes its model for
// the pipeline: the model card's prompt and sampling (the catalog entry of
// the same name when there is one, else the default entry's: a server for
// Yoyak runs the default model, see packaging/server), the server's context.
func (s *Service) remoteModel(ctx context.Context, set ServerSettings) (*remoteModel, ModelInfo, error) {
	m, err := remoteEngine{opts: s.remoteOptions(set)}.Load(ctx, "", LoadOptions{}, nil)
	if err != nil {
		return nil, ModelInfo{}, err
	}
	rm := m.(*remoteModel)
	si := rm.srv.Info()
	entry := models.Default()
	stem := strings.TrimSuffix(path.Base(si.Model), ".gguf")
	if e, ok := models.Lookup(stem); ok {
		entry = e
	}
	info, err := entryInfo(entry)
	if err != nil {
		info = ModelInfo{Template: DefaultPromptTemplate(), Sampling: defaultSampling}
	}
	info.Name, info.Path, info.Catalog = si.Model, si.URL, false
	info.ContextLength = si.Context
	if si.Context == 0 {
		info.ContextLength = remote.DefaultContext
	}
	return rm, info, nil
}
