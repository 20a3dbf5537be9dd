package summary

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Guard watches the answer as it streams for the loops a small model falls
// into — a clause said again and again in one bullet ("예산을 검토했다.
// 예산을 검토했다. 예산을 검토했다."), a bullet or a group of lines
// repeated, a short loop like "의 의 의 의" — so the pipeline can stop
// generating early, and Trim then cuts the repeats from the text.
//
// A repeat is a phrase said MinRepeats times back to back that covers at
// least MinSpan characters and contains a letter (phrases of only digits,
// punctuation or white space, like "-----", "000" or a run of blank lines,
// must cover NonLetterSpan); Trim keeps one copy of it. Feed stops the
// stream when a phrase goes on to StopRepeats copies, or when a line of at
// least MinLineRunes characters is seen LineRepeats times anywhere. Normal
// prose and lists of similar bullets ("- 1분기 매출 증가", "- 2분기 매출
// 증가") are never repeats.
//
// The model card's own sample answer says a clause three times in one
// bullet and then goes on to its next sections. That is why stopping waits
// for a fourth copy: the sample's answer runs to its end and Trim cuts the
// two extra copies, while a real loop costs one clause more before it is
// stopped. Likewise a whole line may come back three times ("- 다음 회의에서
// 다시 논의하기로 했다." closing three sections) before it counts as a loop. Phrases longer than MaxPeriod are caught only as repeated lines.
//
// Each character costs O(MaxPeriod), whatever the length of the answer.
// The zero value uses the defaults. A Guard is not safe for concurrent use.
type Guard struct {
	MinRepeats    int // consecutive copies that Trim collapses; default 3
	StopRepeats   int // consecutive copies that stop the stream; default MinRepeats+1
	MinSpan       int // characters a loop of a phrase with letters covers at least; default 8
	NonLetterSpan int // the same for phrases without letters; default 64
	MaxPeriod     int // longest phrase watched, in characters; default 256
	LineRepeats   int // copies of one line anywhere that make a loop; default 4
	MinLineRunes  int // shortest line counted by LineRepeats; default 12

	init    bool
	ring    []rune // last MaxPeriod+1 runes
	letters []int  // running count of letters up to each ring position
	match   []int  // match[p]: consecutive positions i with rune(i) == rune(i-p)
	n       int    // runes seen
	total   int    // letters seen
	pending []byte // an incomplete UTF-8 sequence at the end of the last piece
	line    strings.Builder
	lines   map[string]int
	loop    Loop
	stopped bool
	cuts    []cut // repeats long enough for Trim, until Quiet passes them
}

// cut is a repeat long enough for Trim: it keeps the text before from and
// cuts (some of) [from, to).
type cut struct{ p, from, to int }

// Loop describes the repetition a Guard found.
type Loop struct {
	Phrase  string // one copy of the repeated phrase or line
	Repeats int    // copies seen when it was detected
	Line    bool   // true: a whole line seen LineRepeats times, not necessarily in a row
}

const maxLinesTracked = 4096

func (g *Guard) defaults() {
	if g.init {
		return
	}
	g.init = true
	if g.MinRepeats < 2 {
		g.MinRepeats = 3
	}
	if g.StopRepeats < g.MinRepeats {
		g.StopRepeats = g.MinRepeats + 1
	}
	if g.MinSpan <= 0 {
		g.MinSpan = 8
	}
	if g.NonLetterSpan <= 0 {
		g.NonLetterSpan = 64
	}
	if g.MaxPeriod <= 0 {
		g.MaxPeriod = 256
	}
	if g.LineRepeats < 2 {
		g.LineRepeats = 4
	}
	if g.MinLineRunes <= 0 {
		g.MinLineRunes = 12
	}
	g.ring = make([]rune, g.MaxPeriod+1)
	g.letters = make([]int, g.MaxPeriod+1)
	g.match = make([]int, g.MaxPeriod+1)
	g.lines = map[string]int{}
}

// Feed watches the next piece and reports whether the answer is looping;
// once it has, it keeps returning true (until Reset).
func (g *Guard) Feed(piece string) (stop bool) {
	g.defaults()
	if g.stopped {
		return true
	}
	b := piece
	if len(g.pending) > 0 {
		b = string(g.pending) + piece
		g.pending = g.pending[:0]
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRuneInString(b)
		if r == utf8.RuneError && size == 1 && !utf8.FullRuneInString(b) {
			g.pending = append(g.pending, b...)
			break
		}
		b = b[size:]
		if g.step(r) {
			g.stopped = true
			return true
		}
	}
	return false
}

