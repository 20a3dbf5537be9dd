package transcript

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	// "00:00:01,000 --> 00:00:04,000", "00:01.000 --> 00:04.000 align:start position:0%", Teams' "0:0:0.0 --> 0:0:5.0"
	cueTiming = regexp.MustCompile(`^\s*\d[\d:.,]*\s*-->\s*\d[\d:.,]*(\s.*)?$`)
	cueNumber = regexp.MustCompile(`^\s*\d+\s*$`)
	// WebVTT voice span: <v 김민수>, <v.loud 김민수>
	voiceTag = regexp.MustCompile(`<v(?:\.[^ \t>]*)?[ \t]+([^>]*)>`)
	// styling and timing tags: <i>, </b>, <font color="…">, <c.colorE5E5E5>, <00:00:01.500>, <lang en>, <ruby>
	markupTag = regexp.MustCompile(`</?[A-Za-z][^<>]*>|<\d[\d:.]*>`)
	// SSA/ASS override blocks that SRT files often carry: {\an8}, {\i1}
	assTag = regexp.MustCompile(`\{\\[^{}]*\}`)
	// a line of only a sound description: [음악], [박수], ♪ … ♪
	soundOnly = regexp.MustCompile(`^(\[[^\[\]]*\]|♪[^♪]*♪?|♪)$`)
	// "김민수: 말", "화자 1: 말"
	speakerLabel = regexp.MustCompile(`^([^\s:：,.?!"'()\[\]<>][^:：,.?!"'()\[\]<>]{0,19}?)\s*[:：]\s+(\S.*)$`)
)

// looksLikeSRT: a cue timing line among the first lines of a text named
// .txt (or nothing).
func looksLikeSRT(text string) bool {
	seen := 0
	for _, l := range strings.SplitN(text, "\n", 12) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		seen++
		if cueTiming.MatchString(l) {
			return true
		}
		if seen >= 4 {
			break
		}
	}
	return false
}

// readSubtitles reads SubRip or WebVTT cues: numbers, timings, headers,
// NOTE/STYLE/REGION blocks and markup dropped; speakers kept from <v …>,
// "이름: " labels; dialogue dashes start a new utterance; lines repeated by
// rolling captions (each cue repeating the previous one's last line, or the
// whole cue) kept once.
func readSubtitles(text string, vtt bool) []Utterance {
	lines := strings.Split(text, "\n")
	var cues [][]string
	var starts []string // each cue's start clock, "" for text outside cues
	var cur []string
	at := ""
	inCue := false
	skipBlock := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		if t == "" {
			if inCue {
				cues, starts = append(cues, cur), append(starts, at)
				cur, inCue = nil, false
			}
			skipBlock = false
			continue
		}
		if cueTiming.MatchString(t) {
			if inCue {
				// a timing line without a blank line before it; a number
				// line just before it was its index
				if n := len(cur); n > 0 && cueNumber.MatchString(cur[n-1]) {
					cur = cur[:n-1]
				}
				cues, starts = append(cues, cur), append(starts, at)
			}
			cur, inCue, skipBlock = nil, true, false
			at = clockText(t[:strings.Index(t, "-->")])
			continue
		}
		if skipBlock {
			continue
		}
		if !inCue {
			// outside a cue: the WEBVTT header, NOTE/STYLE/REGION blocks, cue
			// numbers and identifiers (the line before a timing) are dropped
			if vtt && (strings.HasPrefix(t, "WEBVTT") || t == "NOTE" || strings.HasPrefix(t, "NOTE ") ||
				t == "STYLE" || t == "REGION" || strings.HasPrefix(t, "Kind:") || strings.HasPrefix(t, "Language:")) {
				skipBlock = !strings.HasPrefix(t, "Kind:") && !strings.HasPrefix(t, "Language:")
				continue
			}
			if i+1 < len(lines) && cueTiming.MatchString(lines[i+1]) {
				continue
			}
			if cueNumber.MatchString(t) {
				continue
			}
			// text outside any cue (a broken file): keep it as a cue of its own
			cur, inCue, at = nil, true, ""
		}
		cur = append(cur, l)
	}
	if inCue {
		cues, starts = append(cues, cur), append(starts, at)
	}

	var us []Utterance
	var prev []cueLine // the previous cue's cleaned lines
	open := false      // us[len-1] is an unnamed utterance that may continue
	for ci, cue := range cues {
		cleaned := cleanCue(cue)
		fresh := dropRolling(prev, cleaned)
		if len(cleaned) > 0 {
			prev = cleaned
		}
		speaker := ""
		for _, cl := range fresh {
			newTurn := false
			if cl.voice != "" {
				speaker, newTurn = cl.voice, true
			}
			text := cl.text
			if strings.HasPrefix(text, "-") && !strings.HasPrefix(text, "--") {
				text = strings.TrimSpace(text[1:])
				newTurn = true
				if cl.voice == "" {
					speaker = ""
				}
			}
			if m := speakerLabel.FindStringSubmatch(text); m != nil && plausibleName(m[1]) {
				speaker, text, newTurn = strings.TrimSpace(m[1]), m[2], true
			}
			if text == "" {
				continue
			}
			// An unfinished utterance goes on in the next line that names
			// nobody new: a caption cut mid-sentence ("김민수: 오늘 회의를" /
			// "시작하겠습니다") is one utterance, of its speaker.
			if open && !newTurn && (speaker == "" || speaker == us[len(us)-1].Speaker) {
				last := &us[len(us)-1]
				last.Text += " " + text
			} else {
				us = append(us, Utterance{Speaker: speaker, Text: text, At: starts[ci]})
			}
			open = !endsSentence(us[len(us)-1].Text) && utf8.RuneCountInString(us[len(us)-1].Text) < 150
		}
	}
	return us
}

