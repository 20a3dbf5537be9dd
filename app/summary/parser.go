package summary

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ChangeKind says which part of a Summary a Change concerns.
type ChangeKind int

// Kinds of change a Feed reports.
const (
	// TitleChanged: Summary.Title was set or grew.
	TitleChanged ChangeKind = iota + 1
	// PreambleChanged: Summary.Preamble changed.
	PreambleChanged
	// SectionChanged: section Change.Section was added or changed as a whole
	// (heading, or a provisional bullet withdrawn): redraw the section.
	SectionChanged
	// BulletChanged: bullet Change.Bullet of section Change.Section was
	// added or its text grew.
	BulletChanged
)

// Change is one part of the summary that a Feed or Close altered, so a
// window can redraw only that part; re-reading Summary() is always correct
// too.
type Change struct {
	Kind    ChangeKind
	Section int  // index into Summary.Sections (SectionChanged, BulletChanged)
	Bullet  int  // index into the section's Bullets (BulletChanged)
	Final   bool // false while the line is still being written (provisional)
}

// Parser turns the model's answer into a Summary as the text streams in.
// Pieces may be split anywhere, even inside a line or a character: complete
// lines are parsed once, and the unfinished last line is shown
// provisionally by Summary until the next newline or Close. The result after
// Close depends only on the concatenated text, never on how it was split.
//
// The zero value is ready to use. A Parser is not safe for concurrent use.
type Parser struct {
	raw     strings.Builder
	partial []byte // bytes after the last '\n'
	st      state
	prov    placement // where the partial line shows, kind pNone when none
}

// state is the committed structure: every complete line applied.
type state struct {
	title        string
	titleSet     bool
	titlePending bool // "제목:" with nothing after it: the next text line is the title
	sections     []Section
	preamble     []string
}

// Feed adds the next piece of the answer and reports what changed. Its cost
// is the length of piece plus that of the unfinished line.
func (p *Parser) Feed(piece string) []Change {
	if piece == "" {
		return nil
	}
	p.raw.WriteString(piece)
	var changes []Change
	old := p.prov
	if old.kind != pNone {
		changes = append(changes, old.change(false))
	}
	p.partial = append(p.partial, piece...)
	start := 0
	if i := strings.IndexByte(piece, '\n'); i >= 0 {
		for {
			j := bytes.IndexByte(p.partial[start:], '\n')
			if j < 0 {
				break
			}
			line := string(p.partial[start : start+j])
			start += j + 1
			pl := p.st.place(line)
			if pl.kind != pNone {
				changes = append(changes, p.st.commit(pl)...)
			}
		}
		n := copy(p.partial, p.partial[start:])
		p.partial = p.partial[:n]
	}
	p.prov = p.provisional()
	if p.prov.kind != pNone {
		changes = append(changes, p.prov.change(false))
	}
	return dedupe(changes)
}

// Close parses the unfinished last line as complete; call it when the
// stream ends. Feeding after Close continues on a new line.
func (p *Parser) Close() []Change {
	p.prov = placement{}
	if len(p.partial) == 0 {
		return nil
	}
	line := string(p.partial)
	p.partial = p.partial[:0]
	pl := p.st.place(line)
	if pl.kind == pNone {
		return nil
	}
	return p.st.commit(pl)
}

// Summary returns a copy of the summary so far, including the provisional
// last line.
func (p *Parser) Summary() Summary {
	st := p.st.clone()
	if p.prov.kind != pNone {
		st.commit(p.prov)
	}
	return Summary{
		Title:    st.title,
		Sections: st.sections,
		Preamble: strings.Join(st.preamble, "\n"),
		Raw:      p.raw.String(),
	}
}

// Writing reports whether Summary shows a line still being written (the
// last one, provisionally); a Linker leaves that line unlinked until it is
// complete.
func (p *Parser) Writing() bool { return p.prov.kind != pNone }

// Raw returns every piece fed so far, verbatim.
func (p *Parser) Raw() string { return p.raw.String() }

// provisional places the unfinished line, or nothing. The line is left
// out while it is only the start of what could be a marker (a lone "1" or
// "-"), so a window does not flash a bullet that becomes a heading.
func (p *Parser) provisional() placement {
	if len(p.partial) == 0 {
		return placement{}
	}
	b := p.partial
	// Hold back a trailing incomplete UTF-8 sequence.
	for k := 1; k <= 3 && k <= len(b); k++ {
		if utf8.RuneStart(b[len(b)-k]) {
			if !utf8.FullRune(b[len(b)-k:]) {
				b = b[:len(b)-k]
			}
			break
		}
	}
	line := string(b)
	if t := strings.TrimSpace(line); t == "" || isMarkerPrefix(t) {
		return placement{}
	}
	return p.st.place(line)
}

