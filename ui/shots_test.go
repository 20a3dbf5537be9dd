package ui

import (
	"fmt"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/models/gguf"
)

// variantTheme pins the theme's light or dark variant (the test app has no
// system to follow).
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// TestScreenshots renders the window's main states into PNGs for a person
// to look at: YOYAK_UI_SHOTS=dir (skipped without it), in the language of
// YOYAK_UI_SHOTS_LANG (ko or en; Fyne's translations are process-wide, so
// one language a run), light and dark, wide and narrow. It checks nothing
// a picture would not show better.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("YOYAK_UI_SHOTS")
	if dir == "" {
		t.Skip("set YOYAK_UI_SHOTS=dir to render screenshots")
	}
	l := os.Getenv("YOYAK_UI_SHOTS_LANG")
	if l == "" {
		l = "ko"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("김민수: 오늘 회의에서는 내년 예산 편성과 일정, 인력 배치를 차례로 논의하겠습니다.\n"+
		"이지은: 예산은 전년 대비 5% 늘리는 안을 준비했습니다. Q3 목표는 120%입니다.\n", 6)
	long := append([]string{}, answer...)
	long = append(long, "- 담당자별 일정표를 공유하고, 인력 배치안은 다음 회의에서 확정하기로 했다. 세부 항목은 재무팀과 협의한다.\n",
		"3. 인력 배치\n", "- 신규 채용 두 명을 하반기에 진행한다.\n", "- 교육 일정은 9월로 잡는다.\n")
	sum := summary.Parse(strings.Join(long, ""))

	for _, size := range []fyne.Size{{Width: 1100, Height: 720}, {Width: 800, Height: 600}} {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			vn := "light"
			if v == theme.VariantDark {
				vn = "dark"
			}
			shot := func(w *window, what string) {
				t.Helper()
				path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s-%.0f.png", what, l, vn, size.Width))
				f, err := os.Create(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
					t.Fatal(err)
				}
			}
			setup := func(pr fyne.Preferences) { pr.SetString(app.PrefLanguage, l) }
			open := func(d deps) (*window, *pump) {
				w, p := newTestWindow(t, d, setup)
				fyne.CurrentApp().Settings().SetTheme(variantTheme{newTheme(), v})
				w.win.Resize(size)
				return w, p
			}

			// A finished run: transcript left, structured summary right.
			s := newScripted(long...)
			h := &memHistory{entries: []history.Entry{
				{ID: "b", Created: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Source: "예산 회의록.txt", Chars: 1234, Summary: sum},
				{ID: "a", Created: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), Source: "", Chars: 310, Summary: summary.Summary{Preamble: "짧은 글"}},
			}}
			w, p := open(deps{svc: s, history: h})
			w.in.setDocument(docOf("예산 회의록.txt", text))
			p.until(t, "the plan", func() bool { return strings.Contains(w.in.info.Text, "·") && !strings.Contains(w.in.info.Text, "…") })
			w.startRun()
			for range len(long) / 2 {
				s.step()
			}
			p.until(t, "half the answer", func() bool { return len(w.out.view.Segments) > 4 })
			w.lastProg = app.Progress{Phase: app.PhaseGenerating, Pass: app.PassWhole, Done: 42, Total: 1024}
			w.started = time.Now().Add(-75 * time.Second)
			w.genStart = time.Now().Add(-6 * time.Second)
			w.updateStatus()
			shot(w, "streaming")
			for range len(long) - len(long)/2 + 1 {
				s.step()
			}
			p.until(t, "the end", func() bool { return !w.running })
			w.out.showNotes(app.Stats{TokenLimit: true}.Notes(l))
			shot(w, "done")

			// Reading the transcript, with the progress bar.
			w.running = true
			w.lastProg = app.Progress{Phase: app.PhaseReadingPrompt, Pass: app.PassPart, Part: 2, Parts: 3, Done: 410, Total: 1000}
			w.updateStatus()
			shot(w, "reading")
			w.running = false

			hd := w.openHistory()
			p.until(t, "history", func() bool { return hd.loaded })
			shot(w, "history")
			hd.d.Hide()
			w.showSettings()
			shot(w, "settings")
			w.win.Canvas().Overlays().Top().Hide()
			w.confirmModel("/models/tiny.gguf", app.ModelFile{Path: "/models/gemma-summary-v01-q4_k_m.gguf", Name: "gemma-summary-v01",
				Architecture: "gemma", Quantization: "Q4_K_M", ContextLength: 8192, Size: 1_630_000_000}, nil)
			shot(w, "model-info")
			w.win.Canvas().Overlays().Top().Hide()
			w.showModelError("/models/notes.gguf", fmt.Errorf("inspect: %w", gguf.ErrNotGGUF))
			shot(w, "model-error")

			w.win.Canvas().Overlays().Top().Hide()
			w.showAbout()
			shot(w, "about")
			w.win.Canvas().Overlays().Top().Hide()

			// A split run: the part being summarized, muted, before the answer.
			w.running = true
			w.lastProg = app.Progress{Phase: app.PhaseGenerating, Pass: app.PassPart, Part: 2, Parts: 3, Done: 30}
			w.out.showPartial(w.lastProg, "- 1분기 매출은 목표를 넘었다.\n- 2분기에는 신규 채용을 시작한다.")
			w.updateStatus()
			shot(w, "partial")
			w.running = false

			// No model: the first-run panel beside the transcript.
			s2 := newScripted()
			s2.resolveErr = app.ErrNoModel
			w2, _ := open(deps{svc: s2})
			w2.in.setDocument(docOf("", text))
			shot(w2, "first-run")
		}
	}
}

// docOf reads text as a pasted transcript named name.
func docOf(name, text string) transcript.Document {
	doc, err := transcript.Read("", []byte(text))
	if err != nil {
		panic(err)
	}
	doc.Name = name
	return doc
}
