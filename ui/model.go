package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
)

// firstRunPanel takes the summary side's place while there is no model:
// download the default one (licence shown and accepted first, progress with
// cancel) or open a GGUF file. The transcript side stays as it is.
type firstRunPanel struct {
	w        *window
	box      *fyne.Container
	title    *widget.Label
	about    *widget.Label
	license  *widget.Hyperlink
	getBtn   *widget.Button
	openBtn  *widget.Button
	prog     *widget.ProgressBar
	progText *widget.Label
	cancelBt *widget.Button
	dlCancel context.CancelFunc
	choice   app.ModelChoice
}

func (w *window) newFirstRunPanel() *firstRunPanel {
	p := &firstRunPanel{w: w}
	head := widget.NewLabelWithStyle(lang.L("A summarization model is needed"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	intro := widget.NewLabel(lang.L("Yoyak summarizes on this computer with a local model; nothing is sent anywhere. Download the default model once, or open a GGUF model file you already have."))
	intro.Wrapping = fyne.TextWrapWord
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.about = widget.NewLabel("")
	p.about.Wrapping = fyne.TextWrapWord
	p.license = widget.NewHyperlink("", nil)
	p.getBtn = widget.NewButtonWithIcon(lang.L("Download the model…"), theme.DownloadIcon(), func() { p.download(p.choice) })
	p.getBtn.Importance = widget.HighImportance
	p.openBtn = widget.NewButtonWithIcon(lang.L("Open a GGUF file…"), theme.FolderOpenIcon(), w.showOpenModel)
	p.prog = widget.NewProgressBar()
	p.progText = widget.NewLabel("")
	p.progText.Wrapping = fyne.TextWrapWord
	p.cancelBt = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), p.cancel)
	progBox := container.NewVBox(p.prog, container.NewBorder(nil, nil, nil, p.cancelBt, p.progText))
	progBox.Hide()
	card := container.NewVBox(
		container.NewHBox(widget.NewIcon(appIcon), head),
		intro,
		widget.NewSeparator(),
		p.title, p.about,
		container.NewHBox(widget.NewLabel(lang.L("Licence:")), p.license),
		container.NewHBox(p.getBtn, p.openBtn),
		progBox,
	)
	p.box = container.NewPadded(container.NewVScroll(card))
	p.box.Hide()
	p.fill()
	return p
}

// fill shows the default catalog model.
func (p *firstRunPanel) fill() {
	list, err := p.w.d.models.Models()
	if err != nil || len(list) == 0 {
		p.getBtn.Disable()
		return
	}
	c := list[0]
	for _, x := range list {
		if x.Default {
			c = x
		}
	}
	p.choice = c
	p.title.SetText(fmt.Sprintf("%s · %s", c.Title, formatBytes(c.Size)))
	p.about.SetText(c.Describe(p.w.lang))
	p.license.SetText(c.License)
	if u, err := url.Parse(c.LicenseURL); err == nil && c.LicenseURL != "" {
		p.license.SetURL(u)
	}
}

// progressBox is the row with the bar, its text and Cancel.
func (p *firstRunPanel) progressBox() fyne.CanvasObject {
	card := p.box.Objects[0].(*container.Scroll).Content.(*fyne.Container)
	return card.Objects[len(card.Objects)-1]
}

