package app

import (
	"strconv"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
)

// SourcePart says which part of the answer a Sources event is about.
type SourcePart int

// Parts of an answer that get sources.
const (
	SourceTitle SourcePart = iota + 1
	SourceHeading
	SourceBullet
)

// Sources says where one part of the answer comes from in the transcript,
// sent once per part as soon as its line is complete, while the answer
// still streams; the Update that follows carries the same link in
// Summary.Sources.
type Sources struct {
	Part    SourcePart
	Section int // index into Summary.Sections (SourceHeading, SourceBullet)
	Bullet  int // index into the section's Bullets (SourceBullet)
	Link    grounding.Link
	Pass    Pass
}

// grounded links the complete parts of the answer parsed so far, emits a
// Sources event for each part linked for the first time, and returns the
// summary with its sources. Partial passes (summaries of parts) are not the
// answer and are not linked.
func (r *runner) grounded(s summary.Summary, writing bool, pass Pass) summary.Summary {
	if r.link == nil || !pass.Result() {
		return s
	}
	s = r.link.Ground(s, writing)
	if r.sent == nil {
		r.sent = map[string]bool{}
	}
	send := func(key string, ev Sources, l *grounding.Link) {
		if l == nil || r.sent[key] {
			return
		}
		r.sent[key] = true
		ev.Link, ev.Pass = *l, pass
		r.emit(ev)
	}
	send("t"+s.Title, Sources{Part: SourceTitle}, s.Sources.Title)
	for i, sec := range s.Sources.Sections {
		at := strconv.Itoa(i) + ":"
		send("h"+at+s.Sections[i].Heading, Sources{Part: SourceHeading, Section: i}, sec.Heading)
		for j, l := range sec.Bullets {
			send("b"+at+strconv.Itoa(j)+":"+s.Sections[i].Bullets[j], Sources{Part: SourceBullet, Section: i, Bullet: j}, l)
		}
	}
	return s
}

func (Sources) isEvent() {}
