package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/app/document"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
)

// saveFormat is one way Save… writes a summary.
type saveFormat struct {
	ext   string // with its dot
	label string // the menu item, through lang.L
}

// saveFormats are Save…'s choices, in the menu's order. Fyne's save dialog
// has no format chooser, so the format is picked first, from a menu under
// the button, and the dialog proposes a name with its extension.
func saveFormats() []saveFormat {
	return []saveFormat{
		{".hwpx", lang.L("Hangul document (.hwpx)")},
		{".docx", lang.L("Word document (.docx)")},
		{".md", lang.L("Markdown (.md)")},
		{".txt", lang.L("Text (.txt)")},
	}
}

// showSaveMenu opens the format menu under Save….
func (w *window) showSaveMenu() {
	if !w.out.has || w.running {
		return
	}
	var items []*fyne.MenuItem
	for _, f := range saveFormats() {
		items = append(items, fyne.NewMenuItem(f.label, func() { w.showSave(f.ext) }))
	}
	m := widget.NewPopUpMenu(fyne.NewMenu("", items...), w.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.out.saveBtn)
	x := max(pos.X+w.out.saveBtn.Size().Width-m.MinSize().Width, 0)
	m.ShowAtPosition(fyne.NewPos(x, pos.Y+w.out.saveBtn.Size().Height))
}

// saveChosen saves s where the save dialog said. A name with no known
// extension gets ext (the format chosen), and then, as Fyne's dialog asked
// only about the name typed, Yoyak asks itself before replacing an
// existing file of the full name. The dialog wrote nothing under the typed
// name (installDeferredWrites), so a file there stays as it was.
func (w *window) saveChosen(typed, ext string, s summary.Summary) {
	path := withSaveExt(typed, ext)
	if path == typed {
		w.saveTo(path, s)
		return
	}
	if _, err := os.Stat(path); err != nil {
		w.saveTo(path, s)
		return
	}
	dialog.ShowConfirm(lang.L("Replace the file?"),
		lang.L("{{.Name}} already exists. Replace it?", map[string]any{"Name": filepath.Base(path)}),
		func(ok bool) {
			if ok {
				w.saveTo(path, s)
			}
		}, w.win)
}

// withSaveExt is path with ext added unless its extension is already one
// of Save…'s formats ("회의 1.5" becomes "회의 1.5.docx").
func withSaveExt(path, ext string) string {
	have := strings.ToLower(filepath.Ext(path))
	if slices.ContainsFunc(saveFormats(), func(f saveFormat) bool { return f.ext == have }) {
		return path
	}
	return path + ext
}

// origin is what a shown summary was made from, for Save's rules.
type origin struct {
	path    string // the transcript file; "" for pasted text or unknown
	private bool   // reopened from history, which is kept 0600: so is its copy
}

// saveFile writes s to path atomically in the format its extension names:
// a Word or Hangul document (with meta), Markdown, or text. It follows the
// command line's output rules: never over the transcript it was made from
// nor over anything but a regular file, and never more readable than that
// transcript. Replacing an existing file was already asked about by the
// dialog.
func saveFile(path string, from origin, s summary.Summary, meta document.Meta) error {
	t := atomicfile.Target{Path: path, Overwrite: true}
	if from.path != "" {
		t.Inputs = []string{from.path}
	}
	if err := t.Check(); err != nil {
		return err
	}
	perm := atomicfile.PermLike(from.path, 0o644)
	if from.private {
		perm = 0o600
	}
	f, ok := document.ParseFormat(filepath.Ext(path))
	if !ok {
		return saveSummary(path, s, perm)
	}
	data, err := document.Write(f, document.Input{Summary: s, Meta: meta, Sources: s.SourceLabels()})
	if err == nil {
		err = atomicfile.Write(path, data, perm)
	}
	if err != nil {
		return fmt.Errorf("save summary: %w", err)
	}
	return nil
}

// runMeta describes a run that just finished, for the documents Save
// writes: the transcript's file name, the model that wrote it, now.
func (w *window) runMeta(model string) document.Meta {
	return document.Meta{Source: w.in.fileName, Model: model, Generated: time.Now()}
}

// entryMeta describes a summary kept in history.
func entryMeta(e history.Entry) document.Meta {
	m := document.Meta{Source: e.Source, Model: e.Model, Generated: e.Created}
	if m.Source == "-" {
		m.Source = ""
	}
	return m
}
