// Package grounding links each point of a summary to the transcript lines
// that support it, and flags the names, numbers, amounts, dates and times a
// point states that the transcript never says.
//
// A 2B model writes fluent Korean that is sometimes wrong; rather than ask
// it for timestamps (which it gets wrong too), Yoyak aligns its text with
// the transcript lexically, offline and deterministically: BM25 over
// syllable bigrams (the CJK-bigram approach of search engines, which needs
// no dictionary and survives spacing differences), particle-stripped words
// and numbers normalized from digits, Sino-Korean and native numerals
// ("삼십사 명" = "34명", "백만" = "100만" = "1,000,000"), scored over windows
// of one to three consecutive utterances.
//
// The package is pure (no window, no model): an Index is built once per
// transcript, and Link is cheap enough to call for each bullet as it
// completes while the summary streams.
package grounding

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yoyak/yoyak/app/transcript"
)

// Source is one passage of the transcript that supports a summary point:
// one to three consecutive non-empty lines.
type Source struct {
	// FirstLine and LastLine are 1-based line numbers in the transcript's
	// text (transcript.Document.Text), inclusive.
	FirstLine int `json:"first_line"`
	LastLine  int `json:"last_line"`
	// Start and End are character (rune) offsets of the passage in the
	// transcript's text, [Start, End).
	Start int `json:"start"`
	End   int `json:"end"`
	// At is the first line's clock for subtitles and meeting exports
	// ("00:12:31"), "" otherwise.
	At string `json:"at,omitempty"`
	// Speaker is the first line's speaker, "" when unnamed.
	Speaker string `json:"speaker,omitempty"`
	// Score is the share (0–1) of the point's weighted terms the passage
	// contains, saturated as BM25 does; sources are ordered by it.
	Score float64 `json:"score"`
}

// Label is the short Korean reference a person reads: "00:12:31 김 위원"
// where the transcript has clocks, else "212–214행" or "212행" (with the
// speaker when known: "212행 김 위원").
func (s Source) Label() string {
	return s.label(true)
}

// LabelIn is Label in English when ko is false ("lines 212–214").
func (s Source) LabelIn(ko bool) string { return s.label(ko) }

func (s Source) label(ko bool) string {
	var ref string
	switch {
	case s.At != "":
		ref = s.At
	case s.FirstLine == s.LastLine && ko:
		ref = strconv.Itoa(s.FirstLine) + "행"
	case ko:
		ref = strconv.Itoa(s.FirstLine) + "–" + strconv.Itoa(s.LastLine) + "행"
	case s.FirstLine == s.LastLine:
		ref = "line " + strconv.Itoa(s.FirstLine)
	default:
		ref = "lines " + strconv.Itoa(s.FirstLine) + "–" + strconv.Itoa(s.LastLine)
	}
	if s.Speaker != "" {
		ref += " " + s.Speaker
	}
	return ref
}

// FlagKind says what a flagged expression is.
type FlagKind string

// Kinds of flagged expressions.
const (
	FlagName   FlagKind = "name"   // a person, place or organization
	FlagNumber FlagKind = "number" // a count or other number
	FlagAmount FlagKind = "amount" // money or a percentage
	FlagDate   FlagKind = "date"   // a date, time or weekday
)

// Flag is an expression of a summary point that the transcript does not
// contain, in any spelling, inflection or numeral form.
type Flag struct {
	Text string   `json:"text"` // as written in the point
	Kind FlagKind `json:"kind"`
	// Start and End are character (rune) offsets in the point, [Start, End).
	Start int `json:"start"`
	End   int `json:"end"`
}

// Link is what the transcript says about one summary point.
type Link struct {
	Sources []Source `json:"sources"`         // best first, at most three; empty when unsupported
	Flags   []Flag   `json:"flags,omitempty"` // in the order they occur
	// Unsupported: nothing in the transcript scores above the threshold.
	Unsupported bool `json:"unsupported,omitempty"`
}

// Label is the best source's Label, or "" when there is none.
func (l Link) Label() string {
	if len(l.Sources) == 0 {
		return ""
	}
	return l.Sources[0].Label()
}

// line is one non-empty line of the transcript as the index keeps it.
type line struct {
	number     int // 1-based in the text
	start, end int // rune offsets in the text
	at         string
	speaker    string
	length     float64 // terms, for BM25's length normalization
}

