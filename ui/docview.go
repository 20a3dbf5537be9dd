package ui

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// docView shows a long transcript read-only and cheaply: the text is wrapped
// into rows once per width (a measure of each distinct rune, cached), and a
// virtualized list draws only the rows on screen. A 100,000-character
// Korean transcript in an Entry costs seconds per change; here scrolling and
// resizing stay smooth.
type docView struct {
	widget.BaseWidget
	lines []string // the text's lines
	rows  []string // lines wrapped to width
	width float32
	list  *docList
	runeW map[rune]float32

	first []int // first[i]: the row where line i starts
	// hlFrom, hlTo: the rows highlighted (a summary point's source),
	// [hlFrom, hlTo); equal when none
	hlFrom, hlTo int
	hlLines      [2]int // the 1-based lines highlighted, kept across rewraps
}

func newDocView() *docView {
	v := &docView{runeW: map[rune]float32{}}
	l := &docList{}
	l.Length = func() int { return len(v.rows) }
	l.CreateItem = newDocRow
	l.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(v.rows) {
			v.updateRow(i, o)
		}
	}
	// Rows are text, not choices: a click must not leave one highlighted.
	l.OnSelected = func(widget.ListItemID) { l.UnselectAll() }
	l.HideSeparators = true
	l.ExtendBaseWidget(l)
	v.list = l
	v.ExtendBaseWidget(v)
	return v
}

// docList is the viewer's list. A click gives it the keyboard focus, and a
// focused widget gets every key before the window does: so it passes Esc on
// (to stop a run) like the editor does.
type docList struct {
	widget.List
	onStop func()
}

// TypedKey stops a run on Esc; other keys scroll.
func (l *docList) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		if l.onStop != nil {
			l.onStop()
		}
		return
	}
	l.List.TypedKey(k)
}

// SetText replaces the text shown.
func (v *docView) SetText(text string) {
	v.lines = strings.Split(text, "\n")
	if text == "" {
		v.lines = nil
	}
	v.hlLines = [2]int{}
	v.rewrap()
	v.list.ScrollToTop()
}

// Text returns the text shown.
func (v *docView) Text() string { return strings.Join(v.lines, "\n") }

// Rows is how many rows the text wraps to at the current width.
func (v *docView) Rows() int { return len(v.rows) }

func (v *docView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.list) }

// Resize wraps the text again when the width changed.
func (v *docView) Resize(s fyne.Size) {
	changed := s.Width != v.width
	v.width = s.Width
	v.BaseWidget.Resize(s)
	if changed {
		v.rewrap()
	}
}

// textWidth is the room for text in a row: the list's width less the
// label's padding and the scroll bar.
func (v *docView) textWidth() float32 {
	w := v.width - 2*theme.InnerPadding() - theme.ScrollBarSize() - theme.Padding()
	if w < 100 {
		w = 100
	}
	return w
}

func (v *docView) rewrap() {
	max := v.textWidth()
	rows := make([]string, 0, len(v.lines))
	first := make([]int, len(v.lines))
	for i, l := range v.lines {
		first[i] = len(rows)
		rows = append(rows, wrapLine(l, max, v.measure)...)
	}
	v.rows, v.first = rows, first
	v.hlFrom, v.hlTo = v.lineRows(v.hlLines[0], v.hlLines[1])
	v.list.Refresh()
}

func (v *docView) measure(r rune) float32 {
	if w, ok := v.runeW[r]; ok {
		return w
	}
	w := fyne.MeasureText(string(r), theme.TextSize(), fyne.TextStyle{}).Width
	v.runeW[r] = w
	return w
}

// wrapLine breaks line into rows no wider than max: after a space where it
// can, inside a word only when the word alone is too wide. An empty line
// stays one empty row, so paragraphs keep their gaps.
func wrapLine(line string, max float32, width func(rune) float32) []string {
	if line == "" {
		return []string{""}
	}
	var rows []string
	start := 0      // byte offset of the current row
	lastBreak := -1 // byte offset just after the last space in the row
	var w float32   // width of the current row
	var sinceBreak float32
	for i, r := range line {
		rw := width(r)
		// A space may hang past the edge (it is trimmed); anything else wraps:
		// at the last space when there is one, else inside the word.
		if w+rw > max && i > start && !unicode.IsSpace(r) {
			if lastBreak > start {
				rows = append(rows, strings.TrimRightFunc(line[start:lastBreak], unicode.IsSpace))
				start, w = lastBreak, sinceBreak
				lastBreak = -1
			}
			if w+rw > max && i > start {
				rows = append(rows, line[start:i])
				start, w = i, 0
			}
			sinceBreak = w
		}
		w += rw
		sinceBreak += rw
		if unicode.IsSpace(r) {
			lastBreak = i + utf8.RuneLen(r)
			sinceBreak = 0
		}
	}
	rows = append(rows, line[start:])
	return rows
}
