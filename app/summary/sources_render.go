package summary

import (
	"strings"

	"github.com/yoyak/yoyak/app/grounding"
)

// MarkdownWithSources renders s as Markdown (like Render) with each title,
// heading and bullet followed by its source references in brackets,
// "[3–4행, 12행]", what the transcript does not say ("[전사문에 없는 표현:
// 600명]") and "[출처 없음]" for a part nothing supports; English
// references when ko is false. Parts without sources render as Render.
func MarkdownWithSources(s Summary, ko bool) string {
	if !s.Structured() || s.Sources == nil {
		return renderMarkdown(s)
	}
	var blocks []string
	if s.Title != "" {
		blocks = append(blocks, "# "+s.Title+refs(s.Sources.Title, ko))
	}
	for i, sec := range s.Sections {
		if h := sectionHead(sec); h != "" {
			blocks = append(blocks, "## "+h+refs(s.Sources.Heading(i), ko))
		}
		if len(sec.Bullets) > 0 {
			lines := make([]string, len(sec.Bullets))
			for j, bl := range sec.Bullets {
				lines[j] = "- " + bl + refs(s.Sources.Bullet(i, j), ko)
			}
			blocks = append(blocks, strings.Join(lines, "\n"))
		}
	}
	return strings.Join(blocks, "\n\n") + "\n"
}

// refs is " [labels]" for l, with its flags, or "" when l is nil.
func refs(l *grounding.Link, ko bool) string {
	if l == nil {
		return ""
	}
	var out string
	if len(l.Sources) == 0 {
		out = " [" + pickLang(ko, "출처 없음", "no source") + "]"
	} else {
		labels := make([]string, len(l.Sources))
		for i, s := range l.Sources {
			labels[i] = s.LabelIn(ko)
		}
		out = " [" + strings.Join(labels, ", ") + "]"
	}
	if len(l.Flags) > 0 {
		words := make([]string, len(l.Flags))
		for i, f := range l.Flags {
			words[i] = f.Text
		}
		out += " [" + pickLang(ko, "전사문에 없는 표현: ", "not in the transcript: ") + strings.Join(words, ", ") + "]"
	}
	return out
}

func pickLang(ko bool, k, e string) string {
	if ko {
		return k
	}
	return e
}
