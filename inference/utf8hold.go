package inference

import (
	"strings"
	"unicode/utf8"
)

// utf8Holdback turns a stream of token bytes into whole-UTF-8 strings: a
// Hangul syllable the model spells as three byte-fallback tokens (<0xEC>
// <0x95> <0x88>) is held back until its last byte arrives, so no consumer
// ever sees half a character.
type utf8Holdback struct {
	pending []byte
}

// Push adds b and returns the longest complete prefix of what is pending
// (possibly ""). Bytes that can never become valid UTF-8 come out as U+FFFD.
func (h *utf8Holdback) Push(b []byte) string {
	h.pending = append(h.pending, b...)
	cut := completePrefix(h.pending)
	if cut == 0 {
		return ""
	}
	out := strings.ToValidUTF8(string(h.pending[:cut]), "\uFFFD")
	n := copy(h.pending, h.pending[cut:])
	h.pending = h.pending[:n]
	return out
}

// Flush returns whatever is pending (an incomplete sequence as U+FFFD).
func (h *utf8Holdback) Flush() string {
	out := strings.ToValidUTF8(string(h.pending), "\uFFFD")
	h.pending = h.pending[:0]
	return out
}

// completePrefix is the length of b up to an incomplete trailing UTF-8
// sequence: the start of a multi-byte sequence within the last 3 bytes whose
// continuation bytes have not all arrived.
func completePrefix(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax+1; i-- {
		c := b[i]
		if c < utf8.RuneSelf {
			return len(b) // ASCII: nothing after it is pending
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[i:]) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}
