package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/transcript"
)

// editLimit is the largest transcript (in characters) opened into the
// editable editor. Fyne's Entry re-lays out all its text on each keystroke:
// at 100,000 characters that is seconds per key, so bigger files are shown
// in the read-only, virtualized docView instead.
const editLimit = 20_000

// planDelay is how long typing must pause before the transcript is measured
// again (tokens, parts).
const planDelay = 400 * time.Millisecond

// input is the transcript side of the window.
type input struct {
	w      *window
	pane   fyne.CanvasObject
	editor *transcriptEntry
	viewer *docView
	stack  *fyne.Container
	source *widget.Label // file name, or "pasted text"
	info   *mutedLabel   // characters, tokens, parts
	close  *widget.Button
	edit   *widget.Button  // back to the editor from a source shown read-only
	head   *fyne.Container // source and close: laid out again when close shows or hides

	file     *transcript.Document // a large file shown read-only; nil: the editor holds the text
	opened   *transcript.Document // the file put in the editor, as read (clocks, speakers)
	fileName string               // the file whose text is in the editor, "" when typed or pasted
	filePath string               // that file's path, "" when unknown: Save never writes over it

	planSeq    int
	planTimer  *time.Timer
	planCancel context.CancelFunc

	pre prefillState // reading ahead (prefill.go)
}

// transcriptEntry is the editor: Enter inserts a newline (never runs, so an
// input method finishing a Hangul syllable with Enter cannot start a run),
// Ctrl+Enter (Cmd+Enter) asks for a run and Esc stops one.
type transcriptEntry struct {
	widget.Entry
	onRun, onStop func()
	onBigText     func(text string) // the editor's text after a paste too big to edit
}

