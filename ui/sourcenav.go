package ui

import (
	"fyne.io/fyne/v2/lang"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/history"
)

// citeTranscript records which transcript the summary being written cites:
// its sources' line numbers are lines of that text.
func (w *window) citeTranscript(text string) { w.srcHash = history.Hash(text) }

// jumpToSource shows passage k of a point's sources in the transcript pane,
// highlighted, and says which it is in the status line. The transcript
// must be the one the summary was made from (a summary reopened from
// history cites the transcript it was made from: open that file first).
func (w *window) jumpToSource(l *grounding.Link, k int) {
	if k < 0 || k >= len(l.Sources) {
		w.out.setPhase(lang.L("No passage of the transcript supports this point."), -1)
		return
	}
	doc, err := w.in.document()
	if err != nil || doc.Text == "" || history.Hash(doc.Text) != w.srcHash {
		w.out.setPhase(lang.L("Open the transcript this summary was made from to see its sources."), -1)
		return
	}
	src := l.Sources[k]
	w.in.showPassage(doc.Text, src.FirstLine, src.LastLine)
	msg := lang.L("Source {{.N}} of {{.Of}}: {{.Label}}", map[string]any{"N": k + 1, "Of": len(l.Sources), "Label": src.LabelIn(isKoreanUI())})
	if len(l.Sources) > 1 {
		msg += " · " + lang.L("click or press Enter again for the next")
	}
	w.out.setPhase(msg, -1)
}

// showPassage highlights lines first..last of text, the transcript as
// read for the run. A long transcript is already in the viewer; an edited
// one is shown there read-only for the time being (Fyne's Entry can
// neither highlight nor select a range from code), with Edit to go back.
func (in *input) showPassage(text string, first, last int) {
	if in.file == nil {
		if !in.viewer.Visible() || in.viewer.Text() != text {
			in.viewer.SetText(text)
		}
		if in.editor.Visible() {
			in.editor.Hide()
			in.viewer.Show()
			in.edit.Show()
			in.head.Refresh()
		}
	}
	in.viewer.Highlight(first, last)
}

// endPassage goes back from a source shown read-only to the editor, whose
// text is as it was.
func (in *input) endPassage() {
	if in.file != nil {
		in.viewer.Highlight(0, 0)
		return
	}
	in.viewer.Hide()
	in.viewer.SetText("")
	in.editor.Show()
	in.edit.Hide()
	in.head.Refresh()
	in.w.win.Canvas().Focus(in.editor)
}
