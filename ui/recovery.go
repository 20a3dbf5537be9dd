package ui

import (
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/summary"
)

// recovery keeps what a crash would lose: the transcript and the last
// summary go to a draft (app.Drafts) as they change; the next start
// restores a draft an abnormal end left, and offers the crash report.
type recovery struct {
	summary string // the last summary shown, as the model wrote it
}

// saveDraft records the transcript and the last summary; it returns at
// once (the draft is written off the UI thread once edits settle).
func (w *window) saveDraft() {
	if w.d.drafts == nil || w.in.file != nil { // a file too big to edit stays where it is
		return
	}
	w.d.drafts.Save(app.Draft{Transcript: w.in.editor.Text, Source: w.in.fileName, Summary: w.rec.summary})
}

// summaryShown notes the summary a run ended with, for the draft.
func (w *window) summaryShown(text string) {
	w.rec.summary = text
	w.saveDraft()
}

// restoreSession restores the draft an earlier run left (it ended abnormally:
// a normal exit removes it) and offers its crash report; both are read
// off the UI thread.
func (w *window) restoreSession() {
	drafts := w.d.drafts
	w.background(func() {
		var dr app.Draft
		var ok bool
		if drafts != nil {
			dr, ok = drafts.Load()
		}
		reports := app.CrashReports()
		var report, path string
		if n := len(reports); n > 0 {
			path = reports[n-1]
			if b, err := os.ReadFile(path); err == nil {
				report = string(b[:min(len(b), 16<<10)])
			}
			for _, p := range reports {
				app.MarkCrashSeen(p)
			}
		}
		w.br.Post("recover", func() {
			if ok {
				w.restoreDraft(dr)
			}
			if report != "" {
				w.showCrashReport(path, report)
			}
		})
	})
}

func (w *window) restoreDraft(dr app.Draft) {
	if w.in.editor.Text == "" && dr.Transcript != "" {
		w.in.editor.SetText(dr.Transcript) // plans it, as an edit does
	}
	if dr.Summary != "" && !w.running {
		w.rec.summary = dr.Summary
		w.out.showResult(summary.Parse(dr.Summary), dr.Summary)
	}
	w.out.setPhase(lang.L("Restored the text from the last session, which did not end normally."), -1)
}

// showCrashReport offers the account of the last crash, to read or keep.
func (w *window) showCrashReport(path, report string) {
	text := widget.NewMultiLineEntry()
	text.SetText(report)
	text.Wrapping = fyne.TextWrapOff
	where := widget.NewLabel(lang.L("The report is kept at {{.Path}}", map[string]any{"Path": filepath.ToSlash(path)}))
	where.Wrapping = fyne.TextWrapWord
	intro := widget.NewLabel(lang.L("Yoyak ended unexpectedly last time. This is what it recorded; it helps when you report the problem."))
	intro.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(intro, where), nil, nil, nil, text)
	d := dialog.NewCustom(lang.L("Crash report"), lang.L("Close"), body, w.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}
