package ui

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/app/document"
	"github.com/yoyak/yoyak/app/summary"
)

// output is the summary side of the window and the run bar.
type output struct {
	pane   fyne.CanvasObject
	stack  *fyne.Container // pane or the first-run panel
	view   *widget.RichText
	scroll *container.Scroll
	phase  *widget.Label
	// caption names what the shown summary came from when it is not this
	// session's run (a history entry); hidden otherwise.
	caption *mutedLabel
	top     *fyne.Container // the pane's head and caption
	prog    *widget.ProgressBar
	busy    *widget.ProgressBarInfinite // instead of prog while a phase has no measurable progress yet
	progBox *fyne.Container             // the bar's fixed-size cell, hidden with it
	bar     fyne.CanvasObject

	runBtn, stopBtn, copyBtn, saveBtn *widget.Button

	has   bool            // a summary is shown
	sum   summary.Summary // what is shown
	text  string          // the model's text of a finished summary
	meta  document.Meta   // where it came from, for the documents Save writes
	input origin          // what it was made from, for Save's rules
	jump  sourceJump      // what a point's source marker does
}

func (w *window) buildOutput() {
	o := &w.out
	o.jump = w.jumpToSource
	o.view = widget.NewRichText()
	o.view.Wrapping = fyne.TextWrapWord
	o.scroll = container.NewVScroll(o.view)
	o.showHint()
	title := widget.NewLabelWithStyle(lang.L("Summary"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	o.copyBtn = widget.NewButtonWithIcon(lang.L("Copy"), theme.ContentCopyIcon(), w.copySummary)
	o.saveBtn = widget.NewButtonWithIcon(lang.L("Save…"), theme.DocumentSaveIcon(), w.showSaveMenu)
	o.copyBtn.Importance = widget.LowImportance
	o.saveBtn.Importance = widget.LowImportance
	o.copyBtn.Disable()
	o.saveBtn.Disable()
	head := container.NewBorder(nil, nil, nil, container.NewHBox(o.copyBtn, o.saveBtn), title)
	o.caption = newMutedLabel("")
	o.caption.Hide()
	o.top = container.NewVBox(head, o.caption)
	o.pane = container.NewBorder(o.top, nil, nil, nil, o.scroll)

	o.runBtn = widget.NewButtonWithIcon(lang.L("Summarize")+"  ("+shortcutLabel()+")", theme.MediaPlayIcon(), w.startRun)
	o.runBtn.Importance = widget.HighImportance
	o.stopBtn = widget.NewButtonWithIcon(lang.L("Stop")+"  (Esc)", theme.MediaStopIcon(), w.stopRun)
	o.stopBtn.Disable()
	o.phase = widget.NewLabel("")
	o.phase.Truncation = fyne.TextTruncateEllipsis
	o.prog = widget.NewProgressBar()
	o.prog.TextFormatter = func() string { return "" }
	o.busy = widget.NewProgressBarInfinite()
	o.busy.Stop()
	o.busy.Hide()
	o.progBox = container.NewGridWrap(fyne.NewSize(160, o.runBtn.MinSize().Height), container.NewStack(o.prog, o.busy))
	o.progBox.Hide() // hidden, the status line has the whole width
	o.bar = container.NewBorder(nil, nil, container.NewHBox(o.runBtn, o.stopBtn), o.progBox, o.phase)
}

// showHint shows what the empty summary view is for.
func (o *output) showHint() {
	o.view.Segments = []widget.RichTextSegment{&widget.TextSegment{
		Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder},
		Text:  lang.L("The summary appears here as it is written: a title, numbered sections and their points."),
	}}
	o.view.Refresh()
}

// startRun empties the view for a new run.
func (o *output) startRun() {
	o.has = false
	o.sum = summary.Summary{}
	o.text = ""
	o.setCaption("")
	o.view.Segments = nil
	o.view.Refresh()
	o.setPhase(lang.L("Starting…"), -1)
}

// showSummary redraws the streaming summary.
func (o *output) showSummary(s summary.Summary) {
	o.sum = s
	o.view.Segments = summarySegments(s, o.jump)
	o.view.Refresh()
}

// showPartial shows the part summary being written during a split run,
// muted, under a line saying which part it is.
func (o *output) showPartial(p app.Progress, text string) {
	muted := widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder}
	head := muted
	head.TextStyle = fyne.TextStyle{Bold: true}
	segs := []widget.RichTextSegment{&widget.TextSegment{Style: head, Text: lang.L("Summarizing part {{.Part}} of {{.Parts}} (the final summary follows)",
		map[string]any{"Part": max(p.Part, 1), "Parts": max(p.Parts, 1)})}}
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			segs = append(segs, &widget.TextSegment{Style: muted, Text: l})
		}
	}
	o.view.Segments = segs
	o.view.Refresh()
}

