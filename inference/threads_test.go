package inference

import (
	"testing"
	"time"
)

// run feeds the governor token times from speed (the time one token takes
// at n threads, given the token's index) and returns the thread count used
// for each token.
func runGovernor(g *governor, tokens int, speed func(i, n int) time.Duration) []int {
	used := make([]int, tokens)
	for i := range tokens {
		used[i] = g.cur
		g.observe(speed(i, g.cur))
	}
	return used
}

func share(used []int, n int, from int) float64 {
	c := 0
	for _, u := range used[from:] {
		if u == n {
			c++
		}
	}
	return float64(c) / float64(len(used)-from)
}

func TestGovernor(t *testing.T) {
	ms := time.Millisecond
	idle := func(i, n int) time.Duration { // 2 cores idle: 61 ms with both, 100 with one
		if n == 2 {
			return 61 * ms
		}
		return 100 * ms
	}
	loaded := func(i, n int) time.Duration { // another process on a core: two threads collapse
		if n == 2 {
			return 900 * ms
		}
		return 110 * ms
	}
	loadFrom := func(at int) func(i, n int) time.Duration {
		return func(i, n int) time.Duration {
			if i >= at {
				return loaded(i, n)
			}
			return idle(i, n)
		}
	}
	smt := func(i, n int) time.Duration { // hi slower than lo (hyperthreads): lo wins
		if n == 8 {
			return 80 * ms
		}
		return 60 * ms
	}
	cost := func(used []int, speed func(i, n int) time.Duration) time.Duration {
		var d time.Duration
		for i, n := range used {
			d += speed(i, n)
		}
		return d
	}
	for _, c := range []struct {
		name   string
		cores  int
		speed  func(i, n int) time.Duration
		best   int     // the best fixed count
		within float64 // the governor's total time ÷ the best fixed count's, at most
		tokens int
		last   governorState // how the last run ended
	}{
		{"idle", 2, idle, 2, 1.02, 1000, governorState{}},
		{"loaded from the start", 2, loaded, 1, 1.15, 1000, governorState{}},
		{"load arrives", 2, loadFrom(200), 1, 1.1, 1000, governorState{}},
		{"hi slower than lo", 8, smt, 7, 1.02, 1000, governorState{}},
		{"short run, loaded", 2, loaded, 1, 1.3, 64, governorState{}},
		{"short run, loaded, last run lost its probes on lo", 2, loaded, 1, 1.01, 64, governorState{1, 256}},
		{"short run, idle, last run ended on lo, no probe lost", 2, idle, 2, 1.05, 64, governorState{1, govInterval}},
		{"short run, idle, last run ended on hi", 2, idle, 2, 1.01, 64, governorState{2, govInterval}},
	} {
		t.Run(c.name, func(t *testing.T) {
			used := runGovernor(newGovernor(c.cores, c.last), c.tokens, c.speed)
			fixed := make([]int, len(used))
			for i := range fixed {
				fixed[i] = c.best
			}
			if c.name == "load arrives" { // best: hi until the load, lo after
				for i := range 200 {
					fixed[i] = 2
				}
			}
			got, best := cost(used, c.speed), cost(fixed, c.speed)
			r := float64(got) / float64(best)
			t.Logf("%.3f× the best fixed count's time", r)
			if r > c.within {
				t.Errorf("governor took %.2f× the best fixed count's time (at most %.2f); share at %d threads after token 100: %.2f",
					r, c.within, c.best, share(used, c.best, 100))
			}
		})
	}
	if newGovernor(1, governorState{}) != nil {
		t.Error("one core: a governor with no choice")
	}
}

// A noisy machine: tokens on one core fewer spike now and then; that must
// not send generation to every core, which collapses under the same load.
func TestGovernorNoisyLo(t *testing.T) {
	g := newGovernor(2, governorState{})
	speed := func(i, n int) time.Duration {
		if n == 2 {
			return 45 * time.Millisecond * time.Duration(1+i%7) // slow and erratic
		}
		if i%8 < 3 { // bursts of three slow tokens in eight
			return 30 * time.Millisecond
		}
		return 10 * time.Millisecond
	}
	used := runGovernor(g, 512, speed)
	if s := share(used, 2, 0); s > 0.03 {
		t.Errorf("%.2f of the tokens on every core; want only probes", s)
	}
}