// Stopped reports whether a loop was found, and which.
func (g *Guard) Stopped() (Loop, bool) { return g.loop, g.stopped }

// Reset forgets everything seen, for the next answer.
func (g *Guard) Reset() {
	*g = g.config()
}

// config is g's settings without its state.
func (g *Guard) config() Guard {
	return Guard{MinRepeats: g.MinRepeats, StopRepeats: g.StopRepeats, MinSpan: g.MinSpan, NonLetterSpan: g.NonLetterSpan,
		MaxPeriod: g.MaxPeriod, LineRepeats: g.LineRepeats, MinLineRunes: g.MinLineRunes}
}

// Settled is a point (in runes of what was fed) up to which Trim's verdict
// is final: Trim of the text up to here is the beginning of Trim of the
// whole answer (but for spaces at its very end), whatever comes next. Trim
// keeps a repeat's first copy and cuts after it, so the point stays before
// the second copy of any phrase still repeating, and outside the cut of any
// repeat already long enough for Trim. A stream shown live can show Trim's
// text up to here and never have to take a line back — except for a whole
// line said twice, which a third copy may still drop.
func (g *Guard) Settled() int {
	g.defaults()
	back := 0
	for p := 1; p <= g.MaxPeriod; p++ {
		back = max(back, g.match[p])
	}
	k := max(g.n-back, 0)
	for moved := true; moved; {
		moved = false
		for _, c := range g.cuts {
			if c.from < k && k < c.to {
				k, moved = c.from, true
			}
		}
	}
	return k
}

// Quiet is a point (in runes of what was fed, at most Settled) that no
// repeat reaches across, now or later: no phrase repeating now, and no cut
// Trim makes, began before it, and a phrase that starts repeating later
// began after it. Trim of the text before it and Trim of the text from it on,
// joined, are Trim of the whole; a live view trims only what follows its
// last quiet point, so the cost of each line does not grow with the answer.
func (g *Guard) Quiet() int {
	g.defaults()
	q := g.n - g.MaxPeriod
	for p := 1; p <= g.MaxPeriod; p++ {
		if g.match[p] > 0 {
			q = min(q, g.n-g.match[p]-p)
		}
	}
	for moved := true; moved; {
		moved = false
		for _, c := range g.cuts {
			if start := c.from - c.p; start < q && q < c.to {
				q, moved = start, true
			}
		}
	}
	q = max(q, 0)
	// Cuts wholly before the point can no longer move it or Settled.
	keep := g.cuts[:0]
	for _, c := range g.cuts {
		if c.to > q {
			keep = append(keep, c)
		}
	}
	g.cuts = keep
	return q
}

// noteCut records that the phrase of period p ending at rune i repeats
// enough for Trim (span runes in a row).
func (g *Guard) noteCut(p, i, span int) {
	for k := len(g.cuts) - 1; k >= 0 && g.cuts[k].to >= i; k-- {
		if g.cuts[k].p == p && g.cuts[k].to == i {
			g.cuts[k].to = i + 1
			return
		}
	}
	g.cuts = append(g.cuts, cut{p: p, from: i + 1 - (span - p), to: i + 1})
}

func isLetter(r rune) bool { return unicode.IsLetter(r) }

// step takes one rune and reports a loop.
func (g *Guard) step(r rune) bool {
	size := len(g.ring)
	i := g.n
	g.ring[i%size] = r
	if isLetter(r) {
		g.total++
	}
	g.letters[i%size] = g.total
	g.n++
	maxP := g.MaxPeriod
	if i < maxP {
		maxP = i
	}
	for p := 1; p <= maxP; p++ {
		if g.ring[(i-p)%size] != r {
			g.match[p] = 0
			continue
		}
		g.match[p]++
		span := g.match[p] + p
		if span < g.MinRepeats*p || span < g.MinSpan {
			continue
		}
		// letters among the last p runes: the phrase
		lettersIn := g.total - g.letters[(i-p)%size]
		if lettersIn == 0 && span < g.NonLetterSpan {
			continue
		}
		g.noteCut(p, i, span)
		if span < g.StopRepeats*p {
			continue
		}
		g.loop = Loop{Phrase: g.last(p), Repeats: span / p}
		return true
	}
	if r == '\n' {
		return g.endLine()
	}
	if g.line.Len() < 4096 {
		g.line.WriteRune(r)
	}
	return false
}

