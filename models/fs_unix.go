//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package models

import (
	"os"

	"golang.org/x/sys/unix"
)

// freeSpace is the space available to this user on dir's file system.
func freeSpace(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}

func isDiskFullErr(error) bool { return false } // ENOSPC is checked by the caller

// lockFile takes an exclusive advisory lock (flock) without blocking;
// ok is false when another process or descriptor holds it.
func lockFile(f *os.File) (ok bool, err error) {
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	if err == unix.EWOULDBLOCK {
		return false, nil
	}
	return err == nil, err
}

func unlockFile(f *os.File) error { return unix.Flock(int(f.Fd()), unix.LOCK_UN) }

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// removeWhileLocked: a lock file can be unlinked while held (see release).
const removeWhileLocked = true
