package ui

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
)

// window is the main window. Its fields are touched only on the UI thread;
// goroutines reach it through w.br.
type window struct {
	fa    fyne.App
	win   fyne.Window
	d     deps
	prefs fyne.Preferences
	set   app.Settings
	lang  string // "ko" or "en": the UI's language, also for app.Message
	br    *bridge
	rec   recovery // the draft's summary (recovery.go)
	// work counts the goroutines that use the service or the models store
	// (runs, plans, downloads, adding and removing models): closing waits
	// for them, so the service is never closed under one of them.
	work sync.WaitGroup
	// life is cancelled when the window closes; every background job's
	// context derives from it, so none outlives the window.
	life    context.Context
	endLife context.CancelFunc

	in  input
	out output

	// the run
	run      int // id of the current run; events of others are dropped
	running  bool
	cancel   context.CancelFunc
	started  time.Time
	runInput origin    // the running summary's transcript, for Save's rules
	genStart time.Time // when the current result pass began writing
	lastProg app.Progress
	partial  string // the part summary being written, shown until the answer starts
	answered bool   // the answer (a result pass) has started
	focused  bool
	closing  bool
	srcHash  string // history.Hash of the transcript the shown summary's sources cite

	// the model
	modelBtn *widget.Button
	firstRun *firstRunPanel
	noModel  bool

	histBtn *widget.Button
}

// newWindow builds the window on a (the UI thread). It does not show it.
func newWindow(a fyne.App, d deps) *window {
	w := &window{fa: a, d: d, prefs: a.Preferences(), focused: true}
	w.life, w.endLife = context.WithCancel(context.Background())
	w.set = app.LoadSettings(w.prefs)
	w.lang = setupApp(a, w.set.Language)
	w.br = newBridge(w.applyRun, d.uiDo)
	w.win = a.NewWindow(lang.L("Yoyak"))
	w.win.SetIcon(appIcon)
	w.build()
	w.win.Resize(fyne.NewSize(1100, 720))
	w.win.SetCloseIntercept(w.requestClose)
	w.win.SetOnDropped(w.onDropped)
	a.Lifecycle().SetOnEnteredForeground(func() { w.focused = true })
	a.Lifecycle().SetOnExitedForeground(func() { w.focused = false })
	w.refreshModel()
	return w
}

// build lays the window out: a toolbar, the transcript (left) and the
// summary (right) side by side, and the run bar at the bottom.
func (w *window) build() {
	w.buildInput()
	w.buildOutput()
	w.firstRun = w.newFirstRunPanel()

	open := widget.NewButtonWithIcon(lang.L("Open…"), theme.FolderOpenIcon(), w.showOpen)
	w.histBtn = widget.NewButtonWithIcon(lang.L("History"), theme.HistoryIcon(), w.showHistory)
	if w.d.history == nil {
		w.histBtn.Disable()
	}
	w.modelBtn = widget.NewButtonWithIcon(lang.L("Model"), theme.ComputerIcon(), w.showModelMenu)
	settings := widget.NewButtonWithIcon(lang.L("Settings"), theme.SettingsIcon(), w.showSettings)
	toolbar := container.NewHBox(open, w.histBtn, layout.NewSpacer(), w.modelBtn, settings)

	w.out.stack = container.NewStack(w.out.pane, w.firstRun.box)
	split := container.NewHSplit(w.in.pane, w.out.stack)
	split.Offset = 0.45

	body := container.NewBorder(
		container.NewVBox(toolbar, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), w.out.bar),
		nil, nil, split)
	w.win.SetContent(container.NewPadded(body))
	w.win.SetMainMenu(w.mainMenu())

	c := w.win.Canvas()
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.stopRun()
		}
	})
	// The menu's Ctrl+Enter (Cmd+Enter) fires whatever has focus; the
	// keypad's Enter is caught here and in the editor.
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.requestRun() })
}

func (w *window) mainMenu() *fyne.MainMenu {
	runKey := &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	openKey := &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	saveKey := &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	openItem := fyne.NewMenuItem(lang.L("Open…"), w.showOpen)
	openItem.Shortcut = openKey
	saveItem := fyne.NewMenuItem(lang.L("Save summary…"), w.showSaveMenu)
	saveItem.Shortcut = saveKey
	runItem := fyne.NewMenuItem(lang.L("Summarize"), w.requestRun)
	runItem.Shortcut = runKey
	stopItem := fyne.NewMenuItem(lang.L("Stop (Esc)"), w.stopRun)
	return fyne.NewMainMenu(
		fyne.NewMenu(lang.L("File"), openItem, saveItem, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("History"), w.showHistory),
			fyne.NewMenuItem(lang.L("Settings"), w.showSettings)),
		fyne.NewMenu(lang.L("Summary"), runItem, stopItem,
			fyne.NewMenuItem(lang.L("Copy"), w.copySummary)),
		fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("About Yoyak"), w.showAbout)),
	)
}

