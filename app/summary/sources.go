package summary

import (
	"github.com/yoyak/yoyak/app/grounding"
)

// Sources are where a summary's title, section headings and bullets come
// from in its transcript (see package grounding). They mirror the
// summary's shape: Sections[i].Bullets[j] is the link of
// Summary.Sections[i].Bullets[j]. A nil link is a part not linked yet (a
// line still being written).
type Sources struct {
	Title    *grounding.Link  `json:"title,omitempty"`
	Sections []SectionSources `json:"sections"`
}

// SectionSources are the links of one section.
type SectionSources struct {
	Heading *grounding.Link   `json:"heading,omitempty"`
	Bullets []*grounding.Link `json:"bullets"`
}

// Bullet returns the link of bullet j of section i, or nil.
func (s *Sources) Bullet(i, j int) *grounding.Link {
	if s == nil || i < 0 || i >= len(s.Sections) || j < 0 || j >= len(s.Sections[i].Bullets) {
		return nil
	}
	return s.Sections[i].Bullets[j]
}

// Heading returns the link of section i's heading, or nil.
func (s *Sources) Heading(i int) *grounding.Link {
	if s == nil || i < 0 || i >= len(s.Sections) {
		return nil
	}
	return s.Sections[i].Heading
}

func (s *Sources) clone() *Sources {
	if s == nil {
		return nil
	}
	c := &Sources{Title: s.Title, Sections: make([]SectionSources, len(s.Sections))}
	for i, sec := range s.Sections {
		c.Sections[i] = SectionSources{Heading: sec.Heading, Bullets: append([]*grounding.Link(nil), sec.Bullets...)}
	}
	return c
}

// Linker links the parts of a summary to one transcript, each distinct
// text once: a bullet linked when it completed while streaming is not
// linked again for the final summary. Not safe for concurrent use.
type Linker struct {
	ix    *grounding.Index
	cache map[string]*grounding.Link
}

// NewLinker returns a Linker over ix.
func NewLinker(ix *grounding.Index) *Linker {
	return &Linker{ix: ix, cache: map[string]*grounding.Link{}}
}

// Link links one text (a title, heading or bullet); the result is shared,
// do not modify it.
func (l *Linker) Link(text string) *grounding.Link {
	if k, ok := l.cache[text]; ok {
		return k
	}
	k := l.ix.Link(text)
	l.cache[text] = &k
	return &k
}

// Ground returns s with Sources for every part. writing (Parser.Writing)
// leaves out the last line, still growing (the last bullet, or the last
// heading, or the title of a summary with no sections yet), so only
// complete lines are linked.
func (l *Linker) Ground(s Summary, writing bool) Summary {
	final := !writing
	src := &Sources{Sections: make([]SectionSources, len(s.Sections))}
	last := func(i, j int) bool {
		return !final && i == len(s.Sections)-1 && j == len(s.Sections[i].Bullets)-1
	}
	if s.Title != "" && (final || len(s.Sections) > 0) {
		src.Title = l.Link(s.Title)
	}
	for i, sec := range s.Sections {
		ss := SectionSources{Bullets: make([]*grounding.Link, len(sec.Bullets))}
		if sec.Heading != "" && (final || i < len(s.Sections)-1 || len(sec.Bullets) > 0) {
			ss.Heading = l.Link(sec.Heading)
		}
		for j, b := range sec.Bullets {
			if !last(i, j) {
				ss.Bullets[j] = l.Link(b)
			}
		}
		src.Sections[i] = ss
	}
	s.Sources = src
	return s
}

// SourceLabels is each bullet's best source label (grounding.Link.Label:
// "00:12:31 김 위원", "212–214행"), section by section, "" where a bullet
// has none: what a .docx or .hwpx export prints beside it. Nil when the
// summary has no sources.
func (s Summary) SourceLabels() [][]string {
	if s.Sources == nil {
		return nil
	}
	out := make([][]string, len(s.Sections))
	for i, sec := range s.Sections {
		out[i] = make([]string, len(sec.Bullets))
		for j := range sec.Bullets {
			if l := s.Sources.Bullet(i, j); l != nil {
				out[i][j] = l.Label()
			}
		}
	}
	return out
}
