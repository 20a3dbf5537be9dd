package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/history"
)

// historyDialog lists kept summaries, newest first, with date and source;
// one can be reopened into the summary view or deleted.
type historyDialog struct {
	w       *window
	entries []history.Entry
	list    *widget.List
	sel     int
	openBtn *widget.Button
	delBtn  *widget.Button
	empty   *widget.Label
	d       dialog.Dialog
	loaded  bool // the list has been read at least once
}

func (w *window) refreshHistoryButton() {
	if w.d.history != nil {
		w.histBtn.Enable()
	}
}

// showHistory is openHistory for the button and the menu, which take a
// func(); tests call openHistory to reach the dialog.
func (w *window) showHistory() { w.openHistory() }

// openHistory opens the history dialog (nil when there is no history); the
// list is read in the background, so a slow disk never freezes the window.
func (w *window) openHistory() *historyDialog {
	if w.d.history == nil {
		return nil
	}
	h := &historyDialog{w: w, sel: -1}
	h.list = widget.NewList(
		func() int { return len(h.entries) },
		func() fyne.CanvasObject {
			// Sample text, so the row is measured at its full height.
			t := widget.NewLabelWithStyle("—", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			t.Truncation = fyne.TextTruncateEllipsis
			sub := newMutedLabel("—")
			// The labels carry their own inner padding: no more between them.
			return container.New(layout.NewCustomPaddedVBoxLayout(0), t, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(h.entries) {
				return
			}
			e := h.entries[i]
			box := o.(*fyne.Container)
			title := e.Title()
			if title == "" {
				title = lang.L("pasted text")
			}
			box.Objects[0].(*widget.Label).SetText(title)
			box.Objects[1].(*mutedLabel).SetText(historySubtitle(e))
		})
	h.list.OnSelected = func(i widget.ListItemID) {
		h.sel = i
		h.openBtn.Enable()
		h.delBtn.Enable()
	}
	h.openBtn = widget.NewButtonWithIcon(lang.L("Open"), theme.FolderOpenIcon(), h.open)
	h.openBtn.Importance = widget.HighImportance
	h.delBtn = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), h.remove)
	h.openBtn.Disable()
	h.delBtn.Disable()
	h.empty = widget.NewLabel(lang.L("Loading…"))
	body := container.NewStack(h.empty, h.list)
	cd := dialog.NewCustomWithoutButtons(lang.L("History"), body, w.win)
	closeBtn := widget.NewButton(lang.L("Close"), cd.Hide)
	// One row, the default (Open) last, as Fyne's confirm dialogs order
	// their buttons.
	cd.SetButtons([]fyne.CanvasObject{h.delBtn, closeBtn, h.openBtn})
	h.d = cd
	h.d.Resize(fyne.NewSize(640, 480))
	h.d.Show()
	h.reload()
	return h
}

func historySubtitle(e history.Entry) string {
	src := e.Source
	if src == "" || src == "-" {
		src = lang.L("pasted text")
	}
	return fmt.Sprintf("%s · %s · %s", e.Created.Local().Format("2006-01-02 15:04"), src,
		lang.L("{{.Chars}} characters", map[string]any{"Chars": groupDigits(e.Chars)}))
}

func (h *historyDialog) reload() {
	store, w := h.w.d.history, h.w
	w.background(func() { // closing waits for it
		list, err := store.List()
		w.br.Post("history", func() {
			h.entries = list
			h.sel = -1
			h.list.UnselectAll()
			h.openBtn.Disable()
			h.delBtn.Disable()
			switch {
			case err != nil:
				h.empty.SetText(app.WindowMessage(err, w.lang))
			case len(list) == 0:
				h.empty.SetText(lang.L("No summaries yet."))
			default:
				h.empty.SetText("")
			}
			h.loaded = true
			h.list.Refresh()
		})
	})
}

// open shows the selected entry in the summary view.
func (h *historyDialog) open() {
	if h.sel < 0 || h.sel >= len(h.entries) {
		return
	}
	e := h.entries[h.sel]
	h.d.Hide()
	h.w.showEntry(e)
}

func (w *window) showEntry(e history.Entry) {
	if w.running {
		w.stopRun()
	}
	w.showFirstRun(false)
	w.srcHash = e.Hash
	w.out.showResult(e.Summary, e.Text)
	w.out.meta, w.out.input = entryMeta(e), origin{private: true}
	w.setRunning(false)
	w.out.setCaption(lang.L("From history:") + " " + historySubtitle(e))
	w.out.setPhase(lang.L("Opened from history."), -1)
}

// remove deletes the selected entry after asking.
func (h *historyDialog) remove() {
	if h.sel < 0 || h.sel >= len(h.entries) {
		return
	}
	e := h.entries[h.sel]
	w := h.w
	dialog.ShowConfirm(lang.L("Delete"), lang.L("Delete “{{.Title}}” from history?", map[string]any{"Title": e.Title()}), func(ok bool) {
		if !ok {
			return
		}
		store := w.d.history
		w.background(func() { // closing waits for the deletion to finish
			err := store.Delete(e.ID)
			w.br.Post("history-delete", func() {
				if err != nil {
					dialog.ShowError(fmt.Errorf("%s", app.WindowMessage(err, w.lang)), w.win)
				}
				h.reload()
			})
		})
	}, w.win)
}
