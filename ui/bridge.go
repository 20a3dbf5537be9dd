package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/yoyak/yoyak/app"
)

// refreshEvery is the bridge's minimum gap between two UI updates: about 60
// a second. A model writing hundreds of pieces a second gets them merged, so
// the view redraws at most once a frame and the window stays responsive.
const refreshEvery = 17 * time.Millisecond

// bridge is the only way a goroutine reaches a widget. Pipeline events
// (Event) and any other background result (Post) are queued, merged, and
// applied on the UI thread with fyne.DoAndWait, at most once per
// refreshEvery. Waiting for each batch to be applied before taking the next
// gives back-pressure: a producer faster than the screen just gets its
// events merged into fewer, larger batches.
type bridge struct {
	every time.Duration
	onRun func(runBatch) // applies merged pipeline events; UI thread
	// do runs a function on the UI thread and waits for it: fyne.DoAndWait.
	// Headless tests put their own goroutine in its place, so that goroutine
	// is the UI thread and the race detector sees every widget access.
	do func(func())

	mu     sync.Mutex
	runs   []runBatch        // pending pipeline events, merged per run
	calls  map[string]func() // pending Post calls by key
	order  []string          // keys of calls in the order first posted
	closed bool

	wake chan struct{} // a pending batch exists (buffered 1)
	quit chan struct{} // Close was called
	done chan struct{} // the loop has ended
	once sync.Once
}

// runBatch is the merge of consecutive events of one run: the latest
// progress, the latest parsed answer of a result pass, how many pieces came,
// and the run's end when it came. Nothing in between matters to a view that
// redraws the whole summary each time.
type runBatch struct {
	run      int           // the run the events belong to
	progress *app.Progress // latest progress, nil when none came
	update   *app.Update   // latest Update of a result pass (Pass.Result()), nil when none
	pieces   int           // pieces merged into this batch (all passes)
	text     string        // text of the result-pass pieces merged into this batch
	partial  string        // text of the partial passes' pieces (a split run's part summaries)
	done     *app.Done     // the run's end, when it succeeded
	failed   *app.Failed   // the run's end, when it failed or was stopped
}

func (r runBatch) ended() bool { return r.done != nil || r.failed != nil }

// newBridge starts a bridge whose merged pipeline events go to onRun, on
// the UI thread through do (nil: fyne.DoAndWait).
func newBridge(onRun func(runBatch), do func(func())) *bridge {
	if do == nil {
		do = fyne.DoAndWait
	}
	b := &bridge{
		every: refreshEvery,
		onRun: onRun,
		do:    do,
		calls: map[string]func(){},
		wake:  make(chan struct{}, 1),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go b.loop()
	return b
}

// Event queues a pipeline event of run; safe from any goroutine. Events
// after Close are dropped.
func (b *bridge) Event(run int, ev app.Event) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	n := len(b.runs)
	if n == 0 || b.runs[n-1].run != run || b.runs[n-1].ended() {
		b.runs = append(b.runs, runBatch{run: run})
		n++
	}
	r := &b.runs[n-1]
	switch e := ev.(type) {
	case app.Progress:
		r.progress = &e
	case app.Piece:
		r.pieces++
		if e.Pass.Result() {
			r.text += e.Text
		} else {
			r.partial += e.Text
		}
	case app.Update:
		if e.Pass.Result() {
			e.Summary = e.Summary.Clone()
			r.update = &e
		}
	case app.Done:
		e.Summary = e.Summary.Clone()
		r.done = &e
	case app.Failed:
		r.failed = &e
	}
	b.mu.Unlock()
	b.signal()
}

// Post queues f to run on the UI thread; safe from any goroutine. A later
// Post with the same key replaces an f not yet run (a newer plan or download
// progress supersedes an older one). Posts after Close are dropped.
func (b *bridge) Post(key string, f func()) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	if _, ok := b.calls[key]; !ok {
		b.order = append(b.order, key)
	}
	b.calls[key] = f
	b.mu.Unlock()
	b.signal()
}

func (b *bridge) signal() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// Close applies what is pending, stops the loop and waits for it. It must
// not be called on the UI thread while the UI thread is needed to apply the
// last batch (the app is running): call it from a goroutine, or after the
// driver has stopped.
func (b *bridge) Close() {
	b.once.Do(func() { close(b.quit) })
	<-b.done
}

func (b *bridge) loop() {
	defer close(b.done)
	var last time.Time
	for {
		select {
		case <-b.wake:
		case <-b.quit:
			b.flush(true)
			return
		}
		if wait := b.every - time.Since(last); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-b.quit:
				t.Stop()
				b.flush(true)
				return
			}
		}
		b.flush(false)
		last = time.Now()
	}
}

// flush takes everything pending and applies it in one UI-thread call.
func (b *bridge) flush(final bool) {
	b.mu.Lock()
	runs, calls, order := b.runs, b.calls, b.order
	b.runs, b.calls, b.order = nil, map[string]func(){}, nil
	if final {
		b.closed = true
	}
	b.mu.Unlock()
	if len(runs) == 0 && len(order) == 0 {
		return
	}
	b.do(func() {
		for _, r := range runs {
			if b.onRun != nil {
				b.onRun(r)
			}
		}
		for _, k := range order {
			calls[k]()
		}
	})
}