func newTranscriptEntry() *transcriptEntry {
	e := &transcriptEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut takes the run shortcut before the Entry sees it, and a
// paste too big to edit: that goes straight to the read-only viewer, so the
// Entry never lays out 100,000 characters (seconds of a frozen window).
func (e *transcriptEntry) TypedShortcut(s fyne.Shortcut) {
	if isRunShortcut(s) {
		if e.onRun != nil {
			e.onRun()
		}
		return
	}
	if p, ok := s.(*fyne.ShortcutPaste); ok && p.Clipboard != nil && e.onBigText != nil && e.SelectedText() == "" {
		clip := p.Clipboard.Content()
		if utf8.RuneCountInString(clip)+utf8.RuneCountInString(e.Text) > editLimit {
			e.onBigText(insertAt(e.Text, e.CursorRow, e.CursorColumn, clip))
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// insertAt inserts ins into text at row and column (in runes), as a paste
// at the cursor does.
func insertAt(text string, row, col int, ins string) string {
	off := 0
	for r := 0; r < row; r++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			off = len(text)
			break
		}
		off += i + 1
	}
	for c := 0; c < col && off < len(text) && text[off] != '\n'; c++ {
		_, n := utf8.DecodeRuneInString(text[off:])
		off += n
	}
	return text[:off] + ins + text[off:]
}

// TypedKey stops a run on Esc; every other key edits.
func (e *transcriptEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if e.onStop != nil {
			e.onStop()
		}
		return
	}
	e.Entry.TypedKey(k)
}

func (w *window) buildInput() {
	in := &w.in
	in.w = w
	in.editor = newTranscriptEntry()
	in.editor.SetPlaceHolder(lang.L("Paste or type a meeting or broadcast transcript here, or open or drop a file (.txt .md .srt .vtt .docx .hwpx)."))
	in.editor.onRun = w.requestRun
	in.editor.onStop = w.stopRun
	in.editor.onBigText = in.showBigText
	in.editor.OnChanged = func(text string) {
		if len(text) > 3*editLimit && in.file == nil { // bytes: a Hangul syllable is 3
			// A paste too big to edit comfortably: show it read-only, as
			// a big file is, once this event is over.
			w.br.Post("big-paste", in.moveToViewer)
			return
		}
		in.schedulePlan()
		w.saveDraft()
	}
	in.viewer = newDocView()
	in.viewer.list.onStop = w.stopRun
	in.viewer.Hide()
	in.stack = container.NewStack(in.editor, in.viewer)

	in.source = widget.NewLabelWithStyle(lang.L("Transcript"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	in.source.Truncation = fyne.TextTruncateEllipsis
	in.close = widget.NewButtonWithIcon("", theme.CancelIcon(), in.clear)
	in.close.Importance = widget.LowImportance
	in.close.Hide()
	in.info = newMutedLabel("")
	in.edit = widget.NewButtonWithIcon(lang.L("Edit"), theme.DocumentCreateIcon(), in.endPassage)
	in.edit.Importance = widget.LowImportance
	in.edit.Hide()
	in.head = container.NewBorder(nil, nil, nil, container.NewHBox(in.edit, in.close), in.source)
	in.pane = container.NewBorder(in.head, in.info, nil, nil, in.stack)
	in.showInfo(nil, nil)
}

// document is the transcript to summarize: the open large file, or the
// editor's text read as the file it came from (or as pasted text).
func (in *input) document() (transcript.Document, error) {
	if in.file != nil {
		return *in.file, nil
	}
	text := in.editor.Text
	if strings.TrimSpace(text) == "" {
		return transcript.Document{}, nil
	}
	if in.opened != nil && in.opened.Text == text {
		// unedited: the file as read, with its subtitle clocks and speakers
		return *in.opened, nil
	}
	name := in.fileName
	if name == "" || !strings.EqualFold(filepath.Ext(name), ".txt") && !strings.EqualFold(filepath.Ext(name), ".md") {
		// What is in the editor is plain text now, whatever the file was.
		name = ""
	}
	doc, err := transcript.Read(name, []byte(text))
	if err != nil {
		return transcript.Document{}, err
	}
	if in.fileName != "" {
		doc.Name = in.fileName
	}
	return doc, nil
}

// setDocument shows a transcript read from a file: in the editor when it is
// small enough to edit, else read-only in the viewer.
func (in *input) setDocument(doc transcript.Document) {
	in.cancelPlan()
	in.edit.Hide()
	in.opened = nil
	in.filePath = ""
	if doc.Chars() <= editLimit {
		in.file = nil
		in.fileName = doc.Name
		d := doc
		in.opened = &d
		in.viewer.Hide()
		in.viewer.SetText("")
		in.editor.Show()
		in.editor.SetText(doc.Text) // fires OnChanged → schedulePlan
	} else {
		d := doc
		in.file = &d
		in.fileName = doc.Name
		in.editor.Hide()
		in.editor.SetText("")
		in.viewer.SetText(doc.Text)
		in.viewer.Show()
	}
	label := doc.Name
	if label == "" {
		label = lang.L("pasted text")
	}
	in.source.SetText(label)
	in.close.Show()
	in.head.Refresh() // a container lays out only its visible objects
	in.info.SetText(lang.L("{{.Chars}} characters", map[string]any{"Chars": groupDigits(doc.Chars())}) + " · " + lang.L("counting tokens…"))
	in.schedulePlan()
}

// moveToViewer shows a big pasted text read-only instead of in the editor.
func (in *input) moveToViewer() {
	text := in.editor.Text
	if in.file != nil || utf8.RuneCountInString(text) <= editLimit {
		in.schedulePlan()
		return
	}
	in.showBigText(text)
}

// showBigText shows text too big to edit in the read-only viewer, as
// pasted text (or the file it came from).
func (in *input) showBigText(text string) {
	doc, err := transcript.Read("", []byte(text))
	if err != nil {
		in.showInfo(nil, err)
		return
	}
	doc.Name = in.fileName // "" for pasted text, as history records it
	in.setDocument(doc)
}

// clear closes the open file (or empties the editor).
func (in *input) clear() {
	in.cancelPlan()
	in.edit.Hide()
	in.opened = nil
	in.file = nil
	in.fileName = ""
	in.filePath = ""
	in.viewer.Hide()
	in.viewer.SetText("")
	in.editor.SetText("")
	in.editor.Show()
	in.source.SetText(lang.L("Transcript"))
	in.close.Hide()
	in.head.Refresh()
	in.showInfo(nil, nil)
}

// schedulePlan measures the transcript again once typing pauses.
func (in *input) schedulePlan() {
	in.schedulePrefill()
	if in.planTimer != nil {
		in.planTimer.Stop()
	}
	in.planSeq++
	seq := in.planSeq
	w := in.w
	in.planTimer = time.AfterFunc(planDelay, func() {
		w.br.Post("plan", func() {
			if seq == in.planSeq {
				in.startPlan()
			}
		})
	})
}

func (in *input) cancelPlan() {
	in.stopPrefill()
	in.planSeq++
	if in.planTimer != nil {
		in.planTimer.Stop()
	}
	if in.planCancel != nil {
		in.planCancel()
		in.planCancel = nil
	}
}

// startPlan counts characters now and tokens and parts in the background.
func (in *input) startPlan() {
	w := in.w
	if w.closing {
		return
	}
	if in.planCancel != nil {
		in.planCancel()
	}
	doc, err := in.document()
	if err != nil {
		in.showInfo(nil, err)
		return
	}
	if doc.Text == "" {
		in.showInfo(nil, nil)
		return
	}
	chars := doc.Chars()
	in.info.SetText(lang.L("{{.Chars}} characters", map[string]any{"Chars": groupDigits(chars)}) + " · " + lang.L("counting tokens…"))
	ctx, cancel := context.WithCancel(w.life)
	in.planCancel = cancel
	seq := in.planSeq
	opts := w.options()
	svc := w.d.svc
	w.background(func() {
		defer cancel()
		p, err := svc.Plan(ctx, doc, opts)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			p.Chars = chars
		}
		w.br.Post("plan-result", func() {
			if seq == in.planSeq {
				in.showInfo(&p, err)
			}
		})
	})
}

// showInfo writes the line under the transcript.
func (in *input) showInfo(p *app.Plan, err error) {
	if p == nil && err == nil {
		in.setInfo(lang.L("Ctrl+Enter summarizes; Esc stops."))
		if isMac() {
			in.setInfo(lang.L("Cmd+Enter summarizes; Esc stops."))
		}
		return
	}
	var parts []string
	if p != nil && p.Chars > 0 {
		parts = append(parts, lang.L("{{.Chars}} characters", map[string]any{"Chars": groupDigits(p.Chars)}))
	}
	switch {
	case err != nil && errors.Is(err, app.ErrNoModel):
		parts = append(parts, lang.L("tokens are counted once a model is chosen"))
	case err != nil:
		parts = append(parts, app.WindowMessage(err, in.w.lang))
	case p.FitsOnePass:
		parts = append(parts, lang.L("{{.Tokens}} tokens", map[string]any{"Tokens": groupDigits(p.Tokens)}), lang.L("fits one pass"))
	default:
		parts = append(parts, lang.L("{{.Tokens}} tokens", map[string]any{"Tokens": groupDigits(p.Tokens)}),
			lang.L("split into {{.Parts}} parts", map[string]any{"Parts": p.Parts}))
	}
	in.setInfo(strings.Join(parts, " · "))
}

// groupDigits writes n with thousands separators.
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// transcriptFilter is the file dialog's filter: what transcript.Read opens.
func transcriptFilter() storage.FileFilter {
	return storage.NewExtensionFileFilter(transcript.Extensions())
}

// showOpen asks for a transcript file.
func (w *window) showOpen() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.out.showError(app.WindowMessage(err, w.lang))
			return
		}
		if r == nil {
			return
		}
		u := r.URI()
		r.Close()
		w.openURI(u)
	}, w.win)
	showFileDialog(d, lang.L("Open a transcript"), transcriptFilter())
}

