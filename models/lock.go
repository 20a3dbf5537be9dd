package models

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// fileLock is an exclusive lock between processes (and between goroutines:
// every lock call opens its own descriptor) on a lock file.
type fileLock struct {
	f    *os.File
	path string
}

// lockPath waits until it holds the lock on path, polling so that ctx can
// cancel the wait (flock itself cannot be interrupted).
//
// A lock file may be deleted by its holder (release) while others wait on
// it: a waiter that then gets the lock holds it on a file no longer at
// path, which a newcomer would not see. So after each acquisition the
// locked file must still be the one at path; if not, it starts over.
func lockPath(ctx context.Context, path string) (*fileLock, error) {
	wait := 10 * time.Millisecond
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		for {
			ok, err := lockFile(f)
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("lock %s: %w", path, err)
			}
			if ok {
				break
			}
			select {
			case <-ctx.Done():
				f.Close()
				return nil, fmt.Errorf("waiting for lock %s: %w", path, ctx.Err())
			case <-time.After(wait):
			}
			wait = min(wait*2, 250*time.Millisecond)
		}
		held, err := f.Stat()
		if err != nil {
			unlockFile(f)
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		now, err := os.Stat(path)
		if err == nil && os.SameFile(held, now) {
			return &fileLock{f: f, path: path}, nil
		}
		unlockFile(f)
		f.Close()
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		// Released and deleted while we waited: lock the new file.
	}
}

// unlock releases the lock and keeps the lock file (for locks taken
// often, like the index's).
func (l *fileLock) unlock() {
	unlockFile(l.f)
	l.f.Close()
}

// release releases the lock and deletes the lock file, so a finished
// pull leaves nothing behind. Where a file can be deleted while open
// (unix), it is deleted while still locked, so a waiter that then gets the
// lock sees it gone (lockPath's check) and starts over on a fresh one.
// Where it cannot (Windows: no handle is opened with FILE_SHARE_DELETE),
// it is deleted after closing, which fails harmlessly while a waiter holds
// it open; that waiter deletes it in turn.
func (l *fileLock) release() {
	if removeWhileLocked {
		os.Remove(l.path)
		l.unlock()
		return
	}
	l.unlock()
	os.Remove(l.path)
}

// tryLockPath takes the lock on path if it is free right now; ok is false
// when another process or descriptor holds it.
func tryLockPath(path string) (l *fileLock, ok bool, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // lockPath tries once, then sees the cancelled context
	l, err = lockPath(ctx, path)
	if errors.Is(err, context.Canceled) {
		return nil, false, nil
	}
	return l, err == nil, err
}
