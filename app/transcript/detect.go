package transcript

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// parse recognizes the container (zip, OLE, binary), decodes text and
// dispatches on the detected format.
func parse(name string, data []byte) (Document, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return Document{}, ErrEmpty
	}
	e := ext(name)
	switch {
	case bytes.HasPrefix(data, oleMagic):
		if e == ".hwp" || bytes.Contains(data, []byte("HWP Document File")) {
			return Document{}, ErrLegacyHWP
		}
		return Document{}, fmt.Errorf("OLE compound file (.doc, .xls, …): %w", ErrBinary)
	case bytes.HasPrefix(data, []byte("HWP Document File")):
		// HWP 3.x, before the OLE container
		return Document{}, ErrLegacyHWP
	case bytes.HasPrefix(data, zipMagic):
		return readZipDocument(name, data)
	}
	if m := binaryMagic(data); m != "" {
		return Document{}, fmt.Errorf("%s data: %w", m, ErrBinary)
	}
	text, enc, warns, err := decode(data)
	if err != nil {
		return Document{}, err
	}
	doc, err := parseText(name, text)
	if err != nil {
		return Document{}, err
	}
	doc.Encoding = enc
	doc.Warnings = append(warns, doc.Warnings...)
	return finish(doc)
}

// parseText detects the format of decoded text and extracts utterances.
func parseText(name, text string) (Document, error) {
	text = normalize(text)
	doc := Document{Name: name}
	e := ext(name)
	switch {
	case e == ".vtt" || strings.HasPrefix(text, "WEBVTT"):
		doc.Format = VTT
		doc.Utterances = readSubtitles(text, true)
	case e == ".srt" || looksLikeSRT(text):
		doc.Format = SRT
		doc.Utterances = readSubtitles(text, false)
	default:
		if u, ok := readClovaNote(text); ok {
			doc.Format, doc.Utterances = ClovaNote, u
		} else if u, ok := readChat(text); ok {
			doc.Format, doc.Utterances = Chat, u
		} else {
			doc.Format = Plain
			if e == ".md" || e == ".markdown" {
				doc.Format = Markdown
			}
			doc.Text = collapseBlankLines(text)
			doc.Utterances = linesAsUtterances(doc.Text)
		}
	}
	return doc, nil
}

// finish fills Text from the utterances where the format has them, checks
// emptiness and adds the size warning.
func finish(doc Document) (Document, error) {
	if doc.Text == "" {
		doc.Utterances = mergeSpeakers(doc.Utterances)
		lines := make([]string, len(doc.Utterances))
		for i, u := range doc.Utterances {
			lines[i] = u.Line()
		}
		doc.Text = strings.Join(lines, "\n")
	}
	doc.Text = strings.TrimSpace(doc.Text)
	if doc.Text == "" {
		return Document{}, ErrEmpty
	}
	if utf8.RuneCountInString(doc.Text) > WarnChars {
		doc.Warnings = append(doc.Warnings, WarnLong)
	}
	return doc, nil
}

// normalize: NFC (macOS writes decomposed Hangul), LF line ends, no
// trailing spaces, no stray BOMs or control characters (too many of them
// were refused as binary before).
func normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r == '\u2028' || r == '\u2029':
			return '\n'
		case r == '\ufeff' || r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1 // BOMs inside, control codes checkText let through
		}
		return r
	}, s)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\u00a0\u3000\v\f")
	}
	return strings.Join(lines, "\n")
}

// collapseBlankLines keeps paragraphs: runs of blank lines become one, and
// the text loses leading and trailing blank lines.
func collapseBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := true
	for _, l := range lines {
		if l == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func linesAsUtterances(s string) []Utterance {
	var us []Utterance
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			us = append(us, Utterance{Text: t})
		}
	}
	return us
}

// mergeSpeakers joins consecutive utterances of the same named speaker and
// drops empty ones; whitespace inside an utterance becomes single spaces.
func mergeSpeakers(us []Utterance) []Utterance {
	var out []Utterance
	var parts []string
	flush := func() {
		if len(parts) > 0 {
			out[len(out)-1].Text = strings.Join(parts, " ")
			parts = parts[:0]
		}
	}
	for _, u := range us {
		text := strings.Join(strings.Fields(u.Text), " ")
		if text == "" {
			continue
		}
		if n := len(out); n > 0 && u.Speaker != "" && out[n-1].Speaker == u.Speaker {
			parts = append(parts, text)
			continue
		}
		flush()
		out = append(out, Utterance{Speaker: u.Speaker, Text: text, At: u.At})
		parts = append(parts, text)
	}
	flush()
	return out
}
