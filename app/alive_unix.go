//go:build !windows

package app

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process of that id is running (signal 0
// checks without sending; EPERM means it runs as another user).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
