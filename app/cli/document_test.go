package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/transcript"
)

// TestSummarizeDocument: --format docx|hwpx with --out writes a document
// Yoyak's own reader opens as that format; without --out it is a usage
// error (a document is no terminal output).
func TestSummarizeDocument(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	file := sumWriteFile(t, dir, "회의.txt", sumMeeting(2))
	if code, stdout, stderr := sumRun(t, "", "summarize", "--format", "docx", file); code != exitUsage || stdout != "" ||
		!strings.Contains(stderr, "give --out FILE") {
		t.Errorf("docx without --out: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	for _, f := range []string{"docx", "hwpx"} {
		out := filepath.Join(dir, "요약."+f)
		code, stdout, stderr := sumRun(t, "", "summarize", "--model", model, "--cpu", "--max-tokens", "24", "--format", f, "--out", out, file)
		if code != exitOK || stdout != "" {
			t.Fatalf("%s: exit %d, stdout %q: %s", f, code, stdout, stderr)
		}
		doc, err := transcript.ReadFile(out)
		if err != nil {
			t.Fatalf("%s: read back: %v", f, err)
		}
		if string(doc.Format) != f || !strings.Contains(doc.Text, "원본: 회의.txt (") || !strings.Contains(doc.Text, "모델: tiny.gguf") {
			t.Errorf("%s: read back as %s: %q", f, doc.Format, doc.Text)
		}
	}
	sumNoPartFiles(t, dir)
}

// TestSummarizeFolderDocuments: folder mode writes NAME.summary.hwpx, and
// never takes a summary it wrote (.summary.docx/.hwpx, which Yoyak could
// read as a transcript) for a transcript.
func TestSummarizeFolderDocuments(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	sumWriteFile(t, dir, "a.txt", sumMeeting(2))
	args := []string{"summarize", "--model", model, "--cpu", "--max-tokens", "24", "--format", "hwpx", dir}
	code, stdout, stderr := sumRun(t, "", args...)
	if code != exitOK || stdout != "1 summarized, 0 skipped, 0 failed\n" {
		t.Fatalf("exit %d, %q: %s", code, stdout, stderr)
	}
	if doc, err := transcript.ReadFile(filepath.Join(dir, "a.summary.hwpx")); err != nil || doc.Format != transcript.HWPX {
		t.Fatalf("a.summary.hwpx: %v (%s)", err, doc.Format)
	}
	// Now as docx: a.summary.hwpx is a summary, not a transcript.
	args[len(args)-2] = "docx"
	code, stdout, stderr = sumRun(t, "", args...)
	if code != exitOK || stdout != "1 summarized, 0 skipped, 0 failed\n" {
		t.Fatalf("docx: exit %d, %q: %s", code, stdout, stderr)
	}
	for _, n := range []string{"a.summary.docx", "a.summary.hwpx"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.summary.summary.docx")); err == nil {
		t.Error("a summary was summarized")
	}
	// Again: skipped, the existing document kept.
	if _, stdout, _ = sumRun(t, "", args...); stdout != "0 summarized, 1 skipped, 0 failed\n" {
		t.Errorf("rerun count line %q", stdout)
	}
	sumNoPartFiles(t, dir)
}
