package cli

import (
	"fmt"
	"strings"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

// excerptRunes is how much of a passage the text report quotes.
const excerptRunes = 60

// checkReport is check's text output: each point, then indented its
// sources (label, score, the passage's start) and its flags; a count line
// ends it.
func checkReport(doc transcript.Document, s summary.Summary, ko bool) string {
	var b strings.Builder
	text := []rune(doc.Text)
	points, supported, flagged := 0, 0, 0
	part := func(head string, l *grounding.Link) {
		b.WriteString(head + "\n")
		if l == nil {
			return
		}
		points++
		if len(l.Sources) == 0 {
			b.WriteString("    ? " + pickKo(ko, "전사문에서 근거를 찾지 못했습니다", "no supporting passage in the transcript") + "\n")
		} else {
			supported++
		}
		for _, src := range l.Sources {
			fmt.Fprintf(&b, "    → %s (%.2f) %s\n", src.LabelIn(ko), src.Score, excerpt(text, src))
		}
		if len(l.Flags) > 0 {
			flagged++
		}
		for _, f := range l.Flags {
			fmt.Fprintf(&b, "    ! %s: %s (%s)\n", pickKo(ko, "전사문에 없는 표현", "not in the transcript"), f.Text, flagKind(f.Kind, ko))
		}
	}
	if s.Title != "" {
		part(pickKo(ko, "제목: ", "Title: ")+s.Title, s.Sources.Title)
	}
	for i, sec := range s.Sections {
		if sec.Heading != "" {
			head := sec.Heading
			if sec.Number > 0 {
				head = fmt.Sprintf("%d. %s", sec.Number, sec.Heading)
			}
			part(head, s.Sources.Heading(i))
		}
		for j, bl := range sec.Bullets {
			part("- "+bl, s.Sources.Bullet(i, j))
		}
	}
	fmt.Fprintf(&b, pickKo(ko, "\n요점 %d개: 근거 있음 %d개, 근거 없음 %d개, 확인할 표현이 있는 요점 %d개\n",
		"\n%d points: %d supported, %d unsupported, %d with expressions to check\n"), points, supported, points-supported, flagged)
	return b.String()
}

// excerpt is the start of a source's passage on one line, quoted.
func excerpt(text []rune, s grounding.Source) string {
	if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
		return ""
	}
	p := strings.Join(strings.Fields(string(text[s.Start:s.End])), " ")
	if r := []rune(p); len(r) > excerptRunes {
		p = string(r[:excerptRunes]) + "…"
	}
	return "“" + p + "”"
}

func flagKind(k grounding.FlagKind, ko bool) string {
	switch k {
	case grounding.FlagName:
		return pickKo(ko, "이름", "name")
	case grounding.FlagAmount:
		return pickKo(ko, "금액·비율", "amount")
	case grounding.FlagDate:
		return pickKo(ko, "날짜·시간", "date or time")
	}
	return pickKo(ko, "수", "number")
}

func pickKo(ko bool, k, e string) string {
	if ko {
		return k
	}
	return e
}
