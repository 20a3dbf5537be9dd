package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/usererr"
)

// sourceJump shows passage k of a summary point's sources in the
// transcript (k < 0: the point has none).
type sourceJump func(l *grounding.Link, k int)

// sourced renders a title, heading or bullet text in style followed by its
// source marker, the words the transcript does not say underlined in the
// warning colour. Without a link (not linked yet, or no transcript) it is
// the plain text segment, as before sources existed.
func sourced(style widget.RichTextStyle, text string, l *grounding.Link, jump sourceJump) []widget.RichTextSegment {
	if l == nil || jump == nil {
		return []widget.RichTextSegment{&widget.TextSegment{Style: style, Text: text}}
	}
	inline := style
	inline.Inline = true
	var segs []widget.RichTextSegment
	rs := []rune(text)
	at := 0
	for _, f := range l.Flags {
		// the shown text may differ from the linked one ("1. " before a
		// heading, spaces trimmed): find the flagged words in it
		start := runeIndex(rs, []rune(f.Text), at)
		if start < 0 || f.Text == "" {
			continue
		}
		end := start + len([]rune(f.Text))
		if start > at {
			segs = append(segs, &widget.TextSegment{Style: inline, Text: string(rs[at:start])})
		}
		segs = append(segs, &objectSegment{obj: newFlagWord(f.Text, inline), text: f.Text})
		at = end
	}
	if at < len(rs) {
		segs = append(segs, &widget.TextSegment{Style: inline, Text: string(rs[at:])})
	}
	segs = append(segs, &widget.TextSegment{Style: inline, Text: " "}, &objectSegment{obj: newSourceMarker(l, jump, inline)})
	// a block-level end, so what follows starts a new line; in the same
	// style, as RichText realigns a line whose texts differ in size
	end := style
	end.Inline = false
	return append(segs, &widget.TextSegment{Style: end})
}

// sourcedItem is a list item: the bullet's segments in one paragraph.
func sourcedItem(text string, l *grounding.Link, jump sourceJump) widget.RichTextSegment {
	segs := sourced(widget.RichTextStyleParagraph, text, l, jump)
	if len(segs) == 1 {
		return segs[0]
	}
	return &widget.ParagraphSegment{Texts: segs}
}

// titleLink is the title's link, nil when the summary has no sources.
func titleLink(s summary.Summary) *grounding.Link {
	if s.Sources == nil {
		return nil
	}
	return s.Sources.Title
}

// markerText is a link's short reference: the clock where the transcript
// has one, else the line ("12행", "line 12"); "근거 없음" for none.
func markerText(l *grounding.Link) string {
	if len(l.Sources) == 0 {
		return lang.L("no source")
	}
	s := l.Sources[0]
	if s.At != "" {
		return s.At
	}
	return lang.L("line {{.Line}}", map[string]any{"Line": s.FirstLine})
}

// markerTip is what hovering a marker says: every source, and how to go.
func markerTip(l *grounding.Link) string {
	if len(l.Sources) == 0 {
		return lang.L("No passage of the transcript supports this point.")
	}
	tip := ""
	for i, s := range l.Sources {
		if i > 0 {
			tip += "\n"
		}
		tip += strconv.Itoa(i+1) + ". " + s.LabelIn(isKoreanUI()) + " (" + strconv.FormatFloat(s.Score, 'f', 2, 64) + ")"
	}
	return tip + "\n" + lang.L("Click or press Enter to show it in the transcript; again for the next.")
}

// isKoreanUI: the UI speaks Korean (references read "12행").
func isKoreanUI() bool { return usererr.IsKorean(langChosen) }

// objectSegment puts a widget inline in a RichText (a marker, a flagged
// word); text is what it reads as in the RichText's text.
type objectSegment struct {
	obj  fyne.CanvasObject
	text string
}

