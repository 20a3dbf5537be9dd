package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
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
	progBox  *fyne.Container // prog, progText and Cancel: shown while downloading
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
	p.progBox = container.NewVBox(p.prog, container.NewBorder(nil, nil, nil, p.cancelBt, p.progText))
	p.progBox.Hide()
	card := container.NewVBox(
		container.NewHBox(widget.NewIcon(appIcon), head),
		intro,
		widget.NewSeparator(),
		p.title, p.about,
		container.NewHBox(widget.NewLabel(lang.L("Licence:")), p.license),
		container.NewHBox(p.getBtn, p.openBtn),
		p.progBox,
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
	p.title.SetText(fmt.Sprintf("%s · %s", c.Title, app.FormatSize(c.Size)))
	p.about.SetText(c.Describe(p.w.lang))
	p.license.SetText(c.License)
	if u, err := url.Parse(c.LicenseURL); err == nil && c.LicenseURL != "" {
		p.license.SetURL(u)
	}
}

// download shows c's licence, records its acceptance and downloads it with
// progress and cancel.
func (p *firstRunPanel) download(c app.ModelChoice) {
	w := p.w
	if p.dlCancel != nil || c.Name == "" {
		return
	}
	start := func() {
		if w.closing { // the licence dialog can outlive the window
			return
		}
		p.w.showFirstRun(true)
		ctx, cancel := context.WithCancel(w.life)
		p.dlCancel = cancel
		p.getBtn.Disable()
		p.openBtn.Disable()
		p.prog.SetValue(0)
		p.progText.SetText(lang.L("Starting the download…"))
		p.progBox.Show()
		p.box.Refresh()
		hub := w.d.models
		w.background(func() {
			defer cancel()
			err := hub.AcceptLicense(ctx, c.Name)
			if err == nil {
				err = hub.Pull(ctx, c.Name, func(pp app.PullProgress) {
					w.br.Post("download", func() { p.showProgress(pp) })
				})
			}
			w.br.Post("download-end", func() { p.ended(c, err) })
		})
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
	items = append(items, widget.NewLabel(lang.L("Size: {{.Size}}", map[string]any{"Size": app.FormatSize(c.Size)})))
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
	text := app.FormatSize(pp.Done)
	if pp.Total > 0 {
		text += " / " + app.FormatSize(pp.Total)
	}
	if pp.BytesPerSec > 0 {
		text += " · " + app.FormatSize(int64(pp.BytesPerSec)) + "/s"
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
		p.progBox.Hide()
		p.box.Refresh()
		p.w.useModel(c.Name)
	case errors.Is(err, context.Canceled):
		p.progText.SetText(lang.L("Download cancelled. Downloading again resumes where it stopped."))
	default:
		p.progText.SetText(app.WindowMessage(err, p.w.lang))
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
	if w.set.Server.On { // no local model needed; say where the text goes
		w.noModel = false
		w.modelBtn.SetText(serverTitle(w.set.Server))
		w.showFirstRun(false)
		return
	}
	info, err := w.d.svc.ResolveModel(w.set.Model)
	if err != nil && w.set.Model == "" && errors.Is(err, app.ErrNoModel) {
		if name, ok := w.installedModel(); ok {
			w.useModel(name) // saved: the next start opens with it too
			return
		}
	}
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

// installedModel is what to use when no model is chosen and the default
// one is not downloaded but another is (a file added with `yoyak models
// add`): fallbackModel's pick.
func (w *window) installedModel() (string, bool) {
	list, err := w.d.models.Models()
	if err != nil {
		return "", false
	}
	name := fallbackModel(list)
	return name, name != ""
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

// showModelMenu lists the catalog's models (downloaded or not), the store's
// other models, the file in use, Open GGUF… and, for what is stored,
// Remove.
func (w *window) showModelMenu() {
	list, err := w.d.models.Models()
	if err != nil {
		w.out.showError(app.WindowMessage(err, w.lang))
	}
	var items, removable []*fyne.MenuItem
	for _, c := range list {
		c := c
		label := c.Title
		if c.Downloaded || !c.Catalog {
			if !c.Catalog && c.Architecture != "" {
				label = fmt.Sprintf("%s  (%s %s)", c.Title, c.Architecture, c.Quantization)
			}
			it := fyne.NewMenuItem(label, func() { w.useModel(c.Name) })
			it.Checked = w.isCurrentModel(c)
			items = append(items, it)
			removable = append(removable, fyne.NewMenuItem(c.Title, func() { w.confirmRemoveModel(c) }))
		} else {
			items = append(items, fyne.NewMenuItem(lang.L("{{.Model}} — download ({{.Size}})",
				map[string]any{"Model": label, "Size": app.FormatSize(c.Size)}), func() { w.firstRun.download(c) }))
		}
	}
	if isModelPath(w.set.Model) {
		it := fyne.NewMenuItem(filepath.Base(w.set.Model), func() {})
		it.Checked = true
		items = append(items, it)
	}
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem(lang.L("Open a GGUF file…"), w.showOpenModel))
	if len(removable) > 0 {
		rm := fyne.NewMenuItem(lang.L("Remove a model"), nil)
		rm.ChildMenu = fyne.NewMenu("", removable...)
		items = append(items, rm)
	}
	m := widget.NewPopUpMenu(fyne.NewMenu("", items...), w.win.Canvas())
	// Right-aligned under the button, which sits at the window's right.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.modelBtn)
	x := max(pos.X+w.modelBtn.Size().Width-m.MinSize().Width, 0)
	m.ShowAtPosition(fyne.NewPos(x, pos.Y+w.modelBtn.Size().Height))
}

// isCurrentModel reports whether c is the model the settings choose.
func (w *window) isCurrentModel(c app.ModelChoice) bool {
	return w.set.Model == c.Name || (w.set.Model == "" && c.Default)
}

// confirmRemoveModel asks before removing c from the store: a file the
// store owns (downloaded or copied in) is deleted, a file the person added
// from elsewhere stays where it is.
func (w *window) confirmRemoveModel(c app.ModelChoice) {
	if w.running && w.isCurrentModel(c) {
		w.out.showError(lang.L("Stop the summary before removing the model it uses."))
		return
	}
	msg := lang.L("Remove {{.Model}} from the list of models? A file you added from elsewhere stays where it is.", map[string]any{"Model": c.Title})
	if c.Owned {
		msg = lang.L("Remove {{.Model}}? Its file ({{.Size}}) is deleted; you can download it again.",
			map[string]any{"Model": c.Title, "Size": app.FormatSize(c.Size)})
	}
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Remove the model"), lang.L("Remove"), lang.L("Cancel"), text, func(ok bool) {
		if ok {
			w.removeModel(c)
		}
	}, w.win)
	d.Resize(fyne.NewSize(480, 200))
	d.Show()
}

// removeModel removes c in the background; when it was the model in use
// the choice goes back to the default (the first-run panel shows when that
// one is not there either).
func (w *window) removeModel(c app.ModelChoice) {
	hub, ctx := w.d.models, w.life
	w.background(func() {
		err := hub.RemoveModel(ctx, c.Name)
		next := "" // the default
		if list, lerr := hub.Models(); err == nil && lerr == nil {
			next = fallbackModel(list)
		}
		w.br.Post("model-remove", func() {
			if err != nil {
				w.out.showError(app.WindowMessage(err, w.lang))
				return
			}
			if w.isCurrentModel(c) {
				w.useModel(next)
			} else {
				w.refreshModel()
			}
			w.out.setPhase(lang.L("Removed {{.Model}}.", map[string]any{"Model": c.Title}), -1)
		})
	})
}

// fallbackModel is what to use when the model in use is removed: the
// default when it is downloaded, else the first model that is, else the
// default again (the first-run panel then offers it).
func fallbackModel(list []app.ModelChoice) string {
	for _, c := range list {
		if c.Default && c.Downloaded {
			return ""
		}
	}
	for _, c := range list {
		if c.Downloaded {
			return c.Name
		}
	}
	return ""
}

// isModelPath reports whether a model setting names a file.
func isModelPath(s string) bool {
	return filepath.Ext(s) != "" && (filepath.IsAbs(s) || filepath.Base(s) != s)
}

// showOpenModel asks for a GGUF file, validates its header in the
// background and, after showing what it is, adds it to the store and uses
// it.
func (w *window) showOpenModel() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		u := r.URI()
		r.Close()
		if u.Scheme() != "file" {
			w.out.showError(lang.L("Only local files can be opened."))
			return
		}
		w.inspectModel(u.Path())
	}, w.win)
	showFileDialog(d, lang.L("Open a GGUF model file"), storage.NewExtensionFileFilter([]string{".gguf"}))
}

