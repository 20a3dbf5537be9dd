package ui

import (
	"fmt"
	"time"

	"encoding/json"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/assets"
)

func TestBridgeMergesAndStops(t *testing.T) {
	p := newPump()
	var got []runBatch
	b := newBridge(func(r runBatch) { got = append(got, r) }, p.do)
	// Everything sent before the UI thread gets a turn arrives merged.
	for i := range 500 {
		b.Event(1, app.Piece{Text: "가", Pass: app.PassWhole})
		b.Event(1, app.Update{Summary: summary.Summary{Title: strings.Repeat("가", i+1)}, Pass: app.PassWhole})
		b.Event(1, app.Progress{Phase: app.PhaseGenerating, Pass: app.PassWhole, Done: i + 1})
	}
	b.Event(1, app.Piece{Text: "partial", Pass: app.PassPart}) // a partial pass: counted, not shown
	b.Event(1, app.Update{Summary: summary.Summary{Title: "partial"}, Pass: app.PassPart})
	b.Event(1, app.Done{Stats: app.Stats{Tokens: 500}})
	b.Event(2, app.Progress{Phase: app.PhaseLoadingModel})
	calls := 0
	for range 3 {
		b.Post("plan", func() { calls++ })
	}
	p.until(t, "the batches", func() bool { return len(got) >= 2 && calls > 0 })
	p.closeBridge(b)
	if calls != 1 {
		t.Errorf("three posts under one key ran %d times", calls)
	}
	var pieces int
	var text string
	for _, r := range got {
		if r.run == 1 {
			pieces += r.pieces
			text += r.text
		}
	}
	if pieces != 501 || utf8.RuneCountInString(text) != 500 {
		t.Errorf("merged %d pieces, %d characters of text", pieces, utf8.RuneCountInString(text))
	}
	last1 := got[0]
	for _, r := range got {
		if r.run == 1 {
			last1 = r
		}
	}
	if last1.done == nil || last1.update == nil || utf8.RuneCountInString(last1.update.Summary.Title) != 500 || last1.progress.Done != 500 {
		t.Errorf("last batch of run 1 = %+v", last1)
	}
	if len(got) > 4 {
		t.Errorf("%d UI updates for one burst", len(got))
	}
	if r := got[len(got)-1]; r.run != 2 || r.progress == nil {
		t.Errorf("run 2's event merged into run 1: %+v", got)
	}
	// After Close nothing is queued or run.
	b.Event(3, app.Done{})
	b.Post("late", func() { t.Error("a post after Close ran") })
}

func TestWrapLine(t *testing.T) {
	w := func(r rune) float32 {
		if r < 0x80 {
			return 1
		}
		return 2
	}
	for _, c := range []struct {
		line string
		max  float32
		want []string
	}{
		{"", 10, []string{""}},
		{"abc def", 10, []string{"abc def"}},
		{"abc def ghi", 8, []string{"abc def", "ghi"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"회의 내용을 정리합니다", 11, []string{"회의 내용을", "정리합니다"}},
		{"회의 내용을 정리합니다", 10, []string{"회의", "내용을", "정리합니다"}},
		{"가나다라마바사", 6, []string{"가나다", "라마바", "사"}},
		{"a", 0, []string{"a"}},
	} {
		got := wrapLine(c.line, c.max, w)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrapLine(%q, %v) = %q, want %q", c.line, c.max, got, c.want)
		}
	}
}

func FuzzWrapLine(f *testing.F) {
	for _, s := range []string{"", "abc def ghi", "회의 내용을 정리합니다", "가나다라마바사", "  a  b  ", "\t탭\t"} {
		f.Add(s, uint8(6))
	}
	f.Fuzz(func(t *testing.T, line string, max uint8) {
		if !utf8.ValidString(line) || strings.ContainsRune(line, '\n') {
			return
		}
		width := func(r rune) float32 { return float32(1 + r%3) }
		rows := wrapLine(line, float32(max), width)
		if len(rows) == 0 {
			t.Fatal("no rows")
		}
		// Nothing but the spaces at row ends is lost.
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if squash(strings.Join(rows, "")) != squash(line) {
			t.Fatalf("rows %q lost text of %q", rows, line)
		}
		for _, r := range rows {
			r = strings.TrimRightFunc(r, unicode.IsSpace) // spaces may hang past the edge
			var w float32
			for _, c := range r {
				w += width(c)
			}
			if w > float32(max) && utf8.RuneCountInString(r) > 1 {
				t.Fatalf("row %q is %v wide, max %d", r, w, max)
			}
		}
	})
}