func (o *objectSegment) Inline() bool              { return true }
func (o *objectSegment) Textual() string           { return o.text }
func (o *objectSegment) Visual() fyne.CanvasObject { return o.obj }
func (o *objectSegment) Update(fyne.CanvasObject)  {}
func (o *objectSegment) Select(_, _ fyne.Position) {}
func (o *objectSegment) SelectedText() string      { return "" }
func (o *objectSegment) Unselect()                 {}

// tooltip is a small pop-up under a widget while the pointer is on it;
// Fyne has no tooltips of its own.
type tooltip struct{ pop *widget.PopUp }

func (t *tooltip) show(obj fyne.CanvasObject, text string) {
	t.hide()
	c := fyne.CurrentApp().Driver().CanvasForObject(obj)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	t.pop = widget.NewPopUp(widget.NewLabel(text), c)
	t.pop.ShowAtPosition(pos.Add(fyne.NewPos(0, obj.Size().Height+2)))
}

func (t *tooltip) hide() {
	if t.pop != nil {
		t.pop.Hide()
		t.pop = nil
	}
}

// sourceMarker is the small reference after a summary point ("12행",
// "00:12:31"): clicking it, or Enter or Space when it has the keyboard
// focus (Tab), shows the point's best passage in the transcript, and again
// the next one; hovering lists them all.
type sourceMarker struct {
	widget.BaseWidget
	style   widget.RichTextStyle // of the text it follows, to share its line
	link    *grounding.Link
	jump    sourceJump
	next    int // the source the next activation shows
	focused bool
	tip     tooltip
}

func newSourceMarker(l *grounding.Link, jump sourceJump, style widget.RichTextStyle) *sourceMarker {
	m := &sourceMarker{link: l, jump: jump, style: style}
	m.ExtendBaseWidget(m)
	return m
}

// activate shows the next source in turn.
func (m *sourceMarker) activate() {
	if len(m.link.Sources) == 0 {
		m.jump(m.link, -1)
		return
	}
	k := m.next % len(m.link.Sources)
	m.next = k + 1
	m.jump(m.link, k)
}

func (m *sourceMarker) Tapped(*fyne.PointEvent) { m.activate() }

func (m *sourceMarker) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		m.activate()
	}
}

func (m *sourceMarker) TypedRune(rune)         {}
func (m *sourceMarker) FocusGained()           { m.focused = true; m.Refresh() }
func (m *sourceMarker) FocusLost()             { m.focused = false; m.Refresh() }
func (m *sourceMarker) Cursor() desktop.Cursor { return desktop.PointerCursor }
func (m *sourceMarker) MouseIn(*desktop.MouseEvent) {
	m.tip.show(m, markerTip(m.link))
}
func (m *sourceMarker) MouseMoved(*desktop.MouseEvent) {}
func (m *sourceMarker) MouseOut()                      { m.tip.hide() }

func (m *sourceMarker) CreateRenderer() fyne.WidgetRenderer {
	th := m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	color := theme.ColorNamePrimary
	if len(m.link.Sources) == 0 {
		color = theme.ColorNameWarning
	}
	text := canvas.NewText("["+markerText(m.link)+"]", th.Color(color, v))
	text.TextSize = th.Size(theme.SizeNameCaptionText)
	focus := canvas.NewRectangle(th.Color(theme.ColorNameFocus, v))
	focus.Hide()
	return &markerRenderer{m: m, text: text, focus: focus, color: color}
}

// lineMetrics is the size and baseline of text in style: an inline widget
// as tall as the text beside it keeps RichText from realigning the line
// (it aligns baselines, and a widget has none).
func lineMetrics(text string, style widget.RichTextStyle, th fyne.Theme) (fyne.Size, float32) {
	size := style.SizeName
	if size == "" {
		size = theme.SizeNameText
	}
	return fyne.CurrentApp().Driver().RenderedTextSize(text, th.Size(size), style.TextStyle, nil)
}

type markerRenderer struct {
	m     *sourceMarker
	text  *canvas.Text
	focus *canvas.Rectangle
	color fyne.ThemeColorName
}

