package inference

import (
	"runtime"
	"slices"
	"time"

	"github.com/yoyak/yoyak/inference/llama"
)

// Generation threads, measured and adapted. On an idle machine every core
// generates fastest (2 cores: 16.3 against 10.0 tokens/s with one), but
// llama.cpp's threads meet at a barrier after each operation: when another
// process takes a core, the thread that lost it holds up all the others for
// a time slice, and generation was measured falling from ~10 to under 1
// token/s that way. No fixed count is right for both, so by default a
// Generate switches between all cores ("hi") and one fewer ("lo") from the
// time each token takes: it starts where the last run ended (lo at first),
// drops to lo at once when tokens take far longer than hi's usual, and
// probes the other count now and then (early in each run; one token first,
// abandoned if it is slow; less often after each losing probe), keeping
// whichever is faster. A fixed Request.Threads turns this
// off: flash attention splits a token's attention over the threads, so the
// thread count can change a logit's last bits, and with it a sampled token;
// a seeded run is reproducible only with fixed threads.

// governor chooses the generation thread count token by token.
type governor struct {
	hi, lo   int
	cur      int
	recent   map[int][]time.Duration // last few token times per count
	since    int                     // tokens since the last probe ended
	interval int                     // tokens between probes
	probe    int                     // tokens left in the running probe; 0: none
	back     int                     // the count a probe returns to
	probed   []time.Duration         // the running probe's token times
	early    bool                    // nothing known yet: probe the other count early
}

const (
	govWindow      = 8   // token times kept per count
	govProbe       = 4   // tokens a probe lasts when it is not abandoned
	govFirstProbe  = 2   // tokens before the first probe of a run
	govInterval    = 64  // tokens between probes, at first
	govMaxInterval = 512 // after losing probes
)

// newGovernor returns a governor for cores CPUs, or nil when there is no
// choice to make (one core). last is how the model's last run ended: its
// thread count (0: no run yet) and probe interval. With nothing known it
// starts on lo and probes hi after two tokens: on an idle machine that costs
// two slower tokens, while starting on hi on a loaded machine cost hundreds
// of milliseconds per collapsed token. Otherwise it goes on where the last
// run stopped, probing as seldom as it had come to (early again only when
// that run ended on lo without losing a probe).
func newGovernor(cores int, last governorState) *governor {
	if cores < 2 {
		return nil
	}
	g := &governor{hi: cores, lo: cores - 1, cur: cores - 1, recent: map[int][]time.Duration{}, interval: govInterval, early: true}
	if last.threads == g.hi || last.threads == g.lo {
		g.cur = last.threads
		g.interval = min(max(last.interval, govInterval), govMaxInterval)
		// Ended on lo without having lost a probe: the load that put it
		// there may be gone, so look again early.
		g.early = g.cur == g.lo && g.interval == govInterval
	}
	return g
}

// governorState is what a model remembers of its last adaptive run.
type governorState struct{ threads, interval int }

// median of the recent times at n threads; 0 when none.
func (g *governor) median(n int) time.Duration {
	r := g.recent[n]
	if len(r) == 0 {
		return 0
	}
	s := slices.Clone(r)
	slices.Sort(s)
	return s[len(s)/2]
}

func (g *governor) other(n int) int {
	if n == g.hi {
		return g.lo
	}
	return g.hi
}

// observe takes the time of one generated token's decode at g.cur threads
// and returns the thread count for the next one.
func (g *governor) observe(dt time.Duration) int {
	cur := g.cur
	usual := g.median(cur)
	g.recent[cur] = append(g.recent[cur], dt)
	if len(g.recent[cur]) > govWindow {
		g.recent[cur] = g.recent[cur][1:]
	}
	if g.probe > 0 {
		g.probe--
		g.probed = append(g.probed, dt)
		back := g.median(g.back)
		slow := back > 0 && dt > back*3/2 // a slow probe is abandoned at once
		if !slow && g.probe > 0 {
			return cur
		}
		slices.Sort(g.probed)
		if !slow && (back == 0 || g.probed[len(g.probed)/2] < back) { // the probe won: stay
			g.interval = govInterval
			return g.switchTo(cur, 0)
		}
		g.interval = min(g.interval*2, govMaxInterval)
		return g.switchTo(g.back, 0)
	}
	g.since++
	// Collapse: three tokens in a row on every core far slower than usual
	// (on one core fewer, slow tokens mean more load, which every core
	// would suffer worse).
	if cur == g.hi && usual > 0 && dt > 2*usual && len(g.recent[cur]) >= 3 {
		r := g.recent[cur]
		if r[len(r)-2] > 2*usual && r[len(r)-3] > 2*usual {
			g.recent[cur] = nil // what was usual is no longer
			return g.switchTo(g.lo, 0)
		}
	}
	// The first probe comes early: a run that starts on a loaded machine
	// must not spend many tokens on a collapsed count.
	if g.since >= g.interval || (g.early && len(g.recent[g.other(cur)]) == 0 && g.since >= govFirstProbe) {
		g.back = cur
		return g.switchTo(g.other(cur), govProbe)
	}
	return cur
}

func (g *governor) switchTo(n, probe int) int {
	g.cur, g.probe, g.since, g.probed = n, probe, 0, g.probed[:0]
	return n
}

// governor returns the governor for a Generate: only with the default
// thread count, on the CPU, with a threadpool to run fewer threads on. It
// starts on the count the model's last run ended with (the next pass of a
// split transcript meets the same machine).
func (m *Model) governor(req Request) *governor {
	if req.Threads > 0 || m.gpuLayers != 0 || m.noPool {
		return nil
	}
	return newGovernor(runtime.NumCPU(), governorState{int(m.lastThreads.Load()), int(m.lastInterval.Load())})
}

// adapt records one token's decode time and sets the thread count for the
// next (nil: fixed threads); m remembers it for the next run.
func (g *governor) adapt(m *Model, c llama.Context, dt time.Duration, batch int) {
	if g == nil {
		return
	}
	if cur := g.cur; g.observe(dt) != cur {
		c.SetThreads(g.cur, batch)
	}
	m.lastThreads.Store(int32(g.cur))
	m.lastInterval.Store(int32(g.interval))
}

// start is the thread count generation begins on.
func (g *governor) start(gen int) int {
	if g == nil {
		return gen
	}
	return g.cur
}
