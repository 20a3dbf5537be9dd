package ui

import (
	"path"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/assets"
	_ "github.com/yoyak/yoyak/ui/posixlocale" // before Fyne reads the locale
)

var langOnce sync.Once
var langChosen string

// setupLanguage loads the UI translations (ours and Korean ones for Fyne's
// own dialogs, which Fyne lacks) and returns the language the UI speaks.
//
// choice "" follows the system: every translation is loaded and Fyne picks
// the closest to the system's locale. "ko" or "en" forces one: Fyne's lang
// package has no switch for that, so the chosen file is loaded under its own
// tag and under the system's locale (which then matches it exactly), and the
// other language is not loaded at all. Fyne's translations are process-wide,
// so this runs once; a change of language applies at the next start.
func setupLanguage(choice string) string {
	langOnce.Do(func() {
		sys := lang.SystemLocale()
		switch choice {
		case usererr.Korean, usererr.English:
			data, err := assets.Translations.ReadFile(path.Join(assets.TranslationsDir, choice+".json"))
			if err != nil {
				fyne.LogError("read translation "+choice, err)
				break
			}
			if err := lang.AddTranslationsForLocale(data, fyne.Locale(choice)); err != nil {
				fyne.LogError("add translation "+choice, err)
			}
			if !strings.EqualFold(sys.LanguageString(), choice) {
				if err := lang.AddTranslationsForLocale(data, sys); err != nil {
					fyne.LogError("add translation for "+string(sys), err)
				}
			}
			langChosen = choice
			return
		}
		if err := lang.AddTranslationsFS(assets.Translations, assets.TranslationsDir); err != nil {
			fyne.LogError("add translations", err)
		}
		langChosen = usererr.Normalize(sys.LanguageString())
	})
	return langChosen
}