// download shows c's licence, records its acceptance and downloads it with
// progress and cancel.
func (p *firstRunPanel) download(c app.ModelChoice) {
	w := p.w
	if p.dlCancel != nil || c.Name == "" {
		return
	}
	start := func() {
		p.w.showFirstRun(true)
		ctx, cancel := context.WithCancel(context.Background())
		p.dlCancel = cancel
		p.getBtn.Disable()
		p.openBtn.Disable()
		p.prog.SetValue(0)
		p.progText.SetText(lang.L("Starting the download…"))
		p.progressBox().Show()
		hub := w.d.models
		go func() {
			defer cancel()
			err := hub.AcceptLicense(ctx, c.Name)
			if err == nil {
				err = hub.Pull(ctx, c.Name, func(pp app.PullProgress) {
					w.br.Post("download", func() { p.showProgress(pp) })
				})
			}
			w.br.Post("download-end", func() { p.ended(c, err) })
		}()
	}
	if c.LicenseAccepted {
		start()
		return
	}
	text := widget.NewLabel(lang.L("{{.Model}} is distributed under {{.License}}. Read the terms before downloading; by accepting you agree to them.",
		map[string]any{"Model": c.Title, "License": c.License}))
	text.Wrapping = fyne.TextWrapWord
	items := []fyne.CanvasObject{text}
	if u, err := url.Parse(c.LicenseURL); err == nil && c.LicenseURL != "" {
		items = append(items, widget.NewHyperlink(lang.L("Read the licence"), u))
	}
	items = append(items, widget.NewLabel(lang.L("Size: {{.Size}}", map[string]any{"Size": formatBytes(c.Size)})))
	d := dialog.NewCustomConfirm(lang.L("Model licence"), lang.L("Accept and download"), lang.L("Cancel"),
		container.NewVBox(items...), func(ok bool) {
			if ok {
				start()
			}
		}, w.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

func (p *firstRunPanel) showProgress(pp app.PullProgress) {
	if p.dlCancel == nil {
		return
	}
	if pp.Total > 0 {
		p.prog.SetValue(float64(pp.Done) / float64(pp.Total))
	}
	text := formatBytes(pp.Done)
	if pp.Total > 0 {
		text += " / " + formatBytes(pp.Total)
	}
	if pp.BytesPerSec > 0 {
		text += " · " + formatBytes(int64(pp.BytesPerSec)) + "/s"
	}
	if pp.Left > 0 {
		text += " · " + lang.L("{{.Left}} left", map[string]any{"Left": formatElapsed(pp.Left)})
	}
	p.progText.SetText(text)
}

func (p *firstRunPanel) ended(c app.ModelChoice, err error) {
	p.dlCancel = nil
	p.getBtn.Enable()
	p.openBtn.Enable()
	switch {
	case err == nil:
		p.progressBox().Hide()
		p.w.useModel(c.Name)
	case errors.Is(err, context.Canceled):
		p.progText.SetText(lang.L("Download cancelled. Downloading again resumes where it stopped."))
	default:
		p.progText.SetText(app.Message(err, p.w.lang))
	}
}

// cancel stops a running download (its partial file is kept for a resume).
func (p *firstRunPanel) cancel() {
	if p.dlCancel != nil {
		p.dlCancel()
	}
}

// showFirstRun shows or hides the first-run panel in place of the summary.
func (w *window) showFirstRun(on bool) {
	if on {
		w.out.pane.Hide()
		w.firstRun.box.Show()
	} else if w.firstRun.dlCancel == nil {
		w.firstRun.box.Hide()
		w.out.pane.Show()
	}
}

// refreshModel shows the chosen model's status, and the first-run panel
// when there is none.
func (w *window) refreshModel() {
	info, err := w.d.svc.ResolveModel(w.set.Model)
	if err != nil {
		w.noModel = true
		w.modelBtn.SetText(lang.L("No model"))
		w.showFirstRun(errors.Is(err, app.ErrNoModel))
		return
	}
	w.noModel = false
	w.modelBtn.SetText(w.modelTitle(info.Name))
	w.showFirstRun(false)
}

// modelTitle is the catalog's title for a model name, else the name.
func (w *window) modelTitle(name string) string {
	list, err := w.d.models.Models()
	if err != nil {
		return name
	}
	for _, c := range list {
		if c.Name == name && c.Title != "" {
			return c.Title
		}
	}
	return name
}

// useModel makes name (a catalog or store name, or a .gguf path) the model.
func (w *window) useModel(name string) {
	w.set.Model = name
	app.SaveSettings(w.prefs, w.set)
	w.refreshModel()
	w.in.schedulePlan()
}

// showModelMenu lists the catalog's models (downloaded or not), the file in
// use, and Open GGUF….
func (w *window) showModelMenu() {
	list, err := w.d.models.Models()
	if err != nil {
		w.out.showError(app.Message(err, w.lang))
	}
	var items []*fyne.MenuItem
	for _, c := range list {
		c := c
		label := c.Title
		if c.Downloaded || !c.Catalog {
			it := fyne.NewMenuItem(label, func() { w.useModel(c.Name) })
			it.Checked = w.set.Model == c.Name || (w.set.Model == "" && c.Default)
			items = append(items, it)
		} else {
			items = append(items, fyne.NewMenuItem(lang.L("{{.Model}} — download ({{.Size}})",
				map[string]any{"Model": label, "Size": formatBytes(c.Size)}), func() { w.firstRun.download(c) }))
		}
	}
	if isModelPath(w.set.Model) {
		it := fyne.NewMenuItem(filepath.Base(w.set.Model), func() {})
		it.Checked = true
		items = append(items, it)
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(lang.L("Open a GGUF file…"), w.showOpenModel))
	m := widget.NewPopUpMenu(fyne.NewMenu("", items...), w.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.modelBtn)
	m.ShowAtPosition(pos.Add(fyne.NewPos(0, w.modelBtn.Size().Height)))
}

// isModelPath reports whether a model setting names a file.
func isModelPath(s string) bool {
	return filepath.Ext(s) != "" && (filepath.IsAbs(s) || filepath.Base(s) != s)
}

// showOpenModel asks for a GGUF file, validates its header in the
// background and, after showing what it is, uses it.
func (w *window) showOpenModel() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		u := r.URI()
		r.Close()
		if u.Scheme() != "file" {
			return
		}
		path := u.Path()
		hub := w.d.models
		go func() {
			info, err := hub.InspectModel(path)
			w.br.Post("inspect", func() { w.confirmModel(info, err) })
		}()
	}, w.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".gguf"}))
	d.SetTitleText(lang.L("Open a GGUF model file"))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

func (w *window) confirmModel(info app.ModelFile, err error) {
	if err != nil {
		dialog.ShowError(errors.New(app.Message(err, w.lang)), w.win)
		return
	}
	name := info.Name
	if name == "" {
		name = filepath.Base(info.Path)
	}
	ctx := "—"
	if info.ContextLength > 0 {
		ctx = groupDigits(info.ContextLength)
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), widget.NewLabel(name)),
		widget.NewFormItem(lang.L("Architecture"), widget.NewLabel(info.Architecture)),
		widget.NewFormItem(lang.L("Quantization"), widget.NewLabel(info.Quantization)),
		widget.NewFormItem(lang.L("Context"), widget.NewLabel(ctx)),
		widget.NewFormItem(lang.L("Size"), widget.NewLabel(formatBytes(info.Size))),
	)
	dialog.ShowCustomConfirm(lang.L("Use this model?"), lang.L("Use"), lang.L("Cancel"), form, func(ok bool) {
		if ok {
			w.useModel(info.Path)
		}
	}, w.win)
}

// formatBytes writes n in decimal KB, MB or GB, as download sizes are quoted.
func formatBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.0f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
