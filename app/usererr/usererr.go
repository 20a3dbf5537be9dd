// Package usererr keeps what a person is told apart from why it happened.
//
// A failure deep in the pipeline carries a technical cause (a path, a C
// return code) that belongs in logs and bug reports, and a sentence the user
// can act on, in Korean or English. Error holds both, so the window and the
// command line show the same words without parsing error strings (the
// pattern of charmbracelet/mods' modsError).
//
// The package imports nothing of Yoyak's, so every package from app/ up can
// use it without an import cycle.
package usererr

import (
	"errors"
	"os"
	"strings"
)

// Languages the user messages exist in. Anything else is treated as English.
const (
	Korean  = "ko"
	English = "en"
)

// Error is a failure with a message for the user in both languages.
type Error struct {
	KO  string // message for the user, Korean
	EN  string // message for the user, English
	Err error  // the technical cause; may be nil
}

// New returns an Error with the user messages ko and en over cause err.
func New(ko, en string, err error) *Error { return &Error{KO: ko, EN: en, Err: err} }

// Error reports the English message and the cause, for logs.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.EN
	}
	return e.EN + ": " + e.Err.Error()
}

// Unwrap returns the cause, so errors.Is still finds sentinel errors below.
func (e *Error) Unwrap() error { return e.Err }

// Message returns the user message in lang ("ko…" Korean, else English).
func (e *Error) Message(lang string) string {
	if IsKorean(lang) {
		return e.KO
	}
	return e.EN
}

// Messager is any error that can say itself to a person in a language;
// *Error and transcript.Error both are.
type Messager interface {
	error
	Message(lang string) string
}

// Find returns the outermost error in err's chain that can speak to the user
// and true, or nil and false when there is none.
func Find(err error) (Messager, bool) {
	var m Messager
	if errors.As(err, &m) {
		return m, true
	}
	return nil, false
}

// IsKorean reports whether lang (a language tag or a POSIX locale such as
// "ko_KR.UTF-8") selects Korean.
func IsKorean(lang string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(lang)), "ko")
}

// Normalize turns a language tag or locale into Korean or English.
func Normalize(lang string) string {
	if IsKorean(lang) {
		return Korean
	}
	return English
}

// LangFromEnv picks the user's language from the POSIX locale variables in
// their order of precedence (LC_ALL, LC_MESSAGES, LANG): Korean when the
// first one set starts with "ko", English otherwise. getenv is os.Getenv
// outside tests; nil means os.Getenv, and then, when no variable is set,
// the system's own setting where it keeps one elsewhere (Windows, macOS:
// a program started from Explorer or Finder has no LANG, and a Korean
// Windows must still get Korean sentences).
func LangFromEnv(getenv func(string) string) string {
	system := getenv == nil
	if system {
		getenv = os.Getenv
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return Normalize(v)
		}
	}
	if system {
		if v, err := systemLocale(); err == nil && v != "" {
			return Normalize(v)
		}
	}
	return English
}
