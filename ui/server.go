package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
)

// serverChecker is what the settings' "test connection" needs of
// app.Service; a window whose service cannot check (a scripted test one)
// disables the button.
type serverChecker interface {
	CheckServer(ctx context.Context, set app.ServerSettings) (app.ServerInfo, error)
}

// checkTimeout bounds "test connection": a server that cannot say what it
// is within it is not one to summarize on.
const checkTimeout = 30 * time.Second

// serverForm is the settings' engine choice: this computer or a server
// (address, API key, model), with a "test connection" button.
type serverForm struct {
	engine *widget.RadioGroup
	url    *widget.Entry
	key    *widget.Entry
	model  *widget.Entry
	test   *widget.Button
	result *widget.Label
}

func engineLabels() []string { return []string{lang.L("This computer"), lang.L("Server")} }

// addServerForm puts the engine choice at the top of the settings form.
func (w *window) addServerForm(f *settingsForm) {
	s := f.base.Server
	sf := &serverForm{url: widget.NewEntry(), key: widget.NewPasswordEntry(), model: widget.NewEntry()}
	sf.url.SetPlaceHolder("http://gpu-box.local:8080")
	sf.url.SetText(s.URL)
	sf.key.SetPlaceHolder(lang.L("none"))
	sf.key.SetText(s.APIKey)
	sf.model.SetPlaceHolder(lang.L("the server's own"))
	sf.model.SetText(s.Model)
	sf.result = widget.NewLabel("")
	sf.result.Wrapping = fyne.TextWrapWord
	sf.test = widget.NewButton(lang.L("Test connection"), func() { w.testServer(sf) })
	if _, ok := w.d.svc.(serverChecker); !ok {
		sf.test.Disable()
	}
	sf.engine = widget.NewRadioGroup(engineLabels(), func(choice string) {
		on := choice == engineLabels()[1]
		for _, e := range []*widget.Entry{sf.url, sf.key, sf.model} {
			if on {
				e.Enable()
			} else {
				e.Disable()
			}
		}
	})
	sf.engine.Horizontal = true
	sf.engine.Required = true
	sf.engine.SetSelected(engineLabels()[0])
	if s.On {
		sf.engine.SetSelected(engineLabels()[1])
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Summarize on"), sf.engine),
		widget.NewFormItem(lang.L("Server address"), sf.url),
		widget.NewFormItem(lang.L("API key"), sf.key),
		widget.NewFormItem(lang.L("Server model"), sf.model),
		widget.NewFormItem("", container.NewVBox(sf.test, sf.result)),
	)
	f.srv = sf
	f.form = container.NewVBox(form, widget.NewSeparator(), f.form)
}

// settings reads the engine choice.
func (sf *serverForm) settings() app.ServerSettings {
	return app.ServerSettings{
		On:     sf.engine.Selected == engineLabels()[1],
		URL:    strings.TrimSpace(sf.url.Text),
		APIKey: strings.TrimSpace(sf.key.Text),
		Model:  strings.TrimSpace(sf.model.Text),
	}
}

// testServer checks the address in the form off the UI thread and shows
// what it found (kind, model, context, slots) or why not.
func (w *window) testServer(sf *serverForm) {
	chk, ok := w.d.svc.(serverChecker)
	if !ok {
		return
	}
	set := sf.settings()
	set.On = true
	sf.test.Disable()
	sf.result.Importance = widget.MediumImportance
	sf.result.SetText(lang.L("Connecting…"))
	w.background(func() {
		ctx, cancel := context.WithTimeout(w.life, checkTimeout)
		defer cancel()
		info, err := chk.CheckServer(ctx, set)
		text, bad := describeCheck(info, err, w.lang)
		w.br.Post("server-check", func() {
			sf.test.Enable()
			if bad {
				sf.result.Importance = widget.DangerImportance
			}
			sf.result.SetText(text)
		})
	})
}

// describeCheck is the result line of a connection test.
func describeCheck(i app.ServerInfo, err error, l string) (string, bool) {
	if err != nil {
		return app.Message(err, l), true
	}
	slots := lang.L("not reported")
	if i.Slots > 0 {
		slots = fmt.Sprint(i.Slots)
	}
	text := lang.L("Connected: {{.Kind}}, model {{.Model}}, context {{.Context}} tokens per request, slots {{.Slots}}.",
		map[string]any{"Kind": i.Kind, "Model": i.Model, "Context": groupDigits(i.Context), "Slots": slots})
	if !i.CountsTokens {
		text += " " + lang.L("The server cannot count tokens: parts are sized from characters with a margin.")
	}
	if i.Insecure {
		text += " " + lang.L("Warning: plain http to another computer — the transcript crosses the network unencrypted. Use https.")
		return text, true
	}
	return text, false
}

// serverTitle is the model button's text while a server is chosen: where
// the text goes, shown at all times.
func serverTitle(s app.ServerSettings) string {
	t := lang.L("On server: {{.Host}}", map[string]any{"Host": s.Host()})
	if s.Insecure() {
		t += " (" + lang.L("unencrypted") + ")"
	}
	return t
}

// noteUnfinished adds a note under a summary a failed run left half
// written: what arrived stays, marked as unfinished.
func (w *window) noteUnfinished() {
	if w.answered || w.partial != "" {
		w.out.showNotes([]string{lang.L("The summary is unfinished: what arrived before the error is kept above.")})
	}
}
