package models

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLockReleaseKeepsExclusion: locks released by deleting their file
// (release) still exclude each other when others are waiting on the
// deleted file, and the last release leaves no file behind.
func TestLockReleaseKeepsExclusion(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".m.lock")
	var inside, overlaps atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 25 {
				l, err := lockPath(context.Background(), path)
				if err != nil {
					errs <- err
					return
				}
				if inside.Add(1) != 1 {
					overlaps.Add(1)
				}
				// Hold it a moment, so the others open this file and wait
				// on it; it is deleted under them on release. (Not a timed
				// assertion: only the overlap's likelihood depends on it.)
				time.Sleep(2 * time.Millisecond)
				inside.Add(-1)
				l.release()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := overlaps.Load(); n != 0 {
		t.Errorf("%d times two held the lock at once", n)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file left behind: %v", err)
	}
}

// TestLockCancel: a wait for a held lock ends with the context.
func TestLockCancel(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".m.lock")
	l, err := lockPath(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lockPath(ctx, path); !errors.Is(err, context.Canceled) {
		t.Errorf("waiting on a held lock with a cancelled context: %v", err)
	}
}
