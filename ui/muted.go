package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// mutedLabel is a one-line secondary text (counts, sources, dates) in the
// theme's placeholder colour, cut with an ellipsis when narrow. A Label of
// LowImportance uses the disabled colour, which reads as greyed out and is
// too faint on a light background.
type mutedLabel struct {
	widget.RichText
	Text string // what SetText last set
}

func newMutedLabel(text string) *mutedLabel {
	l := &mutedLabel{}
	l.Scroll = container.ScrollNone // a RichText's zero value scrolls both ways
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	l.SetText(text)
	return l
}

// SetText replaces the text.
func (l *mutedLabel) SetText(text string) {
	l.Text = text
	l.Segments = []widget.RichTextSegment{&widget.TextSegment{
		Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true},
		Text:  text,
	}}
	l.Refresh()
}
