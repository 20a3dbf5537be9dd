package summary

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/yoyak/yoyak/app/grounding"
)

// Format is a rendering of a Summary.
type Format string

// Renderings.
const (
	Text     Format = "text" // as the model writes it: "제목: …", "1. …", "- …"
	Markdown Format = "md"   // "# title", "## 1. heading", "- bullet"
	JSON     Format = "json" // {"title", "sections": [{"number", "heading", "bullets"}]}
)

// ParseFormat reads a format name as a person types it (text, txt, md,
// markdown, json; any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "txt", "":
		return Text, nil
	case "md", "markdown":
		return Markdown, nil
	case "json":
		return JSON, nil
	}
	return "", fmt.Errorf("summary format %q: want text, md or json", s)
}

// Ext is the file name extension for f (".txt", ".md", ".json").
func (f Format) Ext() string {
	switch f {
	case Markdown:
		return ".md"
	case JSON:
		return ".json"
	}
	return ".txt"
}

// Render writes s in format f (Text for an unknown format). An answer with
// neither title nor sections renders its preamble, so free text still
// shows; a structured one leaves the chatter out. Text and Markdown end
// with a newline unless empty; JSON always ends with one.
func Render(s Summary, f Format) string {
	switch f {
	case Markdown:
		return renderMarkdown(s)
	case JSON:
		return renderJSON(s)
	}
	return renderText(s)
}

func sectionHead(sec Section) string {
	switch {
	case sec.Number > 0 && sec.Heading != "":
		return strconv.Itoa(sec.Number) + ". " + sec.Heading
	case sec.Number > 0:
		return strconv.Itoa(sec.Number) + "."
	}
	return sec.Heading
}

func renderText(s Summary) string {
	var b strings.Builder
	if !s.Structured() {
		if s.Preamble != "" {
			b.WriteString(s.Preamble)
			b.WriteByte('\n')
		}
		return b.String()
	}
	if s.Title != "" {
		b.WriteString("제목: " + s.Title + "\n")
	}
	for _, sec := range s.Sections {
		if h := sectionHead(sec); h != "" {
			b.WriteString(h + "\n")
		}
		for _, bl := range sec.Bullets {
			b.WriteString("- " + bl + "\n")
		}
	}
	return b.String()
}

func renderMarkdown(s Summary) string {
	var blocks []string
	if !s.Structured() {
		if s.Preamble != "" {
			return s.Preamble + "\n"
		}
		return ""
	}
	if s.Title != "" {
		blocks = append(blocks, "# "+s.Title)
	}
	for _, sec := range s.Sections {
		if h := sectionHead(sec); h != "" {
			blocks = append(blocks, "## "+h)
		}
		if len(sec.Bullets) > 0 {
			var b strings.Builder
			for i, bl := range sec.Bullets {
				if i > 0 {
					b.WriteByte('\n')
				}
				b.WriteString("- " + bl)
			}
			blocks = append(blocks, b.String())
		}
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// jsonSummary fixes the JSON field names; they are an interface for scripts.
// Sources, when the summary has them, go beside what they link:
// title_sources, heading_sources, and bullet_sources[i] for bullets[i].
type jsonSummary struct {
	Title        string          `json:"title"`
	TitleSources *grounding.Link `json:"title_sources,omitempty"`
	Sections     []jsonSection   `json:"sections"`
	Preamble     string          `json:"preamble,omitempty"`
}

type jsonSection struct {
	Number         int               `json:"number"`
	Heading        string            `json:"heading"`
	HeadingSources *grounding.Link   `json:"heading_sources,omitempty"`
	Bullets        []string          `json:"bullets"`
	BulletSources  []*grounding.Link `json:"bullet_sources,omitempty"`
}

// ParseJSON reads a summary that Render wrote as JSON, through the same
// types, so the reading cannot drift from the writing. Its sources are not
// kept: they belong to the transcript it was linked to. ok is false when
// text is not such JSON.
func ParseJSON(text string) (s Summary, ok bool) {
	var js jsonSummary
	if json.Unmarshal([]byte(text), &js) != nil {
		return Summary{}, false
	}
	s = Summary{Title: js.Title, Preamble: js.Preamble}
	for _, sec := range js.Sections {
		s.Sections = append(s.Sections, Section{Number: sec.Number, Heading: sec.Heading, Bullets: sec.Bullets})
	}
	return s, true
}

func renderJSON(s Summary) string {
	js := jsonSummary{Title: s.Title, Sections: []jsonSection{}}
	if !s.Structured() {
		js.Preamble = s.Preamble
	}
	if s.Sources != nil {
		js.TitleSources = s.Sources.Title
	}
	for i, sec := range s.Sections {
		b := sec.Bullets
		if b == nil {
			b = []string{}
		}
		jsec := jsonSection{Number: sec.Number, Heading: sec.Heading, Bullets: b}
		if s.Sources != nil {
			jsec.HeadingSources = s.Sources.Heading(i)
			jsec.BulletSources = make([]*grounding.Link, len(b))
			for j := range b {
				jsec.BulletSources[j] = s.Sources.Bullet(i, j)
			}
		}
		js.Sections = append(js.Sections, jsec)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(js); err != nil {
		// Strings from the parser are valid UTF-8 or replaced by Encode; it
		// cannot fail on these types.
		panic(fmt.Sprintf("summary: encode JSON: %v", err))
	}
	return buf.String()
}
