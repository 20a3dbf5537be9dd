package llama

import "fmt"

// The KV cache ("memory") of a context, kept between runs so a prompt that
// starts like the last one reads only what differs.

// bool llama_memory_seq_rm(llama_memory_t mem, llama_seq_id seq_id, llama_pos p0, llama_pos p1);
var llamaMemorySeqRm func(mem uintptr, seq, p0, p1 int32) bool

// llama_pos llama_memory_seq_pos_max(llama_memory_t mem, llama_seq_id seq_id);
var llamaMemorySeqPosMax func(mem uintptr, seq int32) int32

// size_t llama_state_seq_get_size(struct llama_context * ctx, llama_seq_id seq_id);
var llamaStateSeqGetSize func(c Context, seq int32) uintptr

// size_t llama_state_seq_get_data(struct llama_context * ctx, uint8_t * dst, size_t size, llama_seq_id seq_id);
var llamaStateSeqGetData func(c Context, dst *byte, size uintptr, seq int32) uintptr

// size_t llama_state_seq_set_data(struct llama_context * ctx, const uint8_t * src, size_t size, llama_seq_id dest_seq_id);
var llamaStateSeqSetData func(c Context, src *byte, size uintptr, seq int32) uintptr

var memorySymbols = []symbol{
	{name: "llama_memory_seq_rm", fptr: &llamaMemorySeqRm},
	{name: "llama_memory_seq_pos_max", fptr: &llamaMemorySeqPosMax},
	{name: "llama_state_seq_get_size", fptr: &llamaStateSeqGetSize},
	{name: "llama_state_seq_get_data", fptr: &llamaStateSeqGetData},
	{name: "llama_state_seq_set_data", fptr: &llamaStateSeqSetData},
}

// KeepPrefix drops every cached position of sequence 0 from n on, keeping
// positions [0, n). llama.cpp refuses a partial removal some caches cannot
// do (a sliding-window or recurrent one); then it returns an error and the
// caller clears the whole cache instead.
func (c Context) KeepPrefix(n int) error {
	if !llamaMemorySeqRm(llamaGetMemory(c), 0, int32(n), -1) {
		return fmt.Errorf("llama_memory_seq_rm(seq 0, from %d) refused a partial removal", n)
	}
	return nil
}

// MaxPos is the last position of sequence 0 in the cache (-1: empty).
func (c Context) MaxPos() int { return int(llamaMemorySeqPosMax(llamaGetMemory(c), 0)) }

// SaveSeq copies sequence 0's KV cache out of the context into Go memory.
func (c Context) SaveSeq() ([]byte, error) {
	n := llamaStateSeqGetSize(c, 0)
	if n == 0 {
		return nil, fmt.Errorf("llama_state_seq_get_size: sequence 0 is empty")
	}
	buf := make([]byte, n)
	got := llamaStateSeqGetData(c, &buf[0], n, 0)
	if got == 0 || got > n {
		return nil, fmt.Errorf("llama_state_seq_get_data wrote %d of %d bytes", got, n)
	}
	return buf[:got], nil
}

// LoadSeq replaces sequence 0's KV cache with one SaveSeq returned from a
// context of the same model and shape. On failure the sequence is left
// empty (llama.cpp clears it) and an error returned.
func (c Context) LoadSeq(state []byte) error {
	if len(state) == 0 {
		return fmt.Errorf("llama_state_seq_set_data: empty state")
	}
	if !llamaMemorySeqRm(llamaGetMemory(c), 0, -1, -1) {
		return fmt.Errorf("llama_memory_seq_rm(seq 0) refused to clear")
	}
	if llamaStateSeqSetData(c, &state[0], uintptr(len(state)), 0) == 0 {
		return fmt.Errorf("llama_state_seq_set_data refused %d bytes", len(state))
	}
	return nil
}
