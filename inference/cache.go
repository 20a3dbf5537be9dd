package inference

import (
	"github.com/yoyak/yoyak/inference/llama"
)

// The KV cache between runs. On a CPU the wait before the first word is the
// prompt (~100 tokens/s on 2 cores), and a summary is often asked for again
// with the same or a slightly edited transcript. So the context keeps what
// it has read: a new prompt reuses the longest common token prefix with the
// context's sequence and reads only the rest. Parts of a split transcript
// (each its own prompt, read one after another) would evict one another;
// their KV caches are copied out to memory before being overwritten and
// copied back when a later prompt starts like one of them — bounded by
// SavedCacheBytes.

// DefaultSavedCacheBytes bounds the KV caches kept in memory besides the
// context's own. Gemma-2B's cache costs 18 layers × 1 KV head × 256 × 2 (K
// and V) × 2 bytes = 18 KiB per token, so 384 MiB holds ~21,800 tokens:
// every part of a one-hour meeting (~12,000 tokens split for an 8,192-token
// context) plus the final pass. A model with more KV heads holds fewer.
const DefaultSavedCacheBytes = 384 << 20

// minSavedTokens: shorter sequences are not worth a copy (a few KV cells).
const minSavedTokens = 32

// savedSeq is one sequence's KV cache copied out of the context.
type savedSeq struct {
	tokens []Token
	state  []byte
	used   uint64 // last use, for least-recently-used eviction
}

// seqStore holds saved sequences within budget bytes.
type seqStore struct {
	budget  int
	bytes   int
	clock   uint64
	entries []*savedSeq
}

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []Token) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// put keeps a copy of c's sequence 0 (holding tokens), evicting the least
// recently used entries to stay within budget. Failures only lose the copy.
func (s *seqStore) put(c llama.Context, tokens []Token) {
	if len(tokens) < minSavedTokens || s.budget <= 0 {
		return
	}
	for _, e := range s.entries {
		if len(e.tokens) == len(tokens) && commonPrefix(e.tokens, tokens) == len(tokens) {
			s.clock++
			e.used = s.clock
			return // already kept
		}
	}
	state, err := c.SaveSeq()
	if err != nil || len(state) > s.budget {
		return
	}
	for s.bytes+len(state) > s.budget && len(s.entries) > 0 {
		old := 0
		for i, e := range s.entries {
			if e.used < s.entries[old].used {
				old = i
			}
		}
		s.remove(old)
	}
	s.clock++
	s.entries = append(s.entries, &savedSeq{tokens: append([]Token(nil), tokens...), state: state, used: s.clock})
	s.bytes += len(state)
}

// drop removes entry e.
func (s *seqStore) drop(e *savedSeq) {
	for i, x := range s.entries {
		if x == e {
			s.remove(i)
			return
		}
	}
}

func (s *seqStore) remove(i int) {
	s.bytes -= len(s.entries[i].state)
	s.entries = append(s.entries[:i], s.entries[i+1:]...)
}

// best returns the entry sharing the longest prefix with prompt, and that
// length (-1, 0 when none).
func (s *seqStore) best(prompt []Token) (int, int) {
	idx, n := -1, 0
	for i, e := range s.entries {
		if k := commonPrefix(e.tokens, prompt); k > n {
			idx, n = i, k
		}
	}
	return idx, n
}

// reuse prepares cc's context for prompt and returns how many of its first
// tokens the KV cache already holds, so reading starts there. At least the
// last prompt token is always read again: its logits pick the first answer
// token. A sequence about to be overwritten is saved first when long enough;
// a saved one that shares more with prompt than the live one is restored.
func (m *Model) reuse(cc *cachedContext, prompt []Token) int {
	live := commonPrefix(cc.tokens, prompt)
	// A saved sequence is restored when it saves reading at least
	// minSavedTokens more than the live one; it stays saved too (put finds
	// it kept when the live sequence is switched away from again).
	var restore *savedSeq
	idx, saved := m.saved.best(prompt)
	if idx >= 0 && saved >= live+minSavedTokens {
		restore = m.saved.entries[idx]
		m.saved.clock++
		restore.used = m.saved.clock
	}
	if len(cc.tokens)-live >= minSavedTokens && live < len(cc.tokens)/2 {
		m.saved.put(cc.c, cc.tokens) // a different prompt: keep this one for later
	}
	start := live
	if e := restore; e != nil {
		if err := cc.c.LoadSeq(e.state); err != nil {
			m.saved.drop(e) // it would fail again
			m.forget(cc)
			return 0
		}
		cc.tokens, start = e.tokens, saved
	}
	start = min(start, len(prompt)-1)
	if start <= 0 {
		m.forget(cc)
		return 0
	}
	if err := cc.c.KeepPrefix(start); err != nil {
		m.forget(cc)
		return 0
	}
	cc.tokens = append(cc.tokens[:0:0], prompt[:start]...)
	return start
}

// forget empties the context's KV cache (after an error, or when nothing of
// it is reused).
func (m *Model) forget(cc *cachedContext) {
	cc.c.ClearMemory()
	cc.tokens = nil
}

// keepRead trims the KV cache to the prompt tokens fully read (cc.tokens):
// a cancelled decode may have left part of a batch, and generated tokens
// are not worth keeping. What was read stays for the next run.
func (m *Model) keepRead(cc *cachedContext) {
	if len(cc.tokens) == 0 || cc.c.KeepPrefix(len(cc.tokens)) != nil {
		m.forget(cc)
	}
}

// retire is called before cc's context is freed for a larger one: its
// sequence is saved so the new context can restore it.
func (m *Model) retire(cc *cachedContext) {
	if len(cc.tokens) > 0 {
		m.saved.put(cc.c, cc.tokens)
	}
}

// contextTokens rounds a context size up to a multiple of 1,024 tokens, or
// to limit when that is less, so a slightly longer prompt (an edited line) still
// fits the cached context and finds its KV cache there.
func contextTokens(n, limit int) int {
	r := min((n+1023)/1024*1024, limit)
	if r < n {
		return n
	}
	return r
}

func savedBudget(b int) int {
	if b == 0 {
		return DefaultSavedCacheBytes
	}
	return max(b, 0)
}
