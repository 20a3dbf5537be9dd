package cli

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/document"
	"github.com/yoyak/yoyak/app/summary"
)

// The summarize command's output formats beyond summary's text, md and
// json: a Word or Hangul document (app/document), written only to a file
// (--out or folder mode), never to a terminal.

// parseOutFormat reads --format: summary's formats, or docx/hwpx carried in
// the same type.
func parseOutFormat(s string) (summary.Format, error) {
	if f, ok := document.ParseFormat(s); ok {
		return summary.Format(f), nil
	}
	return summary.ParseFormat(s)
}

// isDocument reports whether f is a document format (a binary file).
func isDocument(f summary.Format) bool {
	_, ok := document.ParseFormat(string(f))
	return ok
}

// summaryFileExt is the extension folder mode gives the summary of a
// transcript: .summary.md, or .summary.docx / .summary.hwpx.
func summaryFileExt(f summary.Format) string {
	if isDocument(f) {
		return ".summary." + string(f)
	}
	return summaryExt
}

// isSummaryName reports whether a folder entry is a summary folder mode
// wrote (in any format), which is never summarized again: a .docx or .hwpx
// summary is otherwise a transcript Yoyak reads.
func isSummaryName(name string) bool {
	lower := strings.ToLower(name)
	for _, f := range []summary.Format{summary.Markdown, summary.Format(document.DOCX), summary.Format(document.HWPX)} {
		if strings.HasSuffix(lower, summaryFileExt(f)) {
			return true
		}
	}
	return false
}

// renderResult is what a run writes in format f: the summary's text, or a
// document (its bytes in a string) that says which transcript (input, "-"
// for stdin) and model it came from.
func renderResult(res app.Result, f summary.Format, input string) (string, error) {
	if !isDocument(f) {
		return res.Render(f), nil
	}
	meta := document.Meta{Model: res.Model.Name, Generated: time.Now()}
	if input != "-" {
		meta.Source = filepath.Base(input)
		if st, err := os.Stat(input); err == nil {
			meta.SourceDate = st.ModTime()
		}
	}
	data, err := document.Write(document.Format(f), document.Input{Summary: res.Summary, Meta: meta, Sources: res.Summary.SourceLabels()})
	return string(data), err
}

// folderFormat is what folder mode writes: Markdown, or the document
// format asked for.
func (c *summarizeCmd) folderFormat() summary.Format {
	if isDocument(c.flags.format) {
		return c.flags.format
	}
	return summary.Markdown
}