func (r *markerRenderer) Layout(s fyne.Size) {
	_, base := lineMetrics("가", r.m.style, r.m.Theme())
	ts, tbase := fyne.CurrentApp().Driver().RenderedTextSize(r.text.Text, r.text.TextSize, r.text.TextStyle, nil)
	r.text.Resize(ts)
	r.text.Move(fyne.NewPos(theme.Padding()/2, base-tbase))
	r.focus.Move(fyne.NewPos(0, base-tbase))
	r.focus.Resize(fyne.NewSize(s.Width, ts.Height))
}

func (r *markerRenderer) MinSize() fyne.Size {
	line, _ := lineMetrics("가", r.m.style, r.m.Theme())
	return fyne.NewSize(r.text.MinSize().Width+theme.Padding(), line.Height)
}

func (r *markerRenderer) Refresh() {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	th := r.m.Theme()
	r.text.Color = th.Color(r.color, v)
	r.focus.FillColor = th.Color(theme.ColorNameFocus, v)
	r.focus.Hidden = !r.m.focused
	r.text.Refresh()
	r.focus.Refresh()
}

func (r *markerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.focus, r.text} }

// Destroy hides a tooltip left open by a marker the summary redrew away.
func (r *markerRenderer) Destroy() { r.m.tip.hide() }

// flagWord is a word of a summary point the transcript does not say:
// drawn in the warning colour over an underline of the same colour, with
// the tooltip "전사문에 없는 표현". (Fyne's text style has an Underline
// flag, but only its TextGrid draws it, so the line is drawn here.)
type flagWord struct {
	widget.BaseWidget
	word  string
	style widget.RichTextStyle
	tip   tooltip
}

func newFlagWord(word string, style widget.RichTextStyle) *flagWord {
	f := &flagWord{word: word, style: style}
	f.ExtendBaseWidget(f)
	return f
}

func (f *flagWord) MouseIn(*desktop.MouseEvent) {
	f.tip.show(f, lang.L("Not in the transcript"))
}
func (f *flagWord) MouseMoved(*desktop.MouseEvent) {}
func (f *flagWord) MouseOut()                      { f.tip.hide() }

func (f *flagWord) CreateRenderer() fyne.WidgetRenderer {
	th := f.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	text := canvas.NewText(f.word, th.Color(theme.ColorNameWarning, v))
	size := f.style.SizeName
	if size == "" {
		size = theme.SizeNameText
	}
	text.TextSize = th.Size(size)
	text.TextStyle = f.style.TextStyle
	line := canvas.NewRectangle(th.Color(theme.ColorNameWarning, v))
	return &flagRenderer{f: f, text: text, line: line}
}

type flagRenderer struct {
	f    *flagWord
	text *canvas.Text
	line *canvas.Rectangle
}

func (r *flagRenderer) Layout(fyne.Size) {
	ts, base := lineMetrics(r.f.word, r.f.style, r.f.Theme())
	r.text.Move(fyne.NewPos(0, 0))
	r.text.Resize(ts)
	r.line.Move(fyne.NewPos(0, min(base+3, ts.Height-1.5)))
	r.line.Resize(fyne.NewSize(ts.Width, 1.5))
}

func (r *flagRenderer) MinSize() fyne.Size {
	ts, _ := lineMetrics(r.f.word, r.f.style, r.f.Theme())
	return ts
}

func (r *flagRenderer) Refresh() {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	c := r.f.Theme().Color(theme.ColorNameWarning, v)
	r.text.Color, r.line.FillColor = c, c
	r.text.Refresh()
	r.line.Refresh()
}

func (r *flagRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.line, r.text} }
func (r *flagRenderer) Destroy()                     { r.f.tip.hide() }

// runeIndex is the index of sub in rs at or after from, or -1.
func runeIndex(rs, sub []rune, from int) int {
	for i := from; i+len(sub) <= len(rs); i++ {
		if string(rs[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}
