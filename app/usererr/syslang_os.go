//go:build windows || darwin

package usererr

import "github.com/jeandeaual/go-locale"

// systemLocale is the user's locale as Windows (GetUserDefaultLocaleName)
// or macOS (the preferred languages) keeps it, e.g. "ko-KR". go-locale is
// what Fyne itself reads the locale with, so the window and the messages
// agree.
var systemLocale = locale.GetLocale
