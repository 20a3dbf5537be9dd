package models

import (
	"context"
	"fmt"
	"os"
	"time"
)

// fileLock is an exclusive lock between processes (and between goroutines:
// every lock call opens its own descriptor) on a lock file.
type fileLock struct{ f *os.File }

// lockPath waits until it holds the lock on path, polling so that ctx can
// cancel the wait (flock itself cannot be interrupted).
func lockPath(ctx context.Context, path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	wait := 10 * time.Millisecond
	for {
		ok, err := lockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			return &fileLock{f: f}, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for lock %s: %w", path, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(wait*2, 250*time.Millisecond)
	}
}

func (l *fileLock) unlock() {
	unlockFile(l.f)
	l.f.Close()
}
