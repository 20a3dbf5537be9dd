package remote

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// watchdog tells a slow server from a dead one while a completion runs.
// Until the first event it checks the server's health every ProbeInterval:
// a server that answers is busy (queued behind other requests, reading a
// long prompt) and is waited for up to FirstByteTimeout; one that does not
// answer is gone (ErrServerGone) within about one interval plus a connect
// timeout. After the first event, a gap of IdleTimeout without one is a
// stalled stream (ErrStalled). Its verdict cancels the request's context
// with the sentinel as the cause.
type watchdog struct {
	s      *Server
	cancel context.CancelCauseFunc
	done   chan struct{}
	wg     sync.WaitGroup

	mu   sync.Mutex
	last time.Time // the last event; zero before the first
}

// watch starts a watchdog over a request running under ctx.
func (s *Server) watch(ctx context.Context, cancel context.CancelCauseFunc) *watchdog {
	w := &watchdog{s: s, cancel: cancel, done: make(chan struct{})}
	w.wg.Add(1)
	go w.run(ctx)
	return w
}

// seen records an event.
func (w *watchdog) seen() {
	w.mu.Lock()
	w.last = time.Now()
	w.mu.Unlock()
}

// stop ends the watchdog and waits for it.
func (w *watchdog) stop() {
	close(w.done)
	w.wg.Wait()
}

func (w *watchdog) run(ctx context.Context) {
	defer w.wg.Done()
	o := w.s.opts
	start := time.Now()
	tick := min(o.ProbeInterval, o.IdleTimeout/4, o.FirstByteTimeout)
	t := time.NewTicker(max(tick, time.Millisecond))
	defer t.Stop()
	nextProbe := start.Add(o.ProbeInterval)
	for {
		select {
		case <-w.done:
			return
		case <-ctx.Done():
			return
		case now := <-t.C:
			w.mu.Lock()
			last := w.last
			w.mu.Unlock()
			switch {
			case !last.IsZero():
				if now.Sub(last) > o.IdleTimeout {
					w.cancel(fmt.Errorf("%w: nothing for %s", ErrStalled, o.IdleTimeout))
					return
				}
			case now.Sub(start) > o.FirstByteTimeout:
				w.cancel(fmt.Errorf("%w within %s", ErrNoAnswer, o.FirstByteTimeout))
				return
			case !now.Before(nextProbe):
				if err := w.probe(ctx); err != nil {
					w.cancel(fmt.Errorf("%w: %v", ErrServerGone, err))
					return
				}
				nextProbe = time.Now().Add(o.ProbeInterval)
			}
		}
	}
}

// probe checks health with its own short deadline (the connect timeout
// twice): a server that cannot even say it is alive is gone.
func (w *watchdog) probe(ctx context.Context) error {
	pctx, cancel := context.WithTimeout(ctx, 2*w.s.opts.ConnectTimeout)
	defer cancel()
	err := w.s.Health(pctx)
	if err != nil && ctx.Err() == nil && pctx.Err() != nil {
		return fmt.Errorf("no health answer within %s", 2*w.s.opts.ConnectTimeout)
	}
	return err
}