// isRunShortcut reports whether s is Ctrl+Enter (Cmd+Enter on macOS).
func isRunShortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return false
	}
	return (cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) && cs.Modifier == fyne.KeyModifierShortcutDefault
}

// imeSettle is how long a run waits after its shortcut: an input method
// commits the syllable it is composing when a key combination arrives, and
// that text must reach the editor before the run reads it.
const imeSettle = 80 * time.Millisecond

// requestRun starts a run shortly, after any pending IME commit.
func (w *window) requestRun() {
	time.AfterFunc(imeSettle, func() { w.br.Post("run", w.startRun) })
}

// options are the run's options from the current settings.
func (w *window) options() app.Options { return app.Options{Settings: w.set} }

// startRun summarizes the current transcript.
func (w *window) startRun() {
	if w.running || w.closing {
		return
	}
	doc, err := w.in.document()
	if err != nil {
		w.out.showError(app.WindowMessage(err, w.lang))
		return
	}
	if doc.Text == "" {
		w.out.showError(lang.L("Paste a transcript, or open or drop a file, first."))
		return
	}
	if _, err := w.d.svc.ResolveModel(w.set.Model); err != nil && !w.set.Server.On {
		if errors.Is(err, app.ErrNoModel) {
			w.showFirstRun(true)
		}
		w.out.showError(app.WindowMessage(err, w.lang))
		return
	}
	w.showFirstRun(false)
	w.in.stopPrefill()
	w.run++
	id := w.run
	ctx, cancel := context.WithCancel(w.life)
	w.cancel = cancel
	w.running = true
	w.runInput = origin{path: w.in.filePath}
	w.started = time.Now()
	w.genStart = time.Time{}
	w.lastProg = app.Progress{}
	w.partial, w.answered = "", false
	w.citeTranscript(doc.Text)
	w.out.startRun()
	w.setRunning(true)

	opts := w.options()
	svc := w.d.svc
	w.background(func() {
		defer cancel()
		emit := func(ev app.Event) { w.br.Event(id, ev) }
		svc.Summarize(ctx, doc, opts, emit) // ends with Done or Failed, through emit
	})
	w.background(func() { w.tick(ctx, id) }) // ends with the run's ctx
}

// background runs f on a goroutine that closing waits for (w.work), so the
// service is never closed under it and the process never exits halfway
// through a write. Once the window is closing nothing new starts: a Wait may
// already be under way, and the service about to close.
func (w *window) background(f func()) {
	if w.closing {
		return
	}
	w.work.Add(1)
	go func() {
		defer w.work.Done()
		f()
	}()
}

// tick refreshes the elapsed time while run id is going.
func (w *window) tick(ctx context.Context, id int) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w.br.Post("tick", func() {
				if w.running && w.run == id {
					w.updateStatus()
				}
			})
		}
	}
}

// stopRun cancels the run at once: the view says so immediately, and the
// run's remaining events are dropped while it unwinds.
func (w *window) stopRun() {
	if !w.running {
		return
	}
	w.cancel()
	w.run++ // drop what the stopped run still sends
	w.running = false
	w.setRunning(false)
	w.out.setPhase(lang.L("Stopped."), -1)
}

func (w *window) setRunning(on bool) {
	if on {
		w.out.runBtn.Disable()
		w.out.stopBtn.Enable()
		w.out.copyBtn.Disable()
		w.out.saveBtn.Disable()
		return
	}
	w.out.runBtn.Enable()
	w.out.stopBtn.Disable()
	if w.out.has {
		w.out.copyBtn.Enable()
		w.out.saveBtn.Enable()
	}
}

// applyRun shows a merged batch of pipeline events (from the bridge).
func (w *window) applyRun(b runBatch) {
	if b.run != w.run || !w.running {
		return
	}
	if p := b.progress; p != nil {
		if p.Phase == app.PhaseGenerating && p.Pass.Result() && (w.lastProg.Phase != app.PhaseGenerating || w.lastProg.Pass != p.Pass) {
			w.genStart = time.Now()
		}
		if p.Pass != w.lastProg.Pass || p.Part != w.lastProg.Part {
			w.partial = "" // a new part: its summary starts empty
		}
		w.lastProg = *p
	}
	if b.update != nil {
		w.answered = true
		w.out.showSummary(b.update.Summary)
	} else if b.partial != "" && !w.answered {
		// A long transcript is summarized part by part first: show the
		// part being summarized, muted, until the answer starts.
		w.partial += b.partial
		w.out.showPartial(w.lastProg, w.partial)
	}
	switch {
	case b.done != nil:
		w.finish(b.done, nil)
	case b.failed != nil:
		w.finish(nil, b.failed.Err)
	default:
		w.updateStatus()
	}
}

