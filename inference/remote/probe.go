package remote

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
)

// DefaultContext is the context assumed for an Ollama model: Ollama's
// OpenAI-compatible API neither reports nor sets num_ctx, and 2048 is the
// smallest default it has shipped with. A larger one set on the server
// (OLLAMA_CONTEXT_LENGTH, or num_ctx in a Modelfile) can be used with the
// context-size setting.
const DefaultContext = 2048

// props is the part of llama-server's GET /props used here.
type props struct {
	TotalSlots int    `json:"total_slots"`
	ModelPath  string `json:"model_path"`
	Default    struct {
		NCtx int `json:"n_ctx"`
	} `json:"default_generation_settings"`
}

// modelList is GET /v1/models.
type modelList struct {
	Data []struct {
		ID          string `json:"id"`
		OwnedBy     string `json:"owned_by"`
		MaxModelLen int    `json:"max_model_len"` // vLLM
	} `json:"data"`
}

// probe fills s.info: llama-server first (its /props is unique to it), then
// the OpenAI model list.
func (s *Server) probe(ctx context.Context) error {
	var p props
	err := s.call(ctx, "GET", "/props", nil, &p)
	switch {
	case err == nil && p.Default.NCtx > 0:
		return s.probeLlama(ctx, p)
	case err != nil && !isNotFound(err) && !errors.Is(err, ErrNotServer) && !errors.Is(err, ErrServer):
		return err // unreachable, 401/403, cancelled
	}
	var ml modelList
	if err := s.call(ctx, "GET", "/v1/models", nil, &ml); err != nil {
		if isNotFound(err) || errors.Is(err, ErrServer) {
			return fmt.Errorf("%s: %w", s.base.Host, ErrNotServer)
		}
		return err
	}
	if len(ml.Data) == 0 {
		return fmt.Errorf("%s: %w: the server lists no models", s.base.Host, ErrModelNotFound)
	}
	for _, m := range ml.Data {
		s.info.Models = append(s.info.Models, m.ID)
	}
	i, err := s.pickModel()
	if err != nil {
		return err
	}
	s.info.Model = ml.Data[i].ID
	switch {
	case ml.Data[i].OwnedBy == "vllm" || ml.Data[i].MaxModelLen > 0:
		s.info.Kind, s.info.Context, s.info.CountsTokens = VLLM, ml.Data[i].MaxModelLen, true
	case s.call(ctx, "GET", "/api/version", nil, &struct{ Version string }{}) == nil:
		s.info.Kind = Ollama
	default:
		s.info.Kind = OpenAI
	}
	return nil
}

// probeLlama fills s.info from llama-server's /props and model list.
func (s *Server) probeLlama(ctx context.Context, p props) error {
	s.info.Kind, s.info.Context, s.info.Slots, s.info.CountsTokens = LlamaServer, p.Default.NCtx, max(p.TotalSlots, 1), true
	var ml modelList
	if err := s.call(ctx, "GET", "/v1/models", nil, &ml); err == nil {
		for _, m := range ml.Data {
			s.info.Models = append(s.info.Models, m.ID)
		}
	}
	if len(s.info.Models) == 0 && p.ModelPath != "" {
		s.info.Models = []string{path.Base(strings.ReplaceAll(p.ModelPath, `\`, "/"))}
	}
	if len(s.info.Models) == 0 {
		s.info.Model = "llama-server"
		return nil
	}
	i, err := s.pickModel()
	if err != nil {
		return err
	}
	// llama-server names its model by the -m path unless given --alias:
	// the file name says it without the server's folders.
	s.info.Model = path.Base(strings.ReplaceAll(s.info.Models[i], `\`, "/"))
	return nil
}

// pickModel returns the index of the model asked for (by exact id, or by
// the file name an id is a path of), or of the only or first one when none
// was asked for.
func (s *Server) pickModel() (int, error) {
	want := s.opts.Model
	if want == "" {
		return 0, nil
	}
	for i, id := range s.info.Models {
		if id == want || path.Base(id) == want || strings.TrimSuffix(path.Base(id), ".gguf") == want {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: %q (the server has: %s)", ErrModelNotFound, want, strings.Join(s.info.Models, ", "))
}

// isNotFound reports a 404/405 answer (the endpoint does not exist there).
func isNotFound(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && (se.Status == 404 || se.Status == 405)
}

// Health asks whether the server answers at all, for telling a slow server
// from a dead one: any HTTP answer counts (even 503 "loading" or 401).
func (s *Server) Health(ctx context.Context) error {
	p := "/health"
	if s.info.Kind == Ollama {
		p = "/api/version"
	}
	err := s.call(ctx, "GET", p, nil, nil)
	var se *StatusError
	if err == nil || errors.As(err, &se) {
		return nil
	}
	return err
}

// FreeSlots returns how many of llama-server's slots are idle now (GET
// /slots); for a server that does not say, or a llama-server started with
// --no-slots, Info().Slots.
func (s *Server) FreeSlots(ctx context.Context) (int, error) {
	if s.info.Kind != LlamaServer {
		return s.info.Slots, nil
	}
	slots, err := s.Slots(ctx)
	if err != nil {
		var se *StatusError
		if errors.As(err, &se) && se.Status != 401 && se.Status != 403 {
			return s.info.Slots, nil
		}
		return 0, err
	}
	free := 0
	for _, sl := range slots {
		if !sl.Processing {
			free++
		}
	}
	return free, nil
}

// Slot is one of llama-server's slots (GET /slots).
type Slot struct {
	ID         int  `json:"id"`
	Processing bool `json:"is_processing"`
}

// Slots returns llama-server's slots as it reports them.
func (s *Server) Slots(ctx context.Context) ([]Slot, error) {
	var out []Slot
	if err := s.call(ctx, "GET", "/slots", nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}
