package app

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file splits a text that does not fit one prompt into parts that do.
// Parts are exact substrings of the text, cut only between units (the
// transcript's utterances, or whole partial summaries), or — for a unit too
// long for a part on its own — between its sentences, then its words, then
// its characters. Consecutive parts of a transcript overlap by a little (the
// last utterance when it is short, up to a tenth of a part) so an exchange
// cut at a part's end is seen whole by the next one; groups of partial
// summaries do not (each stands whole, and would be said twice).
// Nothing is dropped: every unit lies inside at least one part.

// countFunc counts the tokens of a text (without BOS) with the model's own
// tokenizer.
type countFunc func(text string) (int, error)

// span is a byte range [start, end) of a text.
type span struct{ start, end int }

// errBudget is returned when a part cannot hold even one character.
var errBudget = errors.New("the context has no room for the text")

// overlapShare: an overlap of several atoms takes at most a tenth of a part.
const overlapShare = 10

// lineUnits returns the spans of text's non-blank lines, trimmed of
// surrounding spaces: a transcript's utterances.
func lineUnits(text string) []span {
	var out []span
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if s, ok := trimSpan(text, span{start, end}); ok {
			out = append(out, s)
		}
		start = end + 1
	}
	return out
}

// trimSpan narrows s to exclude leading and trailing white space; ok is
// false when nothing is left.
func trimSpan(text string, s span) (span, bool) {
	for s.start < s.end {
		r, n := utf8.DecodeRuneInString(text[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.start += n
	}
	for s.end > s.start {
		r, n := utf8.DecodeLastRuneInString(text[s.start:s.end])
		if !unicode.IsSpace(r) {
			break
		}
		s.end -= n
	}
	return s, s.end > s.start
}

// atom is a piece the packer never cuts, with its token count.
type atom struct {
	span
	tokens int
}

// splitParts cuts text into parts of at most budget tokens each, at the
// given unit spans (in order, not overlapping), consecutive parts
// overlapping a little. It returns the parts' spans; text[p.start:p.end] is
// each part's text.
func splitParts(text string, units []span, budget int, count countFunc) ([]span, error) {
	return packParts(text, units, budget, count, true)
}

// packParts is splitParts, with the overlap only when overlap is set: units
// that stand whole on their own (partial summaries) must each go into one
// part, or their points come back twice in the combined summary.
func packParts(text string, units []span, budget int, count countFunc, overlap bool) ([]span, error) {
	if budget < 1 {
		return nil, fmt.Errorf("split: budget %d: %w", budget, errBudget)
	}
	var atoms []atom
	for _, u := range units {
		a, err := atomize(text, u, budget, count, 0)
		if err != nil {
			return nil, err
		}
		atoms = append(atoms, a...)
	}
	if len(atoms) == 0 {
		return nil, nil
	}
	var parts []span
	prevEnd := -1 // index of the last atom of the previous part
	i := 0
	for {
		// Grow greedily on the atoms' own counts (a join costs about a token).
		j, sum := i, atoms[i].tokens
		for j+1 < len(atoms) && sum+1+atoms[j+1].tokens <= budget {
			j++
			sum += 1 + atoms[j].tokens
		}
		// Then make sure of the real count of the joined text; shrink if the
		// joins cost more than estimated. The part must keep at least one atom
		// the previous part did not have: drop overlap before that.
		for {
			n, err := count(text[atoms[i].start:atoms[j].end])
			if err != nil {
				return nil, err
			}
			if n <= budget {
				break
			}
			if j > prevEnd+1 && j > i {
				j--
			} else if i < j {
				i++ // give up overlap
			} else {
				return nil, fmt.Errorf("split: one piece of %d tokens over a budget of %d: %w", n, budget, errBudget)
			}
		}
		parts = append(parts, span{atoms[i].start, atoms[j].end})
		if j == len(atoms)-1 {
			return parts, nil
		}
		// Overlap: the last atom when it takes at most a quarter of the
		// budget, and more while the overlap stays within a tenth; always
		// leaving room for the next atom.
		k, back := j+1, 0
		for overlap && k-1 > i {
			t := back + atoms[k-1].tokens + 1
			limit := budget / overlapShare
			if k == j+1 {
				limit = max(limit, budget/4)
			}
			if t > limit || t+atoms[j+1].tokens > budget {
				break
			}
			back = t
			k--
		}
		prevEnd, i = j, k
	}
}

// atomize returns u as one atom when it fits the budget, else cut at the
// next finer boundary: level 0 sentences, 1 words, 2 characters.
func atomize(text string, u span, budget int, count countFunc, level int) ([]atom, error) {
	n, err := count(text[u.start:u.end])
	if err != nil {
		return nil, err
	}
	if n <= budget {
		return []atom{{u, n}}, nil
	}
	if level >= 2 {
		return runeChunks(text, u, budget, count)
	}
	var pieces []span
	if level == 0 {
		pieces = sentenceSpans(text, u)
	} else {
		pieces = wordSpans(text, u)
	}
	if len(pieces) <= 1 {
		return atomize(text, u, budget, count, level+1)
	}
	var out []atom
	for _, p := range pieces {
		a, err := atomize(text, p, budget, count, level+1)
		if err != nil {
			return nil, err
		}
		out = append(out, a...)
	}
	return out, nil
}

// sentenceSpans cuts u after each run of sentence-ending punctuation that is
// followed by white space.
func sentenceSpans(text string, u span) []span {
	var out []span
	start := u.start
	seenEnd := false
	for i, r := range text[u.start:u.end] {
		i += u.start
		switch {
		case isSentenceEnd(r):
			seenEnd = true
		case unicode.IsSpace(r) && seenEnd:
			if s, ok := trimSpan(text, span{start, i}); ok {
				out = append(out, s)
			}
			start = i
			seenEnd = false
		default:
			seenEnd = false
		}
	}
	if s, ok := trimSpan(text, span{start, u.end}); ok {
		out = append(out, s)
	}
	return out
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '。', '！', '？', '…', '"', '\'', '”', '’', ')', '」':
		return true
	}
	return false
}

// wordSpans cuts u at white space.
func wordSpans(text string, u span) []span {
	var out []span
	start := -1
	for i, r := range text[u.start:u.end] {
		i += u.start
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, span{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, span{start, u.end})
	}
	return out
}

// runeChunks cuts u into the longest runs of whole characters that fit the
// budget. Each run is found by a galloping search: a window of characters
// doubled (from one per token of the budget) until it no longer fits, then a
// binary search inside it, so the work and the text tokenized stay in
// proportion to the run, not to what is left of u (a 5 MB line without a
// space would otherwise cost minutes).
func runeChunks(text string, u span, budget int, count countFunc) ([]atom, error) {
	var out []atom
	start := u.start
	for start < u.end {
		var bounds []int  // byte offsets of the character boundaries after start
		fit, fitN := 0, 0 // characters known to fit, and their tokens
		over := 0         // characters known not to fit; 0 while unknown
		for want := max(budget, 1); ; want *= 2 {
			for len(bounds) < want {
				prev := start
				if len(bounds) > 0 {
					prev = bounds[len(bounds)-1]
				}
				if prev == u.end {
					break
				}
				_, size := utf8.DecodeRuneInString(text[prev:u.end])
				bounds = append(bounds, prev+size)
			}
			n, err := count(text[start:bounds[len(bounds)-1]])
			if err != nil {
				return nil, err
			}
			if n > budget {
				over = len(bounds)
				break
			}
			fit, fitN = len(bounds), n
			if bounds[len(bounds)-1] == u.end {
				break
			}
		}
		for lo, hi := fit+1, over-1; over > 0 && lo <= hi; {
			mid := (lo + hi) / 2
			n, err := count(text[start:bounds[mid-1]])
			if err != nil {
				return nil, err
			}
			if n <= budget {
				fit, fitN = mid, n
				lo = mid + 1
			} else {
				hi = mid - 1
			}
		}
		if fit == 0 {
			return nil, fmt.Errorf("split: one character over a budget of %d tokens: %w", budget, errBudget)
		}
		out = append(out, atom{span{start, bounds[fit-1]}, fitN})
		start = bounds[fit-1]
	}
	return out, nil
}
