package grounding

import (
	"math"
	"slices"
	"sort"
)

// window is a candidate passage: lines [first, last] of the index.
type window struct {
	first, last int
	score       float64
}

// queryTerm is one distinct term of a point with its weight.
type queryTerm struct {
	postings []posting
	idf      float64
}

// Link finds the passages that support text (a bullet, heading or title)
// and flags what in it the transcript does not say.
func (ix *Index) Link(text string) Link {
	toks := tokenize(text)
	l := Link{Sources: ix.sources(toks), Flags: ix.flags(text, toks)}
	if l.Sources == nil {
		l.Sources = []Source{}
	}
	l.Unsupported = len(l.Sources) == 0
	return l
}

// sources ranks windows of one to three lines by BM25 and returns the best
// non-overlapping ones scoring at least MinScore.
func (ix *Index) sources(toks []token) []Source {
	return ix.pick(ix.candidates(toks))
}

// candidates are the windows around the best lines, best first.
func (ix *Index) candidates(toks []token) []window {
	n := len(ix.lines)
	if n == 0 {
		return nil
	}
	terms := appendTerms(nil, toks)
	slices.Sort(terms)
	var q []queryTerm
	norm := 0.0
	absent := math.Log(1 + (float64(n)+0.5)/1.5) // as if on one line
	for i, t := range terms {
		if i > 0 && terms[i-1] == t {
			continue
		}
		ps := ix.postings[t]
		if len(ps) == 0 {
			norm += absent
			continue
		}
		df := float64(len(ps))
		idf := math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		norm += idf
		q = append(q, queryTerm{postings: ps, idf: idf})
	}
	if len(q) == 0 || norm == 0 {
		return nil
	}
	// score single lines, then widen the best ones to windows; terms on
	// most lines say little about which line and cost the most, so only
	// the windows weigh them
	acc := make([]float64, n)
	for _, qt := range q {
		if len(qt.postings) > n/2 && n > 20 {
			continue
		}
		for _, p := range qt.postings {
			acc[p.line] += qt.idf * bm25(float64(p.tf), ix.lines[p.line].length, ix.avgLen)
		}
	}
	seeds := topLines(acc, 12)
	var cands []window
	seen := map[[2]int]bool{}
	for _, s := range seeds {
		for first := max(0, s-2); first <= s; first++ {
			for last := s; last <= min(n-1, first+2); last++ {
				k := [2]int{first, last}
				if seen[k] {
					continue
				}
				seen[k] = true
				cands = append(cands, window{first: first, last: last, score: ix.windowScore(q, first, last) / norm})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		if w, v := cands[i].last-cands[i].first, cands[j].last-cands[j].first; w != v {
			return w < v
		}
		return cands[i].first < cands[j].first
	})
	return cands
}

// pick keeps up to three non-overlapping windows: the best, and others
// scoring within keepRatio of it.
func (ix *Index) pick(cands []window) []Source {
	var out []Source
	var taken []window
	for _, c := range cands {
		if c.score < MinScore || (len(taken) > 0 && c.score < taken[0].score*keepRatio) {
			break
		}
		overlap := false
		for _, t := range taken {
			if c.first <= t.last+1 && t.first <= c.last+1 {
				overlap = true
				break
			}
		}
		if overlap {
			continue
		}
		taken = append(taken, c)
		first, last := ix.lines[c.first], ix.lines[c.last]
		out = append(out, Source{
			FirstLine: first.number, LastLine: last.number, Start: first.start, End: last.end,
			At: first.at, Speaker: first.speaker, Score: math.Round(min(c.score, 1)*1000) / 1000,
		})
		if len(out) == 3 {
			break
		}
	}
	return out
}

// windowScore is BM25 of the lines first..last taken as one document.
func (ix *Index) windowScore(q []queryTerm, first, last int) float64 {
	length := 0.0
	for i := first; i <= last; i++ {
		length += ix.lines[i].length
	}
	s := 0.0
	for _, qt := range q {
		tf := 0.0
		ps := qt.postings
		j := sort.Search(len(ps), func(k int) bool { return int(ps[k].line) >= first })
		for ; j < len(ps) && int(ps[j].line) <= last; j++ {
			tf += float64(ps[j].tf)
		}
		if tf > 0 {
			s += qt.idf * bm25(tf, length, ix.avgLen)
		}
	}
	return s
}

// bm25 is the saturated term frequency, 1 for one occurrence in a line of
// average length.
func bm25(tf, length, avg float64) float64 {
	return tf * (k1 + 1) / (tf + k1*(1-b+b*length/avg))
}

// topLines returns the indexes of the k best-scoring lines (score > 0),
// best first, the earlier line first among equals.
func topLines(acc []float64, k int) []int {
	out := make([]int, 0, k+1)
	for i, s := range acc {
		if s <= 0 || (len(out) == k && s <= acc[out[k-1]]) {
			continue
		}
		j := len(out)
		out = append(out, i)
		for j > 0 && acc[out[j-1]] < s {
			out[j] = out[j-1]
			j--
		}
		out[j] = i
		if len(out) > k {
			out = out[:k]
		}
	}
	return out
}
