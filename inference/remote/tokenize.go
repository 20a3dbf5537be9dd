package remote

import (
	"context"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/yoyak/yoyak/inference"
)

// Token estimate for a server without a tokenizer endpoint (Ollama's
// OpenAI-compatible API). Gemma's vocabulary reads Korean transcripts at
// about 1.47 characters per token (measured on the project's transcripts,
// see the shared notes); EstimateTokens counts one token per
// estimateCharsPerToken characters, i.e. 1.5 times the measured rate, so a
// part planned by the estimate still fits when a text is a third denser in
// tokens than usual (digits, Latin names, rare Hanja). A part that still
// overflows is refused by the server with a context error, not cut.
const estimateCharsPerToken = 1.47 / 1.5

// EstimateTokens is the token count assumed for text on a server that
// cannot count: characters ÷ 0.98, rounded up, plus one for BOS.
func EstimateTokens(text string, addBOS bool) int {
	n := int(math.Ceil(float64(utf8.RuneCountInString(text)) / estimateCharsPerToken))
	if addBOS {
		n++
	}
	return n
}

// Tokenize returns text's tokens by the server's own tokenizer (llama-server
// POST /tokenize {content, add_special}; vLLM POST /tokenize {model, prompt,
// add_special_tokens}). A server without one gets EstimateTokens
// placeholder tokens (all 0): only their number means anything.
func (s *Server) Tokenize(ctx context.Context, text string, addBOS bool) ([]inference.Token, error) {
	var out struct {
		Tokens []inference.Token `json:"tokens"`
	}
	switch s.info.Kind {
	case LlamaServer:
		body := map[string]any{"content": text, "add_special": addBOS}
		if err := s.call(ctx, "POST", "/tokenize", body, &out); err != nil {
			return nil, fmt.Errorf("tokenize: %w", err)
		}
	case VLLM:
		body := map[string]any{"model": s.info.Model, "prompt": text, "add_special_tokens": addBOS}
		if err := s.call(ctx, "POST", "/tokenize", body, &out); err != nil {
			return nil, fmt.Errorf("tokenize: %w", err)
		}
	default:
		return make([]inference.Token, EstimateTokens(text, addBOS)), nil
	}
	return out.Tokens, nil
}
