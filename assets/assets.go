// Package assets holds what the window bundles into the binary: the Korean
// font (a Hangul+Latin subset of NanumGothic, SIL OFL 1.1, see fonts/OFL.txt),
// the app icon and the UI translations. Bundling the font is what makes
// Hangul render on a machine with no Korean fonts installed: Fyne's own font
// has no Hangul and shows boxes.
package assets

import "embed"

// FontRegular and FontBold are the bundled faces (TrueType).
var (
	//go:embed fonts/YoyakGothic-Regular.ttf
	FontRegular []byte
	//go:embed fonts/YoyakGothic-Bold.ttf
	FontBold []byte
)

// FontLicense is the licence of the bundled faces, shown in the About box.
//
//go:embed fonts/OFL.txt
var FontLicense string

// Icon is the app icon, 512×512 PNG (drawn by icon.sh).
//
//go:embed icon.png
var Icon []byte

// Translations holds translations/<lang>.json in the format of Fyne's lang
// package (go-i18n JSON: key → text, or key → {one, other}).
//
//go:embed translations/*.json
var Translations embed.FS

// TranslationsDir is the folder inside Translations.
const TranslationsDir = "translations"