// showResult shows a finished summary (a run's, or one from history).
func (o *output) showResult(s summary.Summary, text string) {
	o.showSummary(s)
	o.has = !s.Empty() || strings.TrimSpace(text) != ""
	o.text = text
	if o.has {
		o.copyBtn.Enable()
		o.saveBtn.Enable()
	}
}

// showNotes adds notes about the finished answer under it, muted (it hit
// its token limit, a repeat was cut). They are not part of what Copy and
// Save write.
func (o *output) showNotes(notes []string) {
	if len(notes) == 0 {
		return
	}
	muted := widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Italic: true}}
	o.view.Segments = append(o.view.Segments, &widget.SeparatorSegment{})
	for _, n := range notes {
		o.view.Segments = append(o.view.Segments, &widget.TextSegment{Style: muted, Text: n})
	}
	o.view.Refresh()
}

// setCaption names where the shown summary came from; "" hides the line.
func (o *output) setCaption(text string) {
	o.caption.SetText(text)
	if (text != "") == o.caption.Visible() {
		return
	}
	if text == "" {
		o.caption.Hide()
	} else {
		o.caption.Show()
	}
	o.pane.Refresh() // a container lays out only its visible objects
}

// progressBusy, as setPhase's frac, shows a moving bar: work that reports
// no fraction yet (the first batch of a prompt can take many seconds on a
// slow computer, and a bar stuck at 0 % looks hung).
const progressBusy = 2.0

// setPhase writes the status line; frac in [0, 1] shows the progress bar,
// progressBusy a moving one, a negative one hides it.
func (o *output) setPhase(text string, frac float64) {
	o.phase.Importance = widget.MediumImportance
	o.phase.SetText(text)
	busy := frac == progressBusy
	if busy != o.busy.Visible() {
		if busy {
			o.prog.Hide()
			o.busy.Show()
			o.busy.Start()
		} else {
			o.busy.Stop()
			o.busy.Hide()
			o.prog.Show()
		}
	}
	if frac >= 0 && !busy {
		o.prog.SetValue(frac)
	}
	o.showProgress(frac >= 0)
}

// showProgress shows or hides the progress bar beside the status line.
func (o *output) showProgress(on bool) {
	if on == o.progBox.Visible() {
		return
	}
	if on {
		o.progBox.Show()
	} else {
		o.progBox.Hide()
	}
	o.bar.(*fyne.Container).Refresh() // a container lays out only its visible objects
}

// showError writes a message for the user in the status line.
func (o *output) showError(msg string) {
	o.setPhase(msg, -1)
	o.phase.Importance = widget.DangerImportance
	o.phase.Refresh()
}