func TestDocViewWrapsToWidth(t *testing.T) {
	test.NewTempApp(t)
	v := newDocView()
	v.SetText(strings.Repeat("회의에서 예산과 일정을 논의했습니다. ", 200) + "\n\n둘째 문단")
	v.Resize(v.MinSize().AddWidthHeight(600, 400))
	narrow := v.Rows()
	v.Resize(v.Size().AddWidthHeight(600, 0))
	if wide := v.Rows(); wide >= narrow || wide < 3 {
		t.Errorf("rows: %d narrow, %d wide", narrow, wide)
	}
	if !strings.HasSuffix(v.Text(), "\n\n둘째 문단") {
		t.Error("Text() lost the paragraphs")
	}
}

// TestTranslationsCoverTheUI checks that every string the window shows
// through lang.L has a Korean and an English entry, and that the Korean
// file translates Fyne's own dialog strings.
func TestTranslationsCoverTheUI(t *testing.T) {
	load := func(name string) map[string]any {
		b, err := assets.Translations.ReadFile(assets.TranslationsDir + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	ko, en := load("ko.json"), load("en.json")
	files, _ := filepath.Glob("*.go")
	key := regexp.MustCompile(`lang\.L\("((?:[^"\\]|\\.)*)"`)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, _ := os.ReadFile(f)
		for _, m := range key.FindAllStringSubmatch(string(src), -1) {
			n++
			if _, ok := ko[m[1]]; !ok {
				t.Errorf("%s: %q has no Korean translation", f, m[1])
			}
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s: %q is missing from en.json", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Errorf("found only %d lang.L calls", n)
	}
	for _, k := range []string{"Open", "Save", "Cancel", "Yes", "No", "OK", "Create Folder", "New Folder", "Show Hidden Files", "Enter filename", "file.name", "file.parent"} {
		if v, ok := ko[k]; !ok || v == k {
			t.Errorf("Fyne's %q is not translated to Korean: %v", k, v)
		}
	}
}

func TestFirstRunDownloadShowsProgressAndCancels(t *testing.T) {
	s := newScripted()
	s.resolveErr = app.ErrNoModel
	w, p := newTestWindow(t, deps{svc: s})
	if !w.firstRun.box.Visible() {
		t.Fatal("no first-run panel")
	}
	if !strings.Contains(w.firstRun.title.Text, "Gemma Summary") || !strings.Contains(w.firstRun.title.Text, "1.63 GB") {
		t.Errorf("panel title = %q", w.firstRun.title.Text)
	}
	c, _ := fakeHub{}.Models()
	c[0].LicenseAccepted = true // the licence dialog was answered before
	w.firstRun.download(c[0])
	p.until(t, "download progress", func() bool { return strings.Contains(w.firstRun.progText.Text, "1.63 GB") })
	if !strings.HasPrefix(w.firstRun.progText.Text, "500.0 MB / 1.63 GB · 12.0 MB/s") || !w.firstRun.getBtn.Disabled() {
		t.Errorf("progress = %q", w.firstRun.progText.Text)
	}
	test.Tap(w.firstRun.cancelBt)
	p.until(t, "the cancelled download", func() bool { return w.firstRun.dlCancel == nil })
	if !strings.Contains(w.firstRun.progText.Text, "취소") || w.firstRun.getBtn.Disabled() {
		t.Errorf("after cancel: %q", w.firstRun.progText.Text)
	}
}

// BenchmarkBigTranscript shows a 100,000-character Korean transcript in the
// read-only docView and, for comparison, in a word-wrapping Entry (what the
// editor is), both laid out in a window; it reports how many times slower
// the Entry is (entry/view).
func BenchmarkBigTranscript(b *testing.B) {
	test.NewTempApp(b)
	var sb strings.Builder
	for i := 0; utf8.RuneCountInString(sb.String()) < 100_000; i++ {
		fmt.Fprintf(&sb, "화자 %d: 오늘 회의에서는 예산과 일정과 인력 배치를 차례로 논의했습니다. 다음 회의는 목요일입니다.\n", i%4+1)
	}
	text := sb.String()
	size := fyne.NewSize(600, 600)
	var view, entry time.Duration
	for b.Loop() {
		t0 := time.Now()
		v := newDocView()
		w := test.NewWindow(v)
		w.Resize(size)
		v.SetText(text)
		view += time.Since(t0)
		w.Close()

		t1 := time.Now()
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		w = test.NewWindow(e)
		w.Resize(size)
		e.SetText(text)
		entry += time.Since(t1)
		w.Close()
	}
	b.ReportMetric(float64(entry)/float64(view), "entry/view")
}
