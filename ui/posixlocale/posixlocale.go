// Package posixlocale keeps Fyne quiet under the "C.UTF-8" locale that
// containers, CI machines and cron jobs run with.
//
// Fyne's lang package reads the locale while the program initializes and logs
// "Error parsing user locale C" for C.UTF-8 (it only skips a bare "C"), so
// every command would start with three lines of noise on stderr. Importing this
// package for its side effect sets LANGUAGE=en in that one case, before Fyne
// looks: LANGUAGE only chooses message translations, and English is what such a
// locale means anyway.
//
// It must import nothing but the standard library's os and strings: Go
// initializes packages in import-path order among those whose imports are
// ready, and this package, ready as soon as os is, sorts before
// golang.org/x/text, which Fyne's lang package needs first.
package posixlocale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	if IsPOSIX(current()) {
		os.Setenv("LANGUAGE", "en")
	}
}

// current is the locale that decides the language of messages, in the
// precedence gettext gives the variables.
func current() string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			return v
		}
	}
	return ""
}

// IsPOSIX reports whether loc is the C or POSIX locale with a codeset or
// modifier attached ("C.UTF-8", "C.utf8", "POSIX@euro"): the names Fyne cannot
// parse. A bare "C" or "POSIX" is fine for Fyne and left alone.
func IsPOSIX(loc string) bool {
	base, _, cut := strings.Cut(loc, ".")
	if !cut {
		base, _, cut = strings.Cut(loc, "@")
	}
	return cut && (base == "C" || base == "POSIX")
}
