//go:build !windows && !darwin

package usererr

// systemLocale: elsewhere the POSIX variables are the system's setting, and
// LangFromEnv has read them already.
var systemLocale = func() (string, error) { return "", nil }