// updateStatus writes the phase, speed and elapsed time.
func (w *window) updateStatus() {
	p := w.lastProg
	text := lang.L("Starting…")
	frac := -1.0
	if p.Phase != 0 {
		text = p.Describe(w.lang)
		if p.Phase != app.PhaseGenerating && p.Total > 0 {
			frac = p.Fraction()
		}
		if p.Phase == app.PhaseReadingPrompt && p.Done == 0 {
			frac = progressBusy // the first batch reports only when it is read
		}
	}
	if p.Phase == app.PhaseGenerating && !w.genStart.IsZero() && p.Pass.Result() {
		if s := time.Since(w.genStart).Seconds(); s > 0.5 && p.Done > 0 {
			text += " · " + lang.L("{{.Speed}} tokens/s", map[string]any{"Speed": formatSpeed(float64(p.Done) / s)})
		}
	}
	text += " · " + formatElapsed(time.Since(w.started))
	w.out.setPhase(capitalize(text), frac)
}

// finish ends the run with its outcome.
func (w *window) finish(done *app.Done, err error) {
	w.running = false
	if err != nil {
		w.setRunning(false)
		if errors.Is(err, context.Canceled) {
			w.out.setPhase(lang.L("Stopped."), -1)
			return
		}
		if errors.Is(err, app.ErrNoModel) {
			w.showFirstRun(true)
		}
		w.out.showError(app.WindowMessage(err, w.lang))
		w.noteUnfinished()
		return
	}
	w.out.showResult(done.Summary, done.Text)
	w.out.meta, w.out.input = w.runMeta(done.Model), w.runInput
	w.summaryShown(done.Text)
	w.out.setCaption("")
	w.out.showNotes(done.Stats.Notes(w.lang))
	st := done.Stats
	msg := lang.L("Done") + " · " + lang.L("{{.Tokens}} tokens", map[string]any{"Tokens": st.Tokens})
	if st.TokensPerSec > 0 {
		msg += " · " + lang.L("{{.Speed}} tokens/s", map[string]any{"Speed": formatSpeed(st.TokensPerSec)})
	}
	if st.Parts > 1 {
		msg += " · " + lang.L("{{.Parts}} parts", map[string]any{"Parts": st.Parts})
	}
	msg += " · " + formatElapsed(st.Elapsed)
	w.out.setPhase(msg, -1)
	w.setRunning(false) // after showResult: Copy and Save follow the result
	w.refreshHistoryButton()
	if !w.focused {
		title := done.Summary.Title
		if title == "" {
			title = lang.L("The summary is ready.")
		}
		w.fa.SendNotification(fyne.NewNotification(lang.L("Summary finished"), title))
	}
}

// capitalize starts a status line with a capital letter ("part 2/3: …"
// from app.Progress reads as a fragment in English); Hangul is unchanged.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// formatSpeed writes tokens per second: one decimal while it is small
// enough for the decimal to matter.
func formatSpeed(v float64) string {
	if v >= 100 {
		return groupDigits(int(v + 0.5))
	}
	return fmt.Sprintf("%.1f", v)
}

// formatElapsed is m:ss.
func formatElapsed(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// requestClose cancels any run and download, frees the model off the UI
// thread, then closes: the model is never freed while a run still uses it,
// and the window never hangs on it.
func (w *window) requestClose() {
	if w.closing {
		return
	}
	w.closing = true
	w.stopRun()
	w.in.cancelPlan()
	w.firstRun.cancel()
	w.endLife()
	w.win.Hide()
	go func() {
		w.work.Wait()
		w.d.svc.Close()
		w.br.Post("close", w.win.Close)
	}()
}

// shutdown runs after the event loop ended (ShowAndRun returned).
func (w *window) shutdown() {
	if w.cancel != nil {
		w.cancel()
	}
	w.in.cancelPlan()
	w.firstRun.cancel()
	w.endLife()
	w.work.Wait()
	w.d.svc.Close()
	w.br.Close()
}

// isMac reports whether shortcuts use Cmd.
func isMac() bool { return runtime.GOOS == "darwin" }

// shortcutLabel names the run shortcut for the button's tooltip-less label.
func shortcutLabel() string {
	if isMac() {
		return "⌘↵"
	}
	return "Ctrl+Enter"
}
