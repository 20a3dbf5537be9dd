// Package transcript reads the transcripts people bring to Yoyak — plain
// text, Markdown, subtitles, meeting-tool exports, Word and Hangul
// documents, in any of the encodings Korean computers produce — and turns
// them into clean text, one utterance per line, for the summarizer.
//
// It never guesses: text that does not decode cleanly is refused with
// ErrEncoding rather than passed on as mojibake, and anything that is not a
// text document is refused with ErrBinary or ErrLegacyHWP.
package transcript

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Size limits.
const (
	// MaxBytes is the hard cap on a file: above it Read refuses with
	// ErrTooLarge, and ReadFrom stops reading at MaxBytes+1 so a 1 GB file is
	// never loaded.
	MaxBytes = 50 << 20
	// WarnChars is the soft limit in characters (runes) of Document.Text;
	// above it the document carries WarnLong.
	WarnChars = 200_000
)

// Format is the kind of transcript a file turned out to be.
type Format string

// Formats Read recognizes, by extension and by content.
const (
	Plain     Format = "text"      // plain text, kept as written
	Markdown  Format = "markdown"  // Markdown, kept as written
	SRT       Format = "srt"       // SubRip subtitles
	VTT       Format = "vtt"       // WebVTT subtitles (YouTube, Teams, Zoom)
	ClovaNote Format = "clovanote" // Clova Note text export: "화자 1 00:01" headers
	Chat      Format = "chat"      // "[00:00:01] 김민수: …" lines: Zoom, Teams, chat exports
	DOCX      Format = "docx"      // Word document
	HWPX      Format = "hwpx"      // Hangul OWPML document
)

// Encoding is the character encoding the bytes were decoded from.
type Encoding string

// Encodings Read detects.
const (
	UTF8    Encoding = "UTF-8"
	UTF8BOM Encoding = "UTF-8 BOM"
	UTF16LE Encoding = "UTF-16LE"
	UTF16BE Encoding = "UTF-16BE"
	CP949   Encoding = "CP949" // EUC-KR and its Unified Hangul Code superset
)

// Utterance is one turn of speech, or one paragraph where nobody is named.
type Utterance struct {
	Speaker string // "" when the transcript names nobody
	Text    string
	// At is when the utterance starts, as the file wrote it without
	// fractions ("00:12:31", "12:34"), for subtitles and meeting exports;
	// "" where the format has no clock. Summaries cite it as a source.
	At string
}

// Line formats u as it appears in Document.Text: "화자: 말" or just the text.
func (u Utterance) Line() string {
	if u.Speaker == "" {
		return u.Text
	}
	return u.Speaker + ": " + u.Text
}

// Document is a transcript read and cleaned.
type Document struct {
	Name     string   // the name given to Read (a base file name, or "-")
	Format   Format   // what the content turned out to be
	Encoding Encoding // what the bytes were decoded from (UTF8 for .docx/.hwpx)
	// Text is what to summarize: NFC-normalized, LF line ends, no trailing
	// spaces, no timestamps or markup of subtitle and meeting formats, one
	// utterance per line as "화자: 말" when a speaker is known. Plain text and
	// Markdown keep their lines and paragraphs (runs of blank lines become one).
	Text string
	// Utterances are Text's non-empty lines split into speaker and words;
	// the pipeline splits long transcripts at their boundaries.
	Utterances []Utterance
	// Warnings a person should see; the document is usable anyway.
	Warnings []Warning
}

// Chars is the length of Text in characters (runes).
func (d Document) Chars() int { return utf8.RuneCountInString(d.Text) }

// Extensions lists the file name extensions Yoyak opens, lower case with the
// dot, for file dialogs and folder walks.
func Extensions() []string {
	return []string{".txt", ".md", ".markdown", ".srt", ".vtt", ".docx", ".hwpx"}
}

// Read reads a transcript held in memory. name is used for the extension
// (format detection) and for Document.Name; it may be "" or "-".
// Errors wrap ErrEmpty, ErrBinary, ErrEncoding, ErrLegacyHWP, ErrTooLarge or
// ErrDamaged.
func Read(name string, data []byte) (Document, error) {
	if len(data) > MaxBytes {
		return Document{}, fmt.Errorf("read %s: %d bytes: %w", displayName(name), len(data), ErrTooLarge)
	}
	doc, err := parse(name, data)
	if err != nil {
		return Document{}, fmt.Errorf("read %s: %w", displayName(name), err)
	}
	return doc, nil
}

// ReadFrom reads a transcript from r (stdin, say), reading at most
// MaxBytes+1 bytes, so an endless or huge stream yields ErrTooLarge without
// being loaded.
func ReadFrom(name string, r io.Reader) (Document, error) {
	data, err := readLimited(r, 0)
	if err != nil {
		return Document{}, fmt.Errorf("read %s: %w", displayName(name), err)
	}
	return Read(name, data)
}

// ReadFile reads the transcript at path; a file above MaxBytes is refused
// from its size alone.
func ReadFile(path string) (Document, error) {
	// Looked at before opening: opening a FIFO blocks until a writer comes,
	// and reading a device never ends.
	if st, err := os.Stat(path); err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		return Document{}, fmt.Errorf("read transcript %s: %v: %w", path, st.Mode().Type(), ErrNotRegular)
	}
	f, err := os.Open(path)
	if err != nil {
		return Document{}, fmt.Errorf("read transcript: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Document{}, fmt.Errorf("read transcript: %w", err)
	}
	if st.IsDir() {
		return Document{}, fmt.Errorf("read transcript %s: %w", path, errIsDir)
	}
	if !st.Mode().IsRegular() {
		return Document{}, fmt.Errorf("read transcript %s: %v: %w", path, st.Mode().Type(), ErrNotRegular)
	}
	if st.Size() > MaxBytes {
		return Document{}, fmt.Errorf("read %s: %d bytes: %w", path, st.Size(), ErrTooLarge)
	}
	data, err := readLimited(f, st.Size())
	if err != nil {
		return Document{}, fmt.Errorf("read %s: %w", path, err)
	}
	return Read(filepath.Base(path), data)
}

// readLimited reads r to its end, but at most MaxBytes+1 bytes. sizeHint,
// when known, sizes the buffer once; otherwise it doubles as it fills, up
// to MaxBytes+1, so a refused 1 GB stream costs about twice MaxBytes, not
// the five times io.ReadAll's gentler growth adds up to.
func readLimited(r io.Reader, sizeHint int64) ([]byte, error) {
	const limit = MaxBytes + 1
	size := 64 << 10
	if sizeHint > 0 {
		size = int(min(sizeHint+1, limit))
	}
	buf := make([]byte, 0, size)
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*cap(buf), limit))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

var errIsDir = errors.New("is a folder")

func displayName(name string) string {
	if name == "" {
		return "transcript"
	}
	return name
}

func ext(name string) string {
	return strings.ToLower(filepath.Ext(name))
}
