//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package models

import (
	"errors"
	"os"
)

func freeSpace(string) (uint64, error) { return 0, errors.New("free space unknown on this system") }
func isDiskFullErr(error) bool         { return false }
func lockFile(*os.File) (bool, error)  { return true, nil } // no advisory locks: single process assumed
func unlockFile(*os.File) error        { return nil }
func syncDir(string)                   {}

// removeWhileLocked: there are no locks here (see release).
const removeWhileLocked = false
