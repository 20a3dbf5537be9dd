package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/usererr"
)

// contextChoices are the context sizes offered; 0 is the model's own.
var contextChoices = []int{0, 2048, 4096, 8192, 16384, 32768}

// settingsForm edits app.Settings; they are kept with Fyne's preferences
// (app.SaveSettings, keys app.Pref*).
type settingsForm struct {
	base      app.Settings
	threads   *widget.Entry
	gpu       *widget.Check
	context   *widget.Select
	maxTokens *widget.Entry
	custom    *widget.Check
	temp      *widget.Entry
	topK      *widget.Entry
	topP      *widget.Entry
	repeat    *widget.Entry
	language  *widget.Select
	prefill   *widget.Select // 미리 읽기: app.PrefillMode by index
	errLabel  *widget.Label
	form      fyne.CanvasObject
	srv       *serverForm // the engine choice (ui/server.go)
}

func contextLabel(n int) string {
	if n == 0 {
		return lang.L("Model's own")
	}
	return groupDigits(n)
}

func languageLabels() []string { return []string{lang.L("System"), "한국어", "English"} }

func newSettingsForm(s app.Settings) *settingsForm {
	f := &settingsForm{base: s}
	f.threads = widget.NewEntry()
	f.threads.SetPlaceHolder(lang.L("automatic ({{.N}})", map[string]any{"N": app.Settings{}.EffectiveThreads()}))
	if s.Threads > 0 {
		f.threads.SetText(strconv.Itoa(s.Threads))
	}
	f.gpu = widget.NewCheck(lang.L("Use the GPU when there is one"), nil)
	f.gpu.SetChecked(s.GPU)
	var ctxLabels []string
	for _, n := range contextChoices {
		ctxLabels = append(ctxLabels, contextLabel(n))
	}
	if !containsInt(contextChoices, s.ContextSize) {
		ctxLabels = append(ctxLabels, groupDigits(s.ContextSize))
	}
	f.context = widget.NewSelect(ctxLabels, nil)
	f.context.SetSelected(contextLabel(s.ContextSize))
	f.maxTokens = widget.NewEntry()
	f.maxTokens.SetText(strconv.Itoa(s.MaxTokens))

	f.custom = widget.NewCheck(lang.L("Use my own sampling settings"), nil)
	f.temp, f.topK, f.topP, f.repeat = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.temp.SetText(formatFloat(s.Sampling.Temperature))
	f.topK.SetText(strconv.Itoa(s.Sampling.TopK))
	f.topP.SetText(formatFloat(s.Sampling.TopP))
	f.repeat.SetText(formatFloat(s.Sampling.RepeatPenalty))
	enable := func(on bool) {
		for _, e := range []*widget.Entry{f.temp, f.topK, f.topP, f.repeat} {
			if on {
				e.Enable()
			} else {
				e.Disable()
			}
		}
	}
	f.custom.OnChanged = enable
	f.custom.SetChecked(s.Sampling.Custom)
	enable(s.Sampling.Custom)

	f.language = widget.NewSelect(languageLabels(), nil)
	switch s.Language {
	case usererr.Korean:
		f.language.SetSelectedIndex(1)
	case usererr.English:
		f.language.SetSelectedIndex(2)
	default:
		f.language.SetSelectedIndex(0)
	}
	f.prefill = newPrefillSelect(s.Prefill)
	f.errLabel = widget.NewLabel("")
	f.errLabel.Importance = widget.DangerImportance
	f.errLabel.Wrapping = fyne.TextWrapWord

	main := widget.NewForm(
		widget.NewFormItem(lang.L("Threads"), f.threads),
		widget.NewFormItem(lang.L("GPU"), f.gpu),
		widget.NewFormItem(lang.L("Context size"), f.context),
		widget.NewFormItem(lang.L("Max answer tokens"), f.maxTokens),
		widget.NewFormItem(lang.L("Language"), f.language),
		widget.NewFormItem(lang.L("Read ahead"), f.prefill),
	)
	adv := widget.NewForm(
		widget.NewFormItem("", f.custom),
		widget.NewFormItem(lang.L("Temperature"), f.temp),
		widget.NewFormItem("top_k", f.topK),
		widget.NewFormItem("top_p", f.topP),
		widget.NewFormItem(lang.L("Repetition penalty"), f.repeat),
	)
	acc := widget.NewAccordion(widget.NewAccordionItem(lang.L("Advanced sampling"), adv))
	f.form = container.NewVBox(main, acc, f.errLabel)
	return f
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// settings reads the form over the settings it was opened with; errors
// name the field.
func (f *settingsForm) settings() (app.Settings, error) {
	s := f.base
	var err error
	intOf := func(e *widget.Entry, name string, empty int) int {
		t := strings.TrimSpace(e.Text)
		if t == "" {
			return empty
		}
		n, e2 := strconv.Atoi(t)
		if e2 != nil && err == nil {
			err = errors.New(lang.L("{{.Field}}: not a whole number", map[string]any{"Field": name}))
		}
		return n
	}
	floatOf := func(e *widget.Entry, name string) float64 {
		v, e2 := strconv.ParseFloat(strings.TrimSpace(e.Text), 64)
		if e2 != nil && err == nil {
			err = errors.New(lang.L("{{.Field}}: not a number", map[string]any{"Field": name}))
		}
		return v
	}
	s.Threads = intOf(f.threads, lang.L("Threads"), 0)
	s.GPU = f.gpu.Checked
	s.ContextSize = 0
	for _, n := range contextChoices {
		if contextLabel(n) == f.context.Selected {
			s.ContextSize = n
		}
	}
	if !containsInt(contextChoices, f.base.ContextSize) && f.context.Selected == groupDigits(f.base.ContextSize) {
		s.ContextSize = f.base.ContextSize
	}
	s.MaxTokens = intOf(f.maxTokens, lang.L("Max answer tokens"), app.DefaultMaxTokens)
	s.Sampling.Custom = f.custom.Checked
	if s.Sampling.Custom {
		s.Sampling.Temperature = floatOf(f.temp, lang.L("Temperature"))
		s.Sampling.TopK = intOf(f.topK, "top_k", 0)
		s.Sampling.TopP = floatOf(f.topP, "top_p")
		s.Sampling.RepeatPenalty = floatOf(f.repeat, lang.L("Repetition penalty"))
	}
	switch f.language.SelectedIndex() {
	case 1:
		s.Language = usererr.Korean
	case 2:
		s.Language = usererr.English
	default:
		s.Language = ""
	}
	s.Prefill = app.PrefillMode(max(f.prefill.SelectedIndex(), 0))
	if f.srv != nil {
		s.Server = f.srv.settings()
	}
	if err != nil {
		return s, err
	}
	return s, s.Validate()
}

// showSettings opens the settings dialog.
func (w *window) showSettings() {
	f := newSettingsForm(w.set)
	w.addServerForm(f)
	var d dialog.Dialog
	save := widget.NewButton(lang.L("Save"), func() {
		if w.applySettings(f) {
			d.Hide()
		}
	})
	save.Importance = widget.HighImportance
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	body := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), cancel, save), nil, nil, container.NewVScroll(f.form))
	d = dialog.NewCustomWithoutButtons(lang.L("Settings"), body, w.win)
	d.Resize(fyne.NewSize(520, 520))
	d.Show()
}

// applySettings validates the form and keeps its settings; it reports
// whether they were kept (else the form shows why not).
func (w *window) applySettings(f *settingsForm) bool {
	s, err := f.settings()
	if err != nil {
		msg := err.Error()
		if _, ok := usererr.Find(err); ok {
			msg = app.WindowMessage(err, w.lang)
		}
		f.errLabel.SetText(msg)
		return false
	}
	old := w.set
	w.set = s
	app.SaveSettings(w.prefs, s)
	if s.Language != old.Language {
		dialog.ShowInformation(lang.L("Language"), lang.L("The new language applies the next time Yoyak starts."), w.win)
	}
	w.refreshModel()
	w.in.schedulePlan()
	return true
}
