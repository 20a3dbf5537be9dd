package transcript

import (
	"regexp"
	"strings"
)

// clovaHeader is Clova Note's turn header: "화자 1 00:01", "참석자 2 01:02:03", "김민수 12:34".
var clovaHeader = regexp.MustCompile(`^(\S.{0,29}?)\s+(\d{1,2}:)?\d{1,2}:\d{2}$`)

// readClovaNote reads a Clova Note text export: a header line per turn
// (speaker and clock), then the words. Lines before the first header (the
// note's title, date, attendees) are kept without a speaker.
func readClovaNote(text string) ([]Utterance, bool) {
	lines := strings.Split(text, "\n")
	headers, nonEmpty, followed := 0, 0, 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		nonEmpty++
		if isClovaHeader(t) {
			headers++
			if next := nextNonEmpty(lines, i+1); next != "" && !isClovaHeader(next) {
				followed++
			}
		}
	}
	if headers < 2 || followed*10 < headers*8 || headers*10 < nonEmpty {
		return nil, false
	}
	var us []Utterance
	speaker, at, inTurn := "", "", false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if isClovaHeader(t) {
			m := clovaHeader.FindStringSubmatch(t)
			speaker, inTurn = strings.TrimSpace(m[1]), true
			at = clockText(t[len(m[1]):])
			continue
		}
		if inTurn {
			us = append(us, Utterance{Speaker: speaker, Text: t, At: at})
		} else {
			us = append(us, Utterance{Text: t})
		}
	}
	return us, true
}

func isClovaHeader(t string) bool {
	m := clovaHeader.FindStringSubmatch(t)
	return m != nil && plausibleName(m[1]) && !strings.ContainsAny(m[1], ":：")
}

func nextNonEmpty(lines []string, from int) string {
	for _, l := range lines[from:] {
		if t := strings.TrimSpace(l); t != "" {
			return t
		}
	}
	return ""
}

const clock = `(?P<at>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)`

// chatLines are the line shapes of meeting chats and caption exports; each
// has the groups name and text.
var chatLines = []*regexp.Regexp{
	// Zoom chat: "00:01:02 From 김민수 to Everyone: …", "00:01:02 From 김민수 : …"
	regexp.MustCompile(`^` + clock + `\s+From\s+(?P<name>.+?)(?:\s+to\s+.+?)?\s*[:：]\s*(?P<text>.*)$`),
	// "[00:00:01] 김민수: …"
	regexp.MustCompile(`^\[` + clock + `\]\s*(?P<name>[^:：\[\]]{1,30}?)\s*[:：]\s*(?P<text>.*)$`),
	// "00:00:01 김민수: …"
	regexp.MustCompile(`^` + clock + `\s+(?P<name>[^:：\[\]]{1,30}?)\s*[:：]\s*(?P<text>.*)$`),
	// "김민수 [00:00:01]: …" and "김민수 (00:01): …"
	regexp.MustCompile(`^(?P<name>[^:：\[\]()]{1,30}?)\s*[\[(]` + clock + `[\])]\s*[:：]?\s*(?P<text>.*)$`),
	// KakaoTalk (PC): "[김민수] [오후 2:03] …"
	regexp.MustCompile(`^\[(?P<name>[^\[\]]{1,30})\]\s*\[(?:오전|오후|AM|PM)\s*\d{1,2}:\d{2}\]\s*(?P<text>.*)$`),
	// KakaoTalk (phone): "2024년 1월 15일 오후 2:03, 김민수 : …"
	regexp.MustCompile(`^\d{4}\.?\s*년?\s*\d{1,2}\.?\s*월?\s*\d{1,2}\.?\s*일?\s*(?:오전|오후)\s*\d{1,2}:\d{2},\s*(?P<name>[^:：]{1,30}?)\s*[:：]\s*(?P<text>.*)$`),
}

var chatSeparator = regexp.MustCompile(`^-{3,}.*-{3,}$`)

func matchChat(t string) (name, text, at string, ok bool) {
	for _, re := range chatLines {
		m := re.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		name = strings.TrimSpace(m[re.SubexpIndex("name")])
		if !plausibleName(name) {
			continue
		}
		if i := re.SubexpIndex("at"); i > 0 {
			at = clockText(m[i])
		}
		return name, strings.TrimSpace(m[re.SubexpIndex("text")]), at, true
	}
	return "", "", "", false
}

// readChat reads timestamped "이름: 말" lines; lines that match no shape
// continue the message above them.
func readChat(text string) ([]Utterance, bool) {
	lines := strings.Split(text, "\n")
	matched, nonEmpty := 0, 0
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		nonEmpty++
		if _, _, _, ok := matchChat(t); ok {
			matched++
		}
	}
	if matched < 2 || matched*10 < nonEmpty*4 {
		return nil, false
	}
	var us []Utterance
	inMsg := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || chatSeparator.MatchString(t) {
			continue
		}
		if name, msg, at, ok := matchChat(t); ok {
			us = append(us, Utterance{Speaker: name, Text: msg, At: at})
			inMsg = true
			continue
		}
		if inMsg && len(us[len(us)-1].Text) < 30000 {
			us[len(us)-1].Text += " " + t
		} else {
			us = append(us, Utterance{Text: t})
		}
	}
	return us, true
}

// clockText is a clock as sources cite it: the digits and colons of t, the
// fraction of a second dropped ("00:00:01,500" → "00:00:01").
func clockText(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.IndexAny(t, ".,"); i >= 0 {
		t = t[:i]
	}
	return t
}
