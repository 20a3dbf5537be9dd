package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/yoyak/yoyak/assets"
)

// Bundled faces as Fyne resources. The font is the whole reason the theme
// exists: Fyne's default font has no Hangul.
var (
	fontRegular = fyne.NewStaticResource("YoyakGothic-Regular.ttf", assets.FontRegular)
	fontBold    = fyne.NewStaticResource("YoyakGothic-Bold.ttf", assets.FontBold)
	appIcon     = fyne.NewStaticResource("icon.png", assets.Icon)
)

// textSize is the body text size. NanumGothic's lines are tight at Fyne's
// default 14; 15 reads comfortably for Hangul.
const textSize = 15

// yoyakTheme serves the bundled Korean font for every text style and keeps
// the default theme's colours (so light and dark follow the system), with the
// icon's teal as the primary colour.
type yoyakTheme struct{ base fyne.Theme }

func newTheme() fyne.Theme { return yoyakTheme{base: theme.DefaultTheme()} }

var (
	tealLight = color.NRGBA{R: 0x0f, G: 0x76, B: 0x6e, A: 0xff}
	tealDark  = color.NRGBA{R: 0x2d, G: 0xd4, B: 0xbf, A: 0xff}
)

// teal is the accent for variant v: the dark variant's is lighter, so that
// it stands out against a dark background as the light one does on white.
func teal(v fyne.ThemeVariant) color.NRGBA {
	if v == theme.VariantDark {
		return tealDark
	}
	return tealLight
}

func (t yoyakTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return teal(v)
	case theme.ColorNameForegroundOnPrimary:
		// The dark variant's teal is light: white on it is hard to read.
		if v == theme.VariantDark {
			return color.NRGBA{R: 0x04, G: 0x2f, B: 0x2e, A: 0xff}
		}
		return color.White
	case theme.ColorNameFocus:
		c := teal(v)
		c.A = 0x70
		return c
	case theme.ColorNameSelection:
		c := teal(v)
		c.A = 0x40
		return c
	}
	return t.base.Color(n, v)
}

func (t yoyakTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol {
		return t.base.Font(s)
	}
	// NanumGothic has no italic or monospace face; Hangul matters more than
	// slant or fixed width, so those styles get the upright faces.
	if s.Bold {
		return fontBold
	}
	return fontRegular
}

func (t yoyakTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t yoyakTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return textSize
	case theme.SizeNameHeadingText:
		return 22
	case theme.SizeNameSubHeadingText:
		return 18
	case theme.SizeNameCaptionText:
		return 12
	}
	return t.base.Size(n)
}