type cueLine struct {
	voice string // from <v …>
	text  string
}

func (c cueLine) key() string { return c.voice + "\x00" + c.text }

// cleanCue strips markup from a cue's lines, keeping WebVTT voices.
func cleanCue(lines []string) []cueLine {
	var out []cueLine
	voice := ""
	for _, l := range lines {
		if m := voiceTag.FindStringSubmatch(l); m != nil {
			voice = strings.TrimSpace(m[1])
		}
		l = voiceTag.ReplaceAllString(l, "")
		l = markupTag.ReplaceAllString(l, "")
		l = assTag.ReplaceAllString(l, "")
		l = html.UnescapeString(l)
		l = strings.Join(strings.Fields(strings.NewReplacer("\u200e", "", "\u200f", "").Replace(l)), " ")
		if l == "" || soundOnly.MatchString(l) {
			continue
		}
		out = append(out, cueLine{voice: voice, text: l})
	}
	return out
}

// dropRolling returns the lines of cur not already shown by prev: the
// longest run of cur's first lines equal to prev's last lines is dropped,
// as YouTube's rolling captions repeat the previous line (up to four
// lines are compared); a whole cue repeated is dropped too.
func dropRolling(prev, cur []cueLine) []cueLine {
	if len(prev) == len(cur) {
		same := true
		for i := range cur {
			if prev[i].key() != cur[i].key() {
				same = false
				break
			}
		}
		if same {
			return nil
		}
	}
	best := 0
	// captions roll by a line or two; looking further back would cost
	// O(lines²) on a cue of thousands of lines
	for k := min(len(prev), len(cur), 4); k > 0; k-- {
		match := true
		for j := 0; j < k; j++ {
			if prev[len(prev)-k+j].key() != cur[j].key() {
				match = false
				break
			}
		}
		if match {
			best = k
			break
		}
	}
	return cur[best:]
}

// plausibleName: a short label of at most three words, not a clock or a
// number, not a URL scheme.
func plausibleName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 20 || len(strings.Fields(s)) > 3 {
		return false
	}
	digits := true
	for _, r := range s {
		if r < '0' || r > '9' {
			digits = false
		}
	}
	low := strings.ToLower(s)
	return !digits && low != "http" && low != "https" && low != "note"
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"'”’)」』")
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '?', '!', '。', '…', '？', '！':
		return true
	}
	return false
}
