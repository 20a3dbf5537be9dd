package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/models"
)

// A draft left by a run that did not end normally is restored at start
// (transcript and summary), its crash report offered once; edits and a
// finished summary are kept in the draft as they happen.
func TestWindowRestoresTheDraftAndOffersTheCrashReport(t *testing.T) {
	t.Setenv(models.DataDirEnv, t.TempDir())
	crashDir := app.CrashDir()
	os.MkdirAll(crashDir, 0o700)
	report := filepath.Join(crashDir, "crash-20260101T000000Z-999999999.txt")
	if err := os.WriteFile(report, []byte("panic: boom\n\ngoroutine 1 [running]:\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	drafts := app.OpenDrafts(filepath.Join(t.TempDir(), "draft.json"))
	drafts.Save(app.Draft{Transcript: "김민수: 예산안을 검토했습니다.", Summary: strings.Join(answer, "")})
	if err := drafts.Flush(); err != nil {
		t.Fatal(err)
	}

	s := newScripted(answer...)
	w, p := newTestWindow(t, deps{svc: s, drafts: drafts})
	w.restoreSession()
	p.until(t, "the draft to come back", func() bool { return w.in.editor.Text != "" })
	if w.in.editor.Text != "김민수: 예산안을 검토했습니다." {
		t.Errorf("editor %q", w.in.editor.Text)
	}
	if v := viewText(w.out.view.Segments); !strings.Contains(v, "예산 편성 회의") {
		t.Errorf("summary view %q", v)
	}
	if !strings.Contains(w.out.phase.Text, "되살렸습니다") {
		t.Errorf("phase %q", w.out.phase.Text)
	}
	c := w.win.Canvas()
	p.until(t, "the crash report", func() bool { return c.Overlays().Top() != nil })
	if got := overlayText(c); !strings.Contains(got, "panic: boom") || !strings.Contains(got, "오류 보고서") {
		t.Errorf("crash dialog:\n%s", got)
	}
	if left := app.CrashReports(); len(left) != 0 {
		t.Errorf("the report would be offered again: %v", left)
	}

	// Typing keeps the draft (written once edits settle: Flush here).
	test.Type(w.in.editor, " 추가")
	if err := drafts.Flush(); err != nil {
		t.Fatal(err)
	}
	if dr, ok := drafts.Load(); !ok || !strings.Contains(dr.Transcript, " 추가") || dr.Summary == "" {
		t.Errorf("draft after typing: %+v %v", dr, ok)
	}
}
