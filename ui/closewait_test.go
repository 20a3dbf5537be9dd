package ui

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yoyak/yoyak/app/history"
)

// gatedHistory's List waits for its gate: a history read still running
// when the window closes.
type gatedHistory struct {
	memHistory
	entered chan struct{}
	gate    chan struct{}
	once    sync.Once
	done    atomic.Bool
}

func (g *gatedHistory) List() ([]history.Entry, error) {
	g.entered <- struct{}{}
	<-g.gate
	defer g.done.Store(true)
	return g.memHistory.List()
}

func (g *gatedHistory) open() { g.once.Do(func() { close(g.gate) }) }

// closeSvc records whether the history read had ended when the service
// was closed, then lets it end (so the test ends either way).
type closeSvc struct {
	*scripted
	h        *gatedHistory
	closed   atomic.Bool
	readDone atomic.Bool
}

func (c *closeSvc) Close() error {
	c.readDone.Store(c.h.done.Load())
	c.closed.Store(true)
	c.h.open()
	return c.scripted.Close()
}

// closeWaits reports whether the window's closing goroutine is waiting
// for its background jobs.
func closeWaits() bool {
	buf := make([]byte, 1<<20)
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "ui.(*window).requestClose") && strings.Contains(g, "WaitGroup).Wait") {
			return true
		}
	}
	return false
}

// Closing the window waits for the history read it started (a background
// job of the window, like the deletion and a file being opened) before it
// closes the service and lets the process end.
func TestCloseWaitsForHistoryJobs(t *testing.T) {
	h := &gatedHistory{entered: make(chan struct{}), gate: make(chan struct{})}
	svc := &closeSvc{scripted: newScripted(), h: h}
	w, p := newTestWindow(t, deps{svc: svc, history: h})
	t.Cleanup(h.open)
	w.openHistory()
	<-h.entered
	w.requestClose()
	// Either the service is closed under the running read, or closing
	// waits for it: then the read may end.
	for !svc.closed.Load() {
		if closeWaits() {
			h.open()
			break
		}
		time.Sleep(time.Millisecond) // a state to reach, not a time to wait
	}
	p.until(t, "the service to close", func() bool { return svc.closed.Load() })
	if !svc.readDone.Load() {
		t.Error("the service was closed while a history read was still running")
	}
}
