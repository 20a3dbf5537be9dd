package llama

import (
	"fmt"
	"math"
	"slices"
	"unsafe"
)

// Batch mirrors struct llama_batch (56 bytes on 64-bit systems). Its arrays
// live in C memory from llama_batch_init, so no Go pointer is handed to C.
//
//	typedef struct llama_batch {
//	    int32_t n_tokens;
//	    llama_token  *  token;
//	    float        *  embd;
//	    llama_pos    *  pos;
//	    int32_t      *  n_seq_id;
//	    llama_seq_id ** seq_id;
//	    int8_t       *  logits;
//	} llama_batch;
type Batch struct {
	NTokens int32
	_       [4]byte
	Token   *Token
	Embd    *float32
	Pos     *int32
	NSeqID  *int32
	SeqID   **int32
	Logits  *int8
}

// struct llama_batch llama_batch_init(int32_t n_tokens, int32_t embd, int32_t n_seq_max);
var llamaBatchInit func(nTokens, embd, nSeqMax int32) Batch

// void llama_batch_free(struct llama_batch batch);
var llamaBatchFree func(b Batch)

// int32_t llama_decode(struct llama_context * ctx, struct llama_batch batch);
var llamaDecode func(c Context, b Batch) int32

var batchSymbols = []symbol{
	{name: "llama_batch_init", fptr: &llamaBatchInit},
	{name: "llama_batch_free", fptr: &llamaBatchFree},
	{name: "llama_decode", fptr: &llamaDecode},
}

// TokenBatch is a batch of up to Cap tokens of sequence 0.
type TokenBatch struct {
	b   Batch
	cap int
}

// NewTokenBatch allocates a batch for up to n tokens (C memory; Free it).
// llama_batch_init does not check its mallocs: a NULL array is refused
// here rather than written through in Set.
func NewTokenBatch(n int) (*TokenBatch, error) {
	if n <= 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("llama_batch_init(%d): bad size", n)
	}
	b := llamaBatchInit(int32(n), 0, 1)
	tb := &TokenBatch{b: b, cap: n}
	if b.Token == nil || b.Pos == nil || b.NSeqID == nil || b.SeqID == nil || b.Logits == nil ||
		slices.Contains(unsafe.Slice(b.SeqID, n), nil) {
		tb.Free()
		return nil, fmt.Errorf("llama_batch_init(%d): out of memory", n)
	}
	return tb, nil
}

// Free releases the batch's C memory.
func (tb *TokenBatch) Free() {
	if tb.cap > 0 {
		llamaBatchFree(tb.b)
		tb.cap = 0
	}
}

// Cap is the most tokens the batch holds.
func (tb *TokenBatch) Cap() int { return tb.cap }

// Set fills the batch with tokens at positions pos0, pos0+1, ... of sequence
// 0, asking for logits only after the last one (the one sampled from).
func (tb *TokenBatch) Set(tokens []Token, pos0 int) {
	n := len(tokens)
	if n > tb.cap {
		panic(fmt.Sprintf("llama: batch of %d tokens exceeds capacity %d", n, tb.cap))
	}
	tok := unsafe.Slice(tb.b.Token, tb.cap)
	pos := unsafe.Slice(tb.b.Pos, tb.cap)
	nseq := unsafe.Slice(tb.b.NSeqID, tb.cap)
	seq := unsafe.Slice(tb.b.SeqID, tb.cap)
	logits := unsafe.Slice(tb.b.Logits, tb.cap)
	for i, t := range tokens {
		tok[i] = t
		pos[i] = int32(pos0 + i)
		nseq[i] = 1
		*seq[i] = 0
		logits[i] = 0
	}
	if n > 0 {
		logits[n-1] = 1
	}
	tb.b.NTokens = int32(n)
}

// Decode results of llama_decode.
const (
	DecodeOK      = 0
	DecodeNoSlot  = 1 // no KV slot: the context is full
	DecodeAborted = 2
)

// Decode runs the model over the batch. It returns llama_decode's code and,
// for codes other than 0 and 2, an error with the log lines.
func (c Context) Decode(tb *TokenBatch) (int, error) {
	seq := LogSeq()
	r := int(llamaDecode(c, tb.b))
	switch r {
	case DecodeOK, DecodeAborted:
		return r, nil
	case DecodeNoSlot:
		return r, fmt.Errorf("llama_decode: no KV slot for %d tokens (context full): %s", tb.b.NTokens, LogSummary(seq))
	}
	return r, fmt.Errorf("llama_decode returned %d: %s", r, LogSummary(seq))
}