func (g *Guard) last(p int) string {
	size := len(g.ring)
	rs := make([]rune, p)
	for k := 0; k < p; k++ {
		rs[k] = g.ring[(g.n-p+k)%size]
	}
	return string(rs)
}

func (g *Guard) endLine() bool {
	l := strings.TrimSpace(g.line.String())
	g.line.Reset()
	if utf8.RuneCountInString(l) < g.MinLineRunes {
		return false
	}
	c, ok := g.lines[l]
	if !ok && len(g.lines) >= maxLinesTracked {
		return false
	}
	c++
	g.lines[l] = c
	if c >= g.LineRepeats {
		g.loop = Loop{Phrase: l, Repeats: c, Line: true}
		return true
	}
	return false
}

// Trim returns text without its loops: a phrase repeated back to back keeps
// one copy, a loop running to the end is cut after its first copy (with
// the unfinished copy), later copies of a line seen LineRepeats times are
// dropped, and, when anything was cut, so is an unfinished last line that
// begins an earlier one. Text without loops comes back unchanged; in text
// with loops, bytes that are not UTF-8 become U+FFFD.
func (g *Guard) Trim(text string) string {
	cfg := g.config()
	cfg.defaults()

	rs := []rune(text)
	out, cut := cfg.collapse(rs)
	out, cutLines := cfg.dropRepeatedLines(out)
	if !cut && !cutLines {
		return text
	}
	s := strings.TrimRight(string(out), " \t")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 && !strings.HasSuffix(s, "\n") {
		lastLine := strings.TrimSpace(s[i+1:])
		for _, l := range strings.Split(s[:i], "\n") {
			if lastLine != "" && strings.HasPrefix(strings.TrimSpace(l), lastLine) {
				return strings.TrimRight(s[:i+1], " \t")
			}
		}
	}
	return s
}

// collapse removes back-to-back repeats of phrases.
func (g *Guard) collapse(rs []rune) ([]rune, bool) {
	match := make([]int, g.MaxPeriod+1)
	letters := make([]int, len(rs)+1) // letters[i]: letters in rs[:i]
	for i, r := range rs {
		letters[i+1] = letters[i]
		if isLetter(r) {
			letters[i+1]++
		}
	}
	var out []rune
	last, cut := 0, false
	for i := 0; i < len(rs); i++ {
		found := 0
		for p := 1; p <= g.MaxPeriod && i-p >= last; p++ {
			if rs[i-p] != rs[i] {
				match[p] = 0
				continue
			}
			match[p]++
			span := match[p] + p
			if span < g.MinRepeats*p || span < g.MinSpan {
				continue
			}
			if letters[i+1]-letters[i+1-p] == 0 && span < g.NonLetterSpan {
				continue
			}
			found = p
			break
		}
		if found == 0 {
			continue
		}
		p := found
		s := i + 1 - match[p] - p
		e := i + 1
		for e < len(rs) && rs[e] == rs[e-p] {
			e++
		}
		out = append(out, rs[last:s]...)
		if e == len(rs) {
			out = append(out, rs[s:s+p]...)
		} else {
			k := (e-s)/p - 1
			out = append(out, rs[s+k*p:e]...)
		}
		cut = true
		last = e
		clear(match)
		i = e - 1
	}
	if !cut {
		return rs, false
	}
	return append(out, rs[last:]...), true
}

// dropRepeatedLines drops the later copies of long lines seen LineRepeats
// times.
func (g *Guard) dropRepeatedLines(rs []rune) ([]rune, bool) {
	lines := strings.SplitAfter(string(rs), "\n")
	count := map[string]int{}
	for _, l := range lines {
		if t := strings.TrimSpace(l); utf8.RuneCountInString(t) >= g.MinLineRunes {
			count[t]++
		}
	}
	seen := map[string]bool{}
	var b strings.Builder
	cut := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if count[t] >= g.LineRepeats && utf8.RuneCountInString(t) >= g.MinLineRunes {
			if seen[t] {
				cut = true
				continue
			}
			seen[t] = true
		}
		b.WriteString(l)
	}
	if !cut {
		return rs, false
	}
	return []rune(b.String()), true
}
