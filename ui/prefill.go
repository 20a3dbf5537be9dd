package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/transcript"
)

// Reading ahead ("미리 읽기"): once an opened, dropped, pasted or typed
// transcript has been still for prefillDelay, the window asks the service to
// read its prompt into the model's cache in the background, so that when 요약
// is pressed most of it is read. Any change, a run, closing the transcript
// or the window stops it at once (the service stops it too when a run
// starts). The line under the transcript shows how much is read.

// prefillDelay: the text must be this still before reading starts, so
// typing never starts (and stops) a read per keystroke.
const prefillDelay = 1500 * time.Millisecond

// readAhead is the service's Prefill; scripted test services may lack it.
type readAhead interface {
	Prefill(ctx context.Context, doc transcript.Document, opts app.Options, on func(app.PrefillProgress)) error
}

// prefillState is the input pane's reading ahead.
type prefillState struct {
	seq    int
	timer  *time.Timer
	cancel context.CancelFunc
	base   string // the plan line the progress follows
	status string // "미리 읽음 1,234/5,000 토큰", "" when none
}

// setInfo writes the line under the transcript: the plan, then how much is
// read ahead.
func (in *input) setInfo(line string) {
	in.pre.base = line
	in.showPrefill()
}

func (in *input) showPrefill() {
	if in.pre.status == "" {
		in.info.SetText(in.pre.base)
		return
	}
	in.info.SetText(in.pre.base + " · " + in.pre.status)
}

// schedulePrefill stops any reading ahead and starts it again once the text
// has been still for prefillDelay.
func (in *input) schedulePrefill() {
	in.stopPrefill()
	seq := in.pre.seq
	w := in.w
	in.pre.timer = time.AfterFunc(prefillDelay, func() {
		w.br.Post("prefill-start", func() {
			if seq == in.pre.seq {
				in.startPrefill()
			}
		})
	})
}

// stopPrefill stops reading ahead now and forgets its progress.
func (in *input) stopPrefill() {
	in.pre.seq++
	if in.pre.timer != nil {
		in.pre.timer.Stop()
	}
	if in.pre.cancel != nil {
		in.pre.cancel()
		in.pre.cancel = nil
	}
	if in.pre.status != "" {
		in.pre.status = ""
		in.showPrefill()
	}
}

// startPrefill reads the transcript ahead in the background, unless a run
// is going, the setting is off (or automatic on battery), or nothing can be
// read yet (no text, no model).
func (in *input) startPrefill() {
	w := in.w
	ra, ok := w.d.svc.(readAhead)
	if !ok || w.running || w.closing || w.set.Prefill == app.PrefillOff {
		return
	}
	doc, err := in.document()
	if err != nil || doc.Text == "" {
		return
	}
	if _, err := w.d.svc.ResolveModel(w.set.Model); err != nil {
		return
	}
	ctx, cancel := context.WithCancel(w.life)
	in.pre.cancel = cancel
	seq := in.pre.seq
	opts := w.options()
	w.background(func() {
		defer cancel()
		if !opts.Settings.PrefillEnabled(app.OnBattery()) {
			return
		}
		ra.Prefill(ctx, doc, opts, func(p app.PrefillProgress) {
			status := lang.L("read ahead {{.Done}}/{{.Total}} tokens",
				map[string]any{"Done": groupDigits(p.Done), "Total": groupDigits(p.Total)})
			w.br.Post("prefill", func() {
				if seq == in.pre.seq {
					in.pre.status = status
					in.showPrefill()
				}
			})
		})
	})
}

// newPrefillSelect offers the 미리 읽기 modes, in app.PrefillMode order.
func newPrefillSelect(m app.PrefillMode) *widget.Select {
	s := widget.NewSelect([]string{
		lang.L("Automatic (not on battery)"), lang.L("On"), lang.L("Off"),
	}, nil)
	s.SetSelectedIndex(int(m))
	return s
}
