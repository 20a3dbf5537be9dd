// Package ui is Yoyak's window: paste, open or drop a transcript, press 요약
// and watch a titled, numbered summary stream in.
//
// The package draws and reacts; the app package decides. Work runs on
// goroutines (the pipeline, token counting, file reading, downloads) and
// reaches widgets only through the bridge (bridge.go), which applies their
// results on the UI thread with fyne.DoAndWait, merged to about 60 updates
// a second.
package ui

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/history"
)

// AppID is the app's unique ID (preferences and storage live under it); the
// same as FyneApp.toml's.
const AppID = "io.github.yoyak.yoyak"

// Run opens the window and returns the process exit code when it closes;
// args may name a transcript to open (a file manager's "Open with").
func Run(args []string) int {
	a := fyneapp.NewWithID(AppID)
	installDeferredWrites() // Save's dialog must not empty the file it names
	hist, err := history.Open("")
	if err != nil {
		// The window still works without history; say so once.
		fmt.Fprintln(os.Stderr, "yoyak:", err)
		hist = nil
	}
	cfg := app.Config{}
	if hist != nil {
		cfg.History = hist
	}
	svc := app.NewService(cfg)
	drafts := app.OpenDrafts("")
	w := newWindow(a, deps{svc: svc, history: historyOf(hist), models: svc, drafts: drafts})
	if len(args) > 0 && args[0] != "" {
		w.openPath(args[0])
	}
	w.restoreSession()
	w.win.ShowAndRun()
	w.shutdown()
	drafts.Discard() // a normal exit: nothing to restore next time
	return 0
}

// setupApp gives a: the theme, icon and translations for the settings'
// language. It returns the language the UI speaks ("ko" or "en").
func setupApp(a fyne.App, language string) string {
	l := setupLanguage(language)
	a.Settings().SetTheme(newTheme())
	a.SetIcon(appIcon)
	return l
}