type posting struct {
	line int32
	tf   uint16
}

// Index is a transcript prepared for linking. Build it once per transcript
// with New; Link does not modify it, so goroutines may share it.
type Index struct {
	lines    []line
	postings map[uint64][]posting
	avgLen   float64
	// numbers the transcript states, normalized ("34", "1000000"), alone
	// and with their unit ("34|명")
	numbers map[string]bool
	// collapsed is the text lowercased, numbers normalized, without spaces
	// or punctuation: names are looked up in it, so spacing and particles
	// do not matter.
	collapsed string
}

// Tuning of BM25 and of the cut between supported and unsupported points,
// set from the labelled set in testdata.
const (
	k1 = 1.2
	b  = 0.5
	// MinScore is the score below which a point counts as unsupported.
	MinScore = 0.17
	// alternatives within this share of the best score are offered too.
	keepRatio = 0.6
)

// New indexes doc. Non-empty lines of doc.Text are the units of search;
// where doc.Utterances matches them one for one (as transcript.Read
// guarantees) each line carries its utterance's clock and speaker.
func New(doc transcript.Document) *Index {
	raw := strings.Split(doc.Text, "\n")
	ix := &Index{postings: map[uint64][]posting{}, numbers: map[string]bool{}}
	nonEmpty := 0
	for _, l := range raw {
		if strings.TrimSpace(l) != "" {
			nonEmpty++
		}
	}
	utts := doc.Utterances
	if len(utts) != nonEmpty {
		utts = nil
	}
	var collapsed strings.Builder
	offset, k := 0, 0
	var terms []uint64
	total := 0.0
	for n, l := range raw {
		runes := utf8.RuneCountInString(l)
		if strings.TrimSpace(l) != "" {
			ln := line{number: n + 1, start: offset, end: offset + runes}
			if utts != nil {
				ln.at, ln.speaker = utts[k].At, utts[k].Speaker
			}
			toks := tokenize(l)
			for _, t := range toks {
				if t.num {
					ix.numbers[t.value] = true
					ix.numbers[t.value+"|"+t.unit] = true
				}
				collapsed.WriteString(t.norm)
			}
			collapsed.WriteByte('\n')
			terms = appendTerms(terms[:0], toks)
			ln.length = float64(len(terms))
			total += ln.length
			ix.addPostings(int32(len(ix.lines)), terms)
			ix.lines = append(ix.lines, ln)
			k++
		}
		offset += runes + 1
	}
	ix.collapsed = collapsed.String()
	if len(ix.lines) > 0 {
		ix.avgLen = max(total/float64(len(ix.lines)), 1)
	}
	return ix
}

// NewText indexes plain text, one utterance per non-empty line.
func NewText(text string) *Index { return New(transcript.Document{Text: text}) }

// Lines is the number of non-empty lines indexed.
func (ix *Index) Lines() int { return len(ix.lines) }

func (ix *Index) addPostings(li int32, terms []uint64) {
	slices.Sort(terms)
	for i := 0; i < len(terms); {
		j := i
		for j < len(terms) && terms[j] == terms[i] {
			j++
		}
		ix.postings[terms[i]] = append(ix.postings[terms[i]], posting{line: li, tf: uint16(min(j-i, math.MaxUint16))})
		i = j
	}
}

// appendTerms adds the search terms of toks: syllable bigrams across word
// boundaries (so spacing does not matter), each word's stem, each number.
func appendTerms(dst []uint64, toks []token) []uint64 {
	var prev rune
	var buf []rune
	for _, t := range toks {
		buf = buf[:0]
		for _, r := range t.norm {
			if prev != 0 {
				dst = append(dst, uint64(prev)<<21|uint64(r))
			}
			prev = r
			buf = append(buf, r)
		}
		if t.num {
			dst = append(dst, hashTerm('n', t.value))
		} else if n := stemLen(buf); n >= 2 {
			dst = append(dst, hashTerm('w', string(buf[:n])))
		}
	}
	return dst
}

// hashTerm maps a word or number term to 64 bits (FNV-1a) with the top
// bit set, apart from bigrams, which use 42 bits.
func hashTerm(kind byte, s string) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(kind)
	h *= 1099511628211
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h | 1<<63
}