// summarySegments renders a summary: the title as a heading, each numbered
// section as a subheading with its points as a bulleted list, and free text
// (an answer without structure) as paragraphs. Parts with sources end in
// a marker that jump follows (see sourced).
func summarySegments(s summary.Summary, jump sourceJump) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	if t := strings.TrimSpace(s.Title); t != "" {
		segs = append(segs, sourced(widget.RichTextStyleHeading, t, titleLink(s), jump)...)
	}
	if !s.Structured() {
		for _, p := range strings.Split(s.Preamble, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: p})
			}
		}
	}
	for i, sec := range s.Sections {
		if i > 0 || len(segs) > 0 {
			// An empty paragraph: air between sections, which RichText
			// otherwise sets tight against the previous list.
			segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: ""})
		}
		head := strings.TrimSpace(sec.Heading)
		if sec.Number > 0 {
			head = strings.TrimSpace(fmt.Sprintf("%d. %s", sec.Number, head))
		}
		if head != "" {
			segs = append(segs, sourced(widget.RichTextStyleSubHeading, head, s.Sources.Heading(i), jump)...)
		}
		if len(sec.Bullets) > 0 {
			items := make([]widget.RichTextSegment, 0, len(sec.Bullets))
			for j, b := range sec.Bullets {
				items = append(items, sourcedItem(b, s.Sources.Bullet(i, j), jump))
			}
			segs = append(segs, &widget.ListSegment{Items: items})
		}
	}
	return segs
}

// copySummary puts the summary on the clipboard as text.
func (w *window) copySummary() {
	if !w.out.has {
		return
	}
	w.fa.Clipboard().SetContent(summary.Render(w.out.sum, summary.Text))
	w.out.setPhase(lang.L("Copied to the clipboard."), -1)
}

// showSave asks where to save the summary in the format of ext (.hwpx,
// .docx, .md or .txt; see saveFormats).
func (w *window) showSave(ext string) {
	if !w.out.has || w.running {
		return
	}
	s := w.out.sum
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.out.showError(app.WindowMessage(err, w.lang))
			return
		}
		if wc == nil {
			return
		}
		u := wc.URI()
		wc.Close()
		if u.Scheme() != "file" {
			w.out.showError(lang.L("Only local files can be saved."))
			return
		}
		w.saveChosen(u.Path(), ext, s)
	}, w.win)
	d.SetFileName(strings.TrimSuffix(saveName(s, w.in.fileName), ".md") + ext)
	showFileDialog(d, lang.L("Save the summary ({{.Ext}})", map[string]any{"Ext": ext}), storage.NewExtensionFileFilter([]string{ext}))
}

// saveTo writes s to path off the UI thread (syncing a file can take
// seconds on a network or USB disk) and says how it went.
func (w *window) saveTo(path string, s summary.Summary) {
	meta, input := w.out.meta, w.out.input
	w.background(func() {
		err := saveFile(path, input, s, meta)
		w.br.Post("save", func() {
			if err != nil {
				w.out.showError(lang.L("Could not save: {{.Err}}", map[string]any{"Err": app.WindowMessage(err, w.lang)}))
				return
			}
			w.out.setPhase(lang.L("Saved {{.Name}}.", map[string]any{"Name": filepath.Base(path)}), -1)
		})
	})
}

// saveName proposes a file name: the summary's title (else the transcript's
// name) with characters file systems refuse replaced, and .md.
func saveName(s summary.Summary, source string) string {
	base := strings.TrimSpace(s.Title)
	if base == "" && source != "" {
		base = strings.TrimSuffix(source, filepath.Ext(source)) + " 요약"
	}
	if base == "" {
		base = "요약"
	}
	base = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, base)
	if r := []rune(base); len(r) > 60 {
		base = string(r[:60])
	}
	return base + ".md"
}

// saveSummary writes s to path atomically (a temporary file in the same
// folder, synced, then renamed over path): Markdown for .md, else the text
// form.
func saveSummary(path string, s summary.Summary, perm fs.FileMode) error {
	f := summary.Text
	if strings.EqualFold(filepath.Ext(path), ".md") {
		f = summary.Markdown
	}
	data := []byte(summary.Render(s, f))
	if err := atomicfile.Write(path, data, perm); err != nil {
		return fmt.Errorf("save summary: %w", err)
	}
	return nil
}