// showFileDialog shows one of the window's file dialogs (open a transcript,
// open a model, save a summary): all at one size, big enough for long
// Korean file names, and each limited to the files its action can use.
func showFileDialog(d *dialog.FileDialog, title string, filter storage.FileFilter) {
	d.SetFilter(filter)
	d.SetTitleText(title)
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// onDropped opens the first dropped file.
func (w *window) onDropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		if u.Scheme() == "file" {
			w.openURI(u)
			return
		}
	}
}

func (w *window) openURI(u fyne.URI) {
	if u.Scheme() != "file" {
		w.out.showError(lang.L("Only local files can be opened."))
		return
	}
	w.openPath(u.Path())
}

// openPath reads a transcript file in the background and shows it.
func (w *window) openPath(path string) {
	w.in.source.SetText(filepath.Base(path))
	w.in.info.SetText(lang.L("Reading the file…"))
	w.background(func() { // closing waits for it
		doc, err := transcript.ReadFile(path)
		w.br.Post("open", func() {
			if err != nil {
				w.in.showInfo(nil, nil)
				if w.in.fileName == "" && w.in.file == nil {
					w.in.source.SetText(lang.L("Transcript"))
				} else {
					w.in.source.SetText(w.in.fileName)
				}
				w.out.showError(filepath.Base(path) + ": " + app.WindowMessage(err, w.lang))
				return
			}
			w.in.setDocument(doc)
			w.in.filePath = path
			for _, warn := range doc.Warnings {
				w.out.setPhase(warn.Message(w.lang), -1)
			}
		})
	})
}