// isMarkerPrefix: a line so short it may yet become a number, bullet or
// title marker.
func isMarkerPrefix(t string) bool {
	if utf8.RuneCountInString(t) > 3 {
		return false
	}
	for _, r := range t {
		if !(unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == ' ' || r == '제' || r == '목') {
			return false
		}
	}
	return true
}

func dedupe(cs []Change) []Change {
	out := cs[:0]
	for _, c := range cs {
		dup := false
		for i, o := range out {
			if o.Kind == c.Kind && o.Section == c.Section && o.Bullet == c.Bullet {
				out[i].Final = o.Final || c.Final
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

type placeKind int

const (
	pNone placeKind = iota
	pTitle
	pTitlePending
	pPreamble
	pSection
	pBullet
)

// placement is where one line goes: computed without changing the state,
// so the provisional line can be placed and withdrawn cheaply.
type placement struct {
	kind     placeKind
	number   int
	text     string
	section  int  // section index for pSection (the new one) and pBullet
	bullet   int  // bullet index for pBullet
	implicit bool // pBullet: a section without heading must be opened first
}

func (pl placement) change(final bool) Change {
	switch pl.kind {
	case pTitle, pTitlePending:
		return Change{Kind: TitleChanged, Final: final}
	case pPreamble:
		return Change{Kind: PreambleChanged, Final: final}
	case pSection:
		return Change{Kind: SectionChanged, Section: pl.section, Final: final}
	case pBullet:
		if pl.implicit {
			return Change{Kind: SectionChanged, Section: pl.section, Final: final}
		}
		return Change{Kind: BulletChanged, Section: pl.section, Bullet: pl.bullet, Final: final}
	}
	return Change{}
}

func (st *state) clone() state {
	c := *st
	c.preamble = append([]string(nil), st.preamble...)
	c.sections = Summary{Sections: st.sections}.Clone().Sections
	return c
}

// commit applies pl and reports the change.
func (st *state) commit(pl placement) []Change {
	switch pl.kind {
	case pTitle:
		st.title, st.titleSet, st.titlePending = pl.text, true, false
	case pTitlePending:
		st.titlePending = true
	case pPreamble:
		st.preamble = append(st.preamble, pl.text)
	case pSection:
		st.sections = append(st.sections, Section{Number: pl.number, Heading: pl.text})
		st.titlePending = false
	case pBullet:
		if pl.implicit {
			st.sections = append(st.sections, Section{})
		}
		s := &st.sections[len(st.sections)-1]
		s.Bullets = append(s.Bullets, pl.text)
		st.titlePending = false
	default:
		return nil
	}
	if pl.kind == pBullet && pl.implicit {
		return []Change{{Kind: SectionChanged, Section: pl.section, Final: true},
			{Kind: BulletChanged, Section: pl.section, Bullet: 0, Final: true}}
	}
	return []Change{pl.change(true)}
}

// place decides where line goes given the committed state.
func (st *state) place(line string) placement {
	line = strings.TrimRight(line, " \t\r\v\f\u00a0\u3000")
	trimmed := strings.TrimLeft(line, " \t\u00a0\u3000")
	if trimmed == "" || isRule(trimmed) {
		return placement{}
	}
	indent := indentWidth(line[:len(line)-len(trimmed)])
	noSection := len(st.sections) == 0

	hashes := 0
	for hashes < len(trimmed) && trimmed[hashes] == '#' {
		hashes++
	}
	body := trimmed
	if hashes > 0 && hashes <= 6 && (hashes == len(trimmed) || trimmed[hashes] == ' ') {
		body = strings.TrimSpace(trimmed[hashes:])
	} else {
		hashes = 0
	}

	if t, ok := titleLine(body); ok {
		if !st.titleSet && noSection {
			if t == "" {
				return placement{kind: pTitlePending}
			}
			return placement{kind: pTitle, text: t}
		}
	}
	if n, rest, ok := numbered(body); ok && (indent < 2 || noSection || hashes > 0) {
		return placement{kind: pSection, number: n, text: cleanHeading(rest), section: len(st.sections)}
	}
	if hashes == 1 && !st.titleSet && noSection {
		return placement{kind: pTitle, text: cleanHeading(body)}
	}
	if hashes > 0 || (isBold(body) && (st.titleSet || !noSection)) {
		return placement{kind: pSection, text: cleanHeading(body), section: len(st.sections)}
	}
	if b, ok := bullet(body); ok {
		return st.bulletAt(b)
	}
	if st.titlePending && noSection {
		return placement{kind: pTitle, text: cleanHeading(body)}
	}
	if noSection {
		return placement{kind: pPreamble, text: body}
	}
	return st.bulletAt(body)
}

func (st *state) bulletAt(text string) placement {
	if len(st.sections) == 0 {
		return placement{kind: pBullet, text: text, section: 0, bullet: 0, implicit: true}
	}
	i := len(st.sections) - 1
	return placement{kind: pBullet, text: text, section: i, bullet: len(st.sections[i].Bullets)}
}

func indentWidth(ws string) int {
	n := 0
	for _, r := range ws {
		if r == '\t' {
			n += 4
		} else {
			n++
		}
	}
	return n
}

// isRule: a Markdown horizontal rule or an underline ("---", "***", "===").
func isRule(t string) bool {
	if len(t) < 3 {
		return false
	}
	c := t[0]
	if c != '-' && c != '*' && c != '_' && c != '=' {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != c && t[i] != ' ' {
			return false
		}
	}
	return true
}

// titleLine recognizes "제목: …", "제목 : …", "제목 - …", "**제목:** …",
// "Title: …" and returns the title text.
func titleLine(body string) (string, bool) {
	s := strings.TrimLeft(body, "*_ ")
	var rest string
	switch {
	case strings.HasPrefix(s, "제목"):
		rest = s[len("제목"):]
	case len(s) >= 5 && strings.EqualFold(s[:5], "title"):
		rest = s[5:]
	default:
		return "", false
	}
	rest = strings.TrimLeft(rest, "*_ \t")
	switch {
	case strings.HasPrefix(rest, ":"):
		rest = rest[1:]
	case strings.HasPrefix(rest, "："):
		rest = rest[len("："):]
	case strings.HasPrefix(rest, "-"):
		rest = rest[1:]
	case strings.HasPrefix(rest, "–"), strings.HasPrefix(rest, "—"):
		rest = rest[len("–"):]
	default:
		return "", false
	}
	return cleanHeading(rest), true
}

// numbered recognizes "1. …", "1) …", "1 . …", "(1) …", "① …" and returns
// the number and the rest. "1.5%" is not a number heading.
func numbered(body string) (int, string, bool) {
	s := strings.TrimLeft(body, "*_")
	if r, size := utf8.DecodeRuneInString(s); r >= '①' && r <= '⑳' {
		return int(r-'①') + 1, strings.TrimSpace(s[size:]), true
	}
	paren := false
	if strings.HasPrefix(s, "(") {
		paren = true
		s = s[1:]
	}
	i, n := 0, 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	if i == 0 || (i < len(s) && s[i] >= '0' && s[i] <= '9') {
		return 0, "", false
	}
	s = strings.TrimLeft(s[i:], " ")
	if s == "" {
		return 0, "", false
	}
	if paren {
		if s[0] != ')' {
			return 0, "", false
		}
	} else if s[0] != '.' && s[0] != ')' {
		return 0, "", false
	}
	s = s[1:]
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		return 0, "", false
	}
	return n, strings.TrimSpace(s), true
}

// bullet recognizes a bullet marker and returns the text after it. "-" and
// "*" need a space after them ("-5%" is a number, "*강조*" emphasis).
func bullet(body string) (string, bool) {
	r, size := utf8.DecodeRuneInString(body)
	switch r {
	case '-', '*', '+':
		if len(body) > 1 && body[1] != ' ' && body[1] != '\t' {
			return "", false
		}
	case '•', '·', '‧', '∙', '●', '○', '◦', '▪', '■', '□', '◆', '◇', '▶', '►', 'ㆍ', '–', '—':
	default:
		return "", false
	}
	return strings.TrimSpace(body[size:]), true
}

func isBold(s string) bool {
	return len(s) > 4 && strings.HasPrefix(s, "**") && strings.HasSuffix(s, "**") &&
		!strings.Contains(s[2:len(s)-2], "**")
}

// cleanHeading drops Markdown emphasis around a heading and a trailing colon.
func cleanHeading(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "**"), "**"))
		if len(t) == len(s) {
			break
		}
		s = t
	}
	s = strings.TrimSpace(strings.TrimRight(s, ":："))
	return s
}
