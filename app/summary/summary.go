// Package summary understands the model's answer: it parses the stream of
// text as it arrives into a titled, sectioned summary (Parser), renders it as
// text, Markdown or JSON (Render), and watches the stream for the loops a
// small model falls into (Guard).
//
// The answer looks like:
//
//	제목: 2024년 예산 편성 회의
//	1. 예산 현황
//	- 올해 예산은 전년 대비 5% 증가했다.
//	2. 향후 계획
//	- 다음 달까지 세부안을 마련한다.
package summary

// Summary is the structure of an answer.
type Summary struct {
	Title    string    // after "제목:", or "" when the model wrote none
	Sections []Section // numbered sections in order
	// Preamble is text outside the structure before the first section:
	// chatter before the title, or the whole answer when it has no structure.
	// Lines are joined with "\n".
	Preamble string
	// Raw is every piece fed so far, verbatim.
	Raw string
	// Sources link the parts to the transcript; nil when not linked (see
	// Linker).
	Sources *Sources `json:",omitempty"`
}

// Section is one numbered part of a summary.
type Section struct {
	Number  int      // as the model wrote it; 0 when it wrote none ("## 배경", or bullets right after the title)
	Heading string   // "" when the model wrote bullets under no heading
	Bullets []string // bullet texts without the marker
}

// Empty reports whether the summary has no content at all (no title,
// sections or preamble), e.g. the model stopped at once.
func (s Summary) Empty() bool {
	return s.Title == "" && len(s.Sections) == 0 && s.Preamble == ""
}

// Structured reports whether the answer had a title or sections, i.e. it
// was in the expected form rather than free text.
func (s Summary) Structured() bool {
	return s.Title != "" || len(s.Sections) > 0
}

// Clone returns a deep copy of s, safe to hand to another goroutine.
func (s Summary) Clone() Summary {
	c := s
	c.Sources = s.Sources.clone()
	if s.Sections == nil {
		return c
	}
	c.Sections = make([]Section, len(s.Sections))
	for i, sec := range s.Sections {
		c.Sections[i] = sec
		c.Sections[i].Bullets = append([]string(nil), sec.Bullets...)
	}
	return c
}

// Parse parses a whole answer at once: the same as feeding it to a new
// Parser and closing it.
func Parse(text string) Summary {
	var p Parser
	p.Feed(text)
	p.Close()
	return p.Summary()
}
