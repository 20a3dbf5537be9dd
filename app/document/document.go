// Package document writes a finished summary as a document people pass on
// in Korean offices: Word (.docx, OOXML) and Hangul (.hwpx, OWPML). Both
// writers are small and dependency-free; they share one list of blocks
// (title, details line, section headings, bullets with their sources) so the
// two documents always say the same thing.
//
// Sources (a bullet's transcript lines or timestamps) are set as a muted
// suffix after the bullet rather than as footnotes: the label stays next to
// the claim it supports, it reads the same in Word, Hangul, a pasted mail
// and the plain-text copy, and a footnote number would only send the reader
// to the bottom of the page for a dozen characters.
package document

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yoyak/yoyak/app/summary"
)

// Format is a document format.
type Format string

// Formats.
const (
	DOCX Format = "docx" // Word 2007 and later, LibreOffice, Hangul
	HWPX Format = "hwpx" // Hangul 2014 and later (OWPML, KS X 6101)
)

// Ext is the file name extension with its dot.
func (f Format) Ext() string { return "." + string(f) }

// ParseFormat reads a format name (docx, hwpx; any case, with or without a
// leading dot); ok is false for any other name.
func ParseFormat(s string) (Format, bool) {
	switch Format(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), ".")) {
	case DOCX:
		return DOCX, true
	case HWPX:
		return HWPX, true
	}
	return "", false
}

// Meta is what the document says about where the summary came from.
type Meta struct {
	Source     string    // the transcript's file name, "" when unknown (pasted text)
	SourceDate time.Time // the transcript's date (its file's modification time); zero: unknown
	Model      string    // the model's name
	Generated  time.Time // when the summary was written; also the package's file times
}

// Input is everything a document is made of.
type Input struct {
	Summary summary.Summary
	Meta    Meta
	// Sources labels bullet j of section i (e.g. "00:12:31 김 위원" or
	// "212–214행"); a missing or empty label shows nothing. The lead wires
	// this to the grounding of a summary's points.
	Sources [][]string
}

// source is the label of bullet j of section i, cleaned, or "".
func (in Input) source(i, j int) string {
	if i < len(in.Sources) && j < len(in.Sources[i]) {
		return clean(in.Sources[i][j])
	}
	return ""
}

// Write renders in as a document of format f.
func Write(f Format, in Input) ([]byte, error) {
	switch f {
	case DOCX:
		return writeDOCX(in)
	case HWPX:
		return writeHWPX(in)
	}
	return nil, fmt.Errorf("document format %q: want docx or hwpx", f)
}

// blockKind is what a paragraph of the document is.
type blockKind int

const (
	blockTitle   blockKind = iota // the summary's title
	blockMeta                     // the muted details line under the title
	blockHeading                  // a numbered section's heading
	blockBullet                   // one point of a section
	blockText                     // free text of an answer without structure
)

// block is one paragraph: its kind, text and (bullets) source label.
type block struct {
	kind   blockKind
	text   string
	source string
}

// blocks lays in out as paragraphs, in order. Every text is cleaned: valid
// UTF-8, no characters XML cannot carry, one line.
func blocks(in Input) []block {
	s := in.Summary
	var out []block
	title := clean(s.Title)
	if title == "" {
		title = "요약"
	}
	out = append(out, block{kind: blockTitle, text: title})
	if m := metaLine(in.Meta); m != "" {
		out = append(out, block{kind: blockMeta, text: m})
	}
	if !s.Structured() {
		for _, p := range strings.Split(s.Preamble, "\n") {
			if p = clean(p); p != "" {
				out = append(out, block{kind: blockText, text: p})
			}
		}
	}
	for i, sec := range s.Sections {
		head := clean(sec.Heading)
		if sec.Number > 0 {
			head = strings.TrimSpace(fmt.Sprintf("%d. %s", sec.Number, head))
		}
		if head != "" {
			out = append(out, block{kind: blockHeading, text: head})
		}
		for j, b := range sec.Bullets {
			if t := clean(b); t != "" {
				out = append(out, block{kind: blockBullet, text: t, source: in.source(i, j)})
			}
		}
	}
	return out
}

// metaLine says where the summary came from, in Korean like the document:
// "원본: 회의록.txt (2026-11-30) · 모델: gemma · 작성: 2026-12-01 09:30".
func metaLine(m Meta) string {
	var parts []string
	if src := clean(m.Source); src != "" {
		if !m.SourceDate.IsZero() {
			src += " (" + m.SourceDate.Format("2006-01-02") + ")"
		}
		parts = append(parts, "원본: "+src)
	}
	if model := clean(m.Model); model != "" {
		parts = append(parts, "모델: "+model)
	}
	if !m.Generated.IsZero() {
		parts = append(parts, "작성: "+m.Generated.Format("2006-01-02 15:04"))
	}
	return strings.Join(parts, " · ")
}

// clean makes s safe for any XML part and one line: invalid UTF-8 becomes
// U+FFFD, white space (tabs, line ends) runs become one space, and the
// characters XML 1.0 cannot carry (other control characters, U+FFFE/FFFF)
// and byte-order marks are dropped.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case !xmlChar(r), r == '\uFEFF': // a stray byte-order mark is no text
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in text (white space aside).
func xmlChar(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, r >= 0x80 && r < 0xA0:
		return false // C0 and C1 controls: allowed by XML 1.0 in part, refused by Word
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= utf8.MaxRune
}

// escape escapes s for XML text and attribute values.
func escape(s string) string {
	return xmlEscaper.Replace(s)
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
