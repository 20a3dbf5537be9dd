package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/assets"
)

// showAbout names the app and shows the bundled font's licence.
func (w *window) showAbout() {
	meta := w.fa.Metadata()
	version := meta.Version
	if version == "" {
		version = "dev"
	}
	head := widget.NewLabelWithStyle(lang.L("Yoyak")+" "+version, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	desc := widget.NewLabel(lang.L("Summarizes Korean meeting and broadcast transcripts with a local model, offline."))
	desc.Wrapping = fyne.TextWrapWord
	lic := widget.NewLabel(assets.FontLicense)
	lic.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(container.NewVBox(container.NewHBox(widget.NewIcon(appIcon), head), desc,
		widget.NewLabel(lang.L("Font licence:"))), nil, nil, nil, container.NewVScroll(lic))
	d := dialog.NewCustom(lang.L("About Yoyak"), lang.L("Close"), body, w.win)
	d.Resize(fyne.NewSize(620, 520))
	d.Show()
}
