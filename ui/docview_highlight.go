package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newDocRow is one row of the viewer: its text over a highlight drawn when
// the row belongs to the passage a summary point cites.
func newDocRow() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameSelection))
	bg.Hide()
	return container.NewStack(bg, widget.NewLabel(""))
}

func (v *docView) updateRow(i int, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	bg, label := c.Objects[0].(*canvas.Rectangle), c.Objects[1].(*widget.Label)
	label.SetText(v.rows[i])
	on := i >= v.hlFrom && i < v.hlTo
	if on != bg.Visible() {
		if on {
			bg.FillColor = theme.Color(theme.ColorNameSelection)
			bg.Show()
		} else {
			bg.Hide()
		}
	}
}

// lineRows is the rows [from, to) of lines first..last (1-based), or an
// empty range when they are not in the text.
func (v *docView) lineRows(first, last int) (int, int) {
	if first < 1 || last < first || first > len(v.first) {
		return 0, 0
	}
	to := len(v.rows)
	if last < len(v.first) {
		to = v.first[last]
	}
	return v.first[first-1], to
}

// Highlight marks lines first..last (1-based) and scrolls them into view,
// a little below the top so the lines before give context; 0, 0 clears.
func (v *docView) Highlight(first, last int) {
	v.hlLines = [2]int{first, last}
	v.hlFrom, v.hlTo = v.lineRows(first, last)
	if v.hlTo > v.hlFrom {
		v.list.ScrollTo(max(v.hlFrom-2, 0))
	}
	v.list.Refresh()
}

// Highlighted is the rows highlighted, [from, to).
func (v *docView) Highlighted() (int, int) { return v.hlFrom, v.hlTo }
