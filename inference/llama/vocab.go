package llama

import (
	"errors"
	"fmt"
	"math"
)

// Token is a llama_token.
type Token = int32

// int32_t llama_tokenize(const struct llama_vocab * vocab, const char * text, int32_t text_len,
//
//	llama_token * tokens, int32_t n_tokens_max, bool add_special, bool parse_special);
var llamaTokenize func(v Vocab, text *byte, textLen int32, tokens *Token, nMax int32, addSpecial, parseSpecial bool) int32

// int32_t llama_token_to_piece(const struct llama_vocab * vocab, llama_token token, char * buf,
//
//	int32_t length, int32_t lstrip, bool special);
var llamaTokenToPiece func(v Vocab, t Token, buf *byte, length int32, lstrip int32, special bool) int32

// int32_t llama_detokenize(const struct llama_vocab * vocab, const llama_token * tokens, int32_t n_tokens,
//
//	char * text, int32_t text_len_max, bool remove_special, bool unparse_special);
var llamaDetokenize func(v Vocab, tokens *Token, n int32, text *byte, max int32, removeSpecial, unparseSpecial bool) int32

// bool llama_vocab_is_eog(const struct llama_vocab * vocab, llama_token token);
var llamaVocabIsEOG func(v Vocab, t Token) bool

// llama_token llama_vocab_bos(const struct llama_vocab * vocab);
var llamaVocabBOS func(v Vocab) Token

// llama_token llama_vocab_eos(const struct llama_vocab * vocab);
var llamaVocabEOS func(v Vocab) Token

// int32_t llama_vocab_n_tokens(const struct llama_vocab * vocab);
var llamaVocabNTokens func(v Vocab) int32

// bool llama_vocab_get_add_bos(const struct llama_vocab * vocab);
var llamaVocabGetAddBOS func(v Vocab) bool

var vocabSymbols = []symbol{
	{name: "llama_tokenize", fptr: &llamaTokenize},
	{name: "llama_token_to_piece", fptr: &llamaTokenToPiece},
	{name: "llama_detokenize", fptr: &llamaDetokenize},
	{name: "llama_vocab_is_eog", fptr: &llamaVocabIsEOG},
	{name: "llama_vocab_bos", fptr: &llamaVocabBOS},
	{name: "llama_vocab_eos", fptr: &llamaVocabEOS},
	{name: "llama_vocab_n_tokens", fptr: &llamaVocabNTokens},
	{name: "llama_vocab_get_add_bos", fptr: &llamaVocabGetAddBOS},
}

// ErrTooLarge: a text or token list beyond llama.cpp's int32 lengths.
var ErrTooLarge = errors.New("text too large for llama.cpp")

// ErrNoPiece: llama_token_to_piece gave no text for a token even with the
// buffer it asked for.
var ErrNoPiece = errors.New("llama.cpp gave no text for a token")

// Tokenize converts text to tokens. addSpecial adds BOS (and EOS) as the
// model is configured to; parseSpecial reads control tokens written in the
// text ("<start_of_turn>") as those tokens, which prompt templates need.
func (v Vocab) Tokenize(text string, addSpecial, parseSpecial bool) ([]Token, error) {
	if len(text) > math.MaxInt32/2 {
		return nil, fmt.Errorf("tokenize %d bytes: %w", len(text), ErrTooLarge)
	}
	src := make([]byte, len(text)+1) // never empty, so &src[0] is valid
	copy(src, text)
	toks := make([]Token, len(text)+8)
	for range 2 {
		n := llamaTokenize(v, &src[0], int32(len(text)), &toks[0], int32(len(toks)), addSpecial, parseSpecial)
		switch {
		case n == math.MinInt32:
			return nil, fmt.Errorf("tokenize %d bytes: %w", len(text), ErrTooLarge)
		case n >= 0:
			return toks[:n], nil
		}
		// Negative: the buffer was too small; -n tokens are needed.
		toks = make([]Token, -n)
	}
	return nil, fmt.Errorf("tokenize: token count changed between calls")
}

// Detokenize converts tokens back to text, special tokens rendered when
// special is true.
func (v Vocab) Detokenize(tokens []Token, special bool) (string, error) {
	if len(tokens) == 0 {
		return "", nil
	}
	if len(tokens) > math.MaxInt32/64 {
		return "", fmt.Errorf("detokenize %d tokens: %w", len(tokens), ErrTooLarge)
	}
	buf := make([]byte, len(tokens)*8+16)
	for range 2 {
		n := llamaDetokenize(v, &tokens[0], int32(len(tokens)), &buf[0], int32(len(buf)), false, special)
		if n >= 0 {
			return string(buf[:n]), nil
		}
		if n == math.MinInt32 {
			return "", fmt.Errorf("detokenize: %w", ErrTooLarge)
		}
		buf = make([]byte, -n)
	}
	return "", fmt.Errorf("detokenize: text length changed between calls")
}

// Piece returns the bytes of one token (possibly part of a UTF-8 sequence,
// for byte-fallback tokens) appended to dst. Control tokens render as
// nothing unless special is true. A token whose text cannot be had is an
// error, never silently dropped text.
func (v Vocab) Piece(dst []byte, t Token, special bool) ([]byte, error) {
	var small [64]byte
	buf := small[:]
	for range 3 {
		n := llamaTokenToPiece(v, t, &buf[0], int32(len(buf)), 0, special)
		if n >= 0 {
			return append(dst, buf[:min(int(n), len(buf))]...), nil
		}
		if n == math.MinInt32 || int(-n) <= len(buf) {
			break // not a "buffer too small" answer: a bad token
		}
		buf = make([]byte, -n)
	}
	return dst, fmt.Errorf("llama_token_to_piece(%d): %w", t, ErrNoPiece)
}

// IsEOG reports whether t ends generation (EOS, EOT, <end_of_turn>, ...).
func (v Vocab) IsEOG(t Token) bool { return llamaVocabIsEOG(v, t) }

// BOS is the beginning-of-sequence token (-1 when none).
func (v Vocab) BOS() Token { return llamaVocabBOS(v) }

// EOS is the end-of-sequence token (-1 when none).
func (v Vocab) EOS() Token { return llamaVocabEOS(v) }

// Len is the vocabulary size.
func (v Vocab) Len() int { return int(llamaVocabNTokens(v)) }

// AddsBOS reports whether the model wants BOS at the start of a prompt.
func (v Vocab) AddsBOS() bool { return llamaVocabGetAddBOS(v) }