// inspectModel validates path off the UI thread, then shows what it is.
func (w *window) inspectModel(path string) {
	hub := w.d.models
	w.background(func() {
		info, err := hub.InspectModel(path)
		w.br.Post("inspect", func() { w.confirmModel(path, info, err) })
	})
}

// confirmModel shows what a GGUF file is (or what is wrong with it) and,
// when the person agrees, adds and uses it.
func (w *window) confirmModel(path string, info app.ModelFile, err error) {
	if err != nil {
		w.showModelError(path, err)
		return
	}
	name := info.Name
	if name == "" {
		name = filepath.Base(info.Path)
	}
	ctx := "—"
	if info.ContextLength > 0 {
		ctx = lang.L("{{.Tokens}} tokens", map[string]any{"Tokens": groupDigits(info.ContextLength)})
	}
	value := func(s string) *widget.Label {
		if s == "" {
			s = "—"
		}
		l := widget.NewLabel(s)
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("File"), value(filepath.Base(info.Path))),
		widget.NewFormItem(lang.L("Name"), value(name)),
		widget.NewFormItem(lang.L("Architecture"), value(info.Architecture)),
		widget.NewFormItem(lang.L("Quantization"), value(info.Quantization)),
		widget.NewFormItem(lang.L("Context"), value(ctx)),
		widget.NewFormItem(lang.L("Size"), value(app.FormatSize(info.Size))),
	)
	d := dialog.NewCustomConfirm(lang.L("Use this model?"), lang.L("Use"), lang.L("Cancel"), form, func(ok bool) {
		if ok {
			w.addModel(info.Path)
		}
	}, w.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// showModelError says what is wrong with a model file.
func (w *window) showModelError(path string, err error) {
	text := widget.NewLabel(app.WindowMessage(err, w.lang))
	text.Wrapping = fyne.TextWrapWord
	name := widget.NewLabelWithStyle(filepath.Base(path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	d := dialog.NewCustom(lang.L("This file cannot be used"), lang.L("Close"), container.NewVBox(name, text), w.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// addModel records the file in the store (so the picker and `yoyak models
// list` show it) and uses it. A file already added is simply used.
func (w *window) addModel(path string) {
	hub, ctx := w.d.models, w.life
	// A file never loaded before is first trial-loaded in a child process.
	w.out.setPhase(lang.L("Checking the model file…"), -1)
	w.background(func() {
		var c app.ModelChoice
		var err error
		if list, lerr := hub.Models(); lerr == nil {
			for _, x := range list {
				if !x.Catalog && x.Path != "" && sameFile(x.Path, path) {
					c = x // added before: use it as it is
				}
			}
		}
		if c.Name == "" {
			c, err = hub.AddModel(ctx, path)
		}
		w.br.Post("model-add", func() {
			if err != nil {
				w.showModelError(path, err)
				return
			}
			w.useModel(c.Name)
			w.out.setPhase(lang.L("Model added: {{.Model}}", map[string]any{"Model": c.Title}), -1)
		})
	})
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return filepath.Clean(a) == filepath.Clean(b)
	}
	return os.SameFile(sa, sb)
}
