package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

var answer = []string{"제목: 예산 편성 회의\n", "1. 예산 현황\n", "- 올해 예산은 전년 대비 5% 늘었다.\n", "2. 향후 계획\n", "- 다음 달까지 세부안을 마련한다.\n"}

func (s *scripted) step() { s.gate <- struct{}{} }

func TestPasteSummarizeStreamsAndStops(t *testing.T) {
	s := newScripted(answer...)
	w, p := newTestWindow(t, deps{svc: s})

	test.Type(w.in.editor, "김민수: 예산을 논의합니다.")
	w.in.editor.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter is a newline, never a run
	test.Type(w.in.editor, "이지은: 동의합니다.")
	if got := w.in.editor.Text; got != "김민수: 예산을 논의합니다.\n이지은: 동의합니다." {
		t.Fatalf("editor = %q", got)
	}
	p.until(t, "the plan line", func() bool { return strings.Contains(w.in.info.Text, "한 번에 요약") })
	if w.running || s.runs != 0 {
		t.Fatal("Enter or typing started a run")
	}

	test.Tap(w.out.runBtn)
	if !w.running || w.out.stopBtn.Disabled() || !w.out.runBtn.Disabled() {
		t.Fatal("the run did not start")
	}
	s.step()
	p.until(t, "the title to stream in", func() bool { return strings.Contains(viewText(w.out.view.Segments), "예산 편성 회의") })
	s.step()
	s.step()
	p.until(t, "the first section", func() bool {
		v := viewText(w.out.view.Segments)
		return strings.Contains(v, "1. 예산 현황") && strings.Contains(v, "올해 예산은")
	})
	if !w.running {
		t.Fatal("the run ended early")
	}

	test.Tap(w.out.stopBtn)
	if w.running || w.out.runBtn.Disabled() || !w.out.stopBtn.Disabled() {
		t.Fatal("Stop did not end the run at once")
	}
	if w.out.phase.Text != "중지했습니다." {
		t.Errorf("phase after Stop = %q", w.out.phase.Text)
	}

	// A second run goes to the end while the window is in the background:
	// a system notification says so.
	w.focused = false
	test.AssertNotificationSent(t, &fyne.Notification{Title: "요약 완료", Content: "예산 편성 회의"}, func() {
		test.Tap(w.out.runBtn)
		for range len(answer) + 1 {
			s.step()
		}
		p.until(t, "the run to finish", func() bool { return !w.running })
	})
	v := viewText(w.out.view.Segments)
	for _, want := range []string{"예산 편성 회의", "1. 예산 현황", "2. 향후 계획", "다음 달까지 세부안을 마련한다."} {
		if !strings.Contains(v, want) {
			t.Errorf("summary view lacks %q:\n%s", want, v)
		}
	}
	if !strings.HasPrefix(w.out.phase.Text, "완료") {
		t.Errorf("phase = %q, want 완료…", w.out.phase.Text)
	}
	if w.out.copyBtn.Disabled() || w.out.saveBtn.Disabled() {
		t.Error("Copy/Save stay disabled after a finished run")
	}
	test.Tap(w.out.copyBtn)
	if got := w.fa.Clipboard().Content(); !strings.Contains(got, "제목: 예산 편성 회의") || !strings.Contains(got, "- 다음 달까지") {
		t.Errorf("clipboard = %q", got)
	}
	if len(s.docs) != 2 || !strings.Contains(s.docs[1].Text, "이지은: 동의합니다.") {
		t.Errorf("the run got %+v", s.docs)
	}
}

func TestShortcutsRunAndEscStops(t *testing.T) {
	s := newScripted(answer...)
	w, p := newTestWindow(t, deps{svc: s})
	test.Type(w.in.editor, "회의 내용입니다.")
	w.in.editor.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	p.until(t, "Ctrl+Enter to start a run", func() bool { return w.running })
	if strings.Contains(w.in.editor.Text, "\n") {
		t.Error("Ctrl+Enter inserted a newline")
	}
	w.in.editor.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.running {
		t.Fatal("Esc did not stop the run")
	}
}

func TestDroppedFileLoads(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "회의록.txt"))
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "회의록.txt", data)
	w, p := newTestWindow(t, deps{svc: newScripted()})
	w.onDropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(path)})
	p.until(t, "the dropped file", func() bool { return strings.Contains(w.in.editor.Text, "도서관 디지털화") })
	if w.in.source.Text != "회의록.txt" {
		t.Errorf("source = %q", w.in.source.Text)
	}
	p.until(t, "the plan line", func() bool { return strings.Contains(w.in.info.Text, "한 번에 요약") })
	if !strings.Contains(w.in.info.Text, "자 · ") {
		t.Errorf("info = %q", w.in.info.Text)
	}
	doc, err := w.in.document()
	if err != nil || doc.Name != "회의록.txt" {
		t.Errorf("document() = %q, %v", doc.Name, err)
	}
}

func TestLargeFileIsShownReadOnly(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*editLimit*3; i++ {
		fmt.Fprintf(&b, "화자 %d: 오늘 회의에서는 예산과 일정과 인력 배치를 차례로 논의했습니다. 다음 회의는 목요일입니다.\n", i%4+1)
	}
	path := writeFile(t, "긴 회의록.txt", []byte(b.String()))
	w, p := newTestWindow(t, deps{svc: newScripted()})
	w.openPath(path)
	p.until(t, "the large file", func() bool { return w.in.file != nil })
	if w.in.viewer.Hidden || !w.in.editor.Hidden {
		t.Error("a large file went into the editor")
	}
	if w.in.viewer.Rows() < strings.Count(b.String(), "\n") {
		t.Errorf("viewer has %d rows for %d lines", w.in.viewer.Rows(), strings.Count(b.String(), "\n"))
	}
	doc, _ := w.in.document()
	if doc.Chars() <= editLimit {
		t.Errorf("document has %d characters", doc.Chars())
	}

	// A click in the viewer focuses it; Esc there still stops a run, and
	// no row stays highlighted.
	test.Tap(w.out.runBtn)
	p.until(t, "the run", func() bool { return w.running })
	w.win.Canvas().Focus(w.in.viewer.list)
	w.in.viewer.list.Select(3)
	w.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.running || !strings.Contains(w.out.phase.Text, "중지") {
		t.Errorf("Esc in the viewer: running=%v, status %q", w.running, w.out.phase.Text)
	}
	test.Tap(w.in.close)
	if w.in.file != nil || w.in.editor.Hidden {
		t.Error("closing the file did not bring the editor back")
	}
}

func TestBigPasteMovesToTheViewer(t *testing.T) {
	w, p := newTestWindow(t, deps{svc: newScripted()})
	big := strings.Repeat("김민수: 다음 주까지 예산안을 정리해 공유하겠습니다.\n", editLimit/20)
	w.in.editor.SetText(big) // what a paste does
	p.until(t, "the paste to move to the viewer", func() bool { return w.in.file != nil })
	if w.in.viewer.Hidden || !w.in.editor.Hidden || w.in.source.Text != "붙여넣은 글" {
		t.Errorf("viewer hidden %v, editor hidden %v, source %q", w.in.viewer.Hidden, w.in.editor.Hidden, w.in.source.Text)
	}
	doc, _ := w.in.document()
	if doc.Name != "" || !strings.HasPrefix(doc.Text, "김민수: 다음 주까지") {
		t.Errorf("document %q: %.40q", doc.Name, doc.Text)
	}
}

func TestErrorsShowTheirMessage(t *testing.T) {
	t.Run("binary file", func(t *testing.T) {
		path := writeFile(t, "사진.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x00"))
		w, p := newTestWindow(t, deps{svc: newScripted()})
		w.onDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(path)})
		p.until(t, "the error", func() bool { return strings.Contains(w.out.phase.Text, "텍스트 문서가 아닙니다") })
		if !strings.HasPrefix(w.out.phase.Text, "사진.txt: ") {
			t.Errorf("phase = %q", w.out.phase.Text)
		}
		if w.in.editor.Text != "" {
			t.Error("the binary file was loaded")
		}
	})
	t.Run("no model", func(t *testing.T) {
		s := newScripted(answer...)
		s.resolveErr = fmt.Errorf("resolve: %w", app.ErrNoModel)
		s.planErr = s.resolveErr
		w, p := newTestWindow(t, deps{svc: s})
		if !w.firstRun.box.Visible() || w.out.pane.Visible() {
			t.Error("no first-run panel without a model")
		}
		if w.modelBtn.Text != "모델 없음" {
			t.Errorf("model button = %q", w.modelBtn.Text)
		}
		test.Type(w.in.editor, "회의 내용입니다.")
		p.until(t, "the plan line", func() bool { return strings.Contains(w.in.info.Text, "모델을 고르면") })
		test.Tap(w.out.runBtn)
		if w.running || s.runs != 0 {
			t.Fatal("a run started without a model")
		}
		if !strings.HasPrefix(w.out.phase.Text, "요약 모델이 없습니다.") || strings.Contains(w.out.phase.Text, "--model") {
			t.Errorf("phase = %q", w.out.phase.Text)
		}
		if w.in.editor.Text != "회의 내용입니다." || w.in.pane.Visible() == false {
			t.Error("the first-run panel hid the transcript")
		}
	})
	t.Run("empty", func(t *testing.T) {
		s := newScripted()
		w, _ := newTestWindow(t, deps{svc: s})
		test.Tap(w.out.runBtn)
		if w.running || !strings.Contains(w.out.phase.Text, "붙여넣") {
			t.Errorf("phase = %q", w.out.phase.Text)
		}
	})
	t.Run("failed run", func(t *testing.T) {
		s := &failing{err: app.ErrContextTooSmall}
		w, p := newTestWindow(t, deps{svc: s})
		test.Type(w.in.editor, "회의 내용입니다.")
		test.Tap(w.out.runBtn)
		p.until(t, "the failure", func() bool { return !w.running })
		if !strings.HasPrefix(w.out.phase.Text, "컨텍스트가 너무 작습니다") {
			t.Errorf("phase = %q", w.out.phase.Text)
		}
	})
}

// failing fails every run with err.
type failing struct {
	scripted
	err error
}

func (f *failing) Summarize(ctx context.Context, _ transcript.Document, _ app.Options, emit func(app.Event)) (app.Result, error) {
	emit(app.Failed{Err: f.err})
	return app.Result{}, f.err
}

func TestSettingsPersist(t *testing.T) {
	w, _ := newTestWindow(t, deps{svc: newScripted()})
	f := newSettingsForm(w.set)
	f.threads.SetText("4")
	f.gpu.SetChecked(false)
	f.context.SetSelected("4,096")
	f.custom.SetChecked(true)
	f.temp.SetText("0.3")
	f.topK.SetText("40")
	if !w.applySettings(f) {
		t.Fatalf("settings refused: %s", f.errLabel.Text)
	}
	got := app.LoadSettings(w.prefs)
	if got.Threads != 4 || got.GPU || got.ContextSize != 4096 || !got.Sampling.Custom || got.Sampling.Temperature != 0.3 || got.Sampling.TopK != 40 || got.Language != "ko" {
		t.Errorf("stored settings = %+v", got)
	}

	// A window opened later (the next start) reads them back.
	w2 := newWindow(w.fa, deps{svc: newScripted(), models: fakeHub{}, uiDo: func(f func()) { f() }})
	defer w2.br.Close()
	if w2.set != got {
		t.Errorf("next start has %+v, want %+v", w2.set, got)
	}
	f2 := newSettingsForm(w2.set)
	if f2.threads.Text != "4" || f2.gpu.Checked || f2.context.Selected != "4,096" || f2.temp.Text != "0.3" {
		t.Error("the settings form does not show the stored settings")
	}

	for _, c := range []struct{ threads, want string }{{"많이", "정수가 아닙니다"}, {"9999", "스레드 수는"}} {
		f := newSettingsForm(w.set)
		f.threads.SetText(c.threads)
		if w.applySettings(f) {
			t.Errorf("threads %q accepted", c.threads)
		}
		if !strings.Contains(f.errLabel.Text, c.want) {
			t.Errorf("threads %q: message %q, want %q", c.threads, f.errLabel.Text, c.want)
		}
	}
	if app.LoadSettings(w.prefs).Threads != 4 {
		t.Error("a refused form changed the stored settings")
	}
}

// memHistory is an in-memory history.
type memHistory struct {
	mu      sync.Mutex
	entries []history.Entry
}

func (m *memHistory) List() ([]history.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]history.Entry(nil), m.entries...), nil
}
func (m *memHistory) Get(id string) (history.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.entries {
		if e.ID == id {
			return e, nil
		}
	}
	return history.Entry{}, history.ErrNotFound
}
func (m *memHistory) Delete(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, e := range m.entries {
		if e.ID == id {
			m.entries = append(m.entries[:i], m.entries[i+1:]...)
			return nil
		}
	}
	return history.ErrNotFound
}

func TestHistoryReopensAndDeletes(t *testing.T) {
	sum := summary.Parse(strings.Join(answer, ""))
	h := &memHistory{entries: []history.Entry{
		{ID: "b", Created: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), Source: "회의록.txt", Chars: 1234, Summary: sum},
		{ID: "a", Created: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Source: "", Chars: 10, Summary: summary.Summary{Preamble: "짧은 글"}},
	}}
	w, p := newTestWindow(t, deps{svc: newScripted(), history: h})
	d := w.openHistory()
	p.until(t, "the history list", func() bool { return d.loaded })
	if d.list.Length() != 2 {
		t.Fatalf("list has %d rows", d.list.Length())
	}
	if sub := historySubtitle(h.entries[0]); !strings.Contains(sub, "회의록.txt") || !strings.Contains(sub, "1,234자") {
		t.Errorf("subtitle = %q", sub)
	}
	d.list.Select(0)
	test.Tap(d.openBtn)
	if v := viewText(w.out.view.Segments); !strings.Contains(v, "예산 편성 회의") {
		t.Errorf("reopened view = %q", v)
	}
	if w.out.copyBtn.Disabled() {
		t.Error("a reopened summary cannot be copied")
	}
	if !w.out.caption.Visible() || !strings.Contains(w.out.caption.Text, "회의록.txt") {
		t.Errorf("the reopened summary does not name its source: %q", w.out.caption.Text)
	}

	d = w.openHistory()
	p.until(t, "the history list", func() bool { return d.loaded })
	d.list.Select(1)
	d.loaded = false
	h.Delete(d.entries[1].ID) // what the confirm dialog's Yes does, without the dialog
	d.reload()
	p.until(t, "the list after delete", func() bool { return d.loaded })
	if d.list.Length() != 1 || d.entries[0].ID != "b" {
		t.Errorf("after delete: %+v", d.entries)
	}
}

func TestSaveSummaryIsAtomicAndPicksFormat(t *testing.T) {
	sum := summary.Parse(strings.Join(answer, ""))
	dir := t.TempDir()
	md := filepath.Join(dir, "요약.md")
	if err := os.WriteFile(md, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := saveSummary(md, sum, 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(md)
	if !strings.HasPrefix(string(got), "# 예산 편성 회의") {
		t.Errorf(".md = %q", got)
	}
	txt := filepath.Join(dir, "요약.txt")
	if err := saveSummary(txt, sum, 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(txt)
	if !strings.HasPrefix(string(got), "제목: 예산 편성 회의") {
		t.Errorf(".txt = %q", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := saveSummary(filepath.Join(dir, "없는 폴더", "a.md"), sum, 0o644); err == nil {
		t.Error("saving into a missing folder succeeded")
	}
	for _, c := range []struct {
		title, source, want string
	}{
		{"예산 편성 회의", "", "예산 편성 회의.md"},
		{"a/b: c?", "", "a_b_ c_.md"},
		{"", "회의록.srt", "회의록 요약.md"},
		{"", "", "요약.md"},
	} {
		if got := saveName(summary.Summary{Title: c.title}, c.source); got != c.want {
			t.Errorf("saveName(%q, %q) = %q, want %q", c.title, c.source, got, c.want)
		}
	}
}

func TestCloseCancelsTheRunAndFreesTheModel(t *testing.T) {
	s := newScripted(answer...)
	w, p := newTestWindow(t, deps{svc: s})
	test.Type(w.in.editor, "회의 내용입니다.")
	test.Tap(w.out.runBtn)
	s.step()
	p.until(t, "the run to write", func() bool { return strings.Contains(viewText(w.out.view.Segments), "예산") })
	w.requestClose()
	p.until(t, "the service to close", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.closed
	})
	if w.running {
		t.Error("still running after close")
	}
}

// splitRun summarizes in two parts, then a final pass; each event waits
// for the test's go-ahead.
type splitRun struct {
	scripted
}

func (s *splitRun) Summarize(ctx context.Context, doc transcript.Document, _ app.Options, emit func(app.Event)) (app.Result, error) {
	step := func(evs ...app.Event) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.gate:
		}
		for _, e := range evs {
			emit(e)
		}
		return nil
	}
	var p summary.Parser
	for _, st := range [][]app.Event{
		{app.Progress{Phase: app.PhaseGenerating, Pass: app.PassPart, Part: 1, Parts: 2}, app.Piece{Text: "첫 부분: 예산 논의\n", Pass: app.PassPart}},
		{app.Progress{Phase: app.PhaseGenerating, Pass: app.PassPart, Part: 2, Parts: 2}, app.Piece{Text: "둘째 부분: 일정 논의\n", Pass: app.PassPart}},
		{app.Progress{Phase: app.PhaseGenerating, Pass: app.PassFinal}, app.Piece{Text: answer[0], Pass: app.PassFinal}},
	} {
		if err := step(st...); err != nil {
			emit(app.Failed{Err: err})
			return app.Result{}, err
		}
		if pc := st[1].(app.Piece); pc.Pass.Result() {
			p.Feed(pc.Text)
			emit(app.Update{Summary: p.Summary(), Pass: pc.Pass})
		}
	}
	emit(app.Done{Summary: p.Summary(), Stats: app.Stats{Parts: 2}})
	return app.Result{}, nil
}

func TestSplitRunShowsPartsThenTheAnswer(t *testing.T) {
	s := &splitRun{scripted: *newScripted()}
	w, p := newTestWindow(t, deps{svc: s})
	test.Type(w.in.editor, "긴 회의록")
	test.Tap(w.out.runBtn)
	s.step()
	p.until(t, "part 1", func() bool { return strings.Contains(viewText(w.out.view.Segments), "첫 부분: 예산 논의") })
	if v := viewText(w.out.view.Segments); !strings.Contains(v, "1/2 부분 요약 중") {
		t.Errorf("view = %q", v)
	}
	s.step()
	p.until(t, "part 2", func() bool { return strings.Contains(viewText(w.out.view.Segments), "둘째 부분") })
	if v := viewText(w.out.view.Segments); strings.Contains(v, "첫 부분") || !strings.Contains(v, "2/2") {
		t.Errorf("part 2 view = %q", v)
	}
	s.step()
	p.until(t, "the answer", func() bool { return !w.running })
	if v := viewText(w.out.view.Segments); v != "예산 편성 회의\n" {
		t.Errorf("final view = %q", v)
	}
	if !strings.Contains(w.out.phase.Text, "2개 부분") {
		t.Errorf("phase = %q", w.out.phase.Text)
	}
}

func TestFinishedRunShowsItsNotes(t *testing.T) {
	w, _ := newTestWindow(t, deps{svc: newScripted()})
	w.running = true
	sum := summary.Parse(strings.Join(answer, ""))
	w.finish(&app.Done{Summary: sum, Text: strings.Join(answer, ""), Stats: app.Stats{Tokens: 40, TokenLimit: true, Stopped: true}}, nil)
	v := viewText(w.out.view.Segments)
	for _, want := range []string{"예산 편성 회의", "최대 토큰 수", "되풀이"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if got := summary.Render(w.out.sum, summary.Text); strings.Contains(got, "최대 토큰") {
		t.Errorf("the notes leaked into what Copy and Save write:\n%s", got)
	}
}

// TestBigPasteNeverEntersTheEditor pastes 100,000 characters with the paste
// shortcut: they go straight to the read-only viewer, inserted at the
// cursor, and the Entry never holds them.
func TestBigPasteNeverEntersTheEditor(t *testing.T) {
	w, _ := newTestWindow(t, deps{svc: newScripted()})
	test.Type(w.in.editor, "첫 줄\n끝")
	w.in.editor.CursorRow, w.in.editor.CursorColumn = 1, 0
	var b strings.Builder
	for b.Len() < 3*100_000 {
		b.WriteString("이지은: 예산안은 다음 주 목요일까지 공유하겠습니다.\n")
	}
	big := b.String()
	w.fa.Clipboard().SetContent(big)
	most := 0 // the most text the editor held
	w.in.editor.OnChanged = func(s string) { most = max(most, len(s)) }
	w.in.editor.TypedShortcut(&fyne.ShortcutPaste{Clipboard: w.fa.Clipboard()})
	if most > 100 || w.in.editor.Text != "" {
		t.Errorf("the editor took the paste (held %d bytes, now %d)", most, len(w.in.editor.Text))
	}
	if w.in.file == nil || w.in.viewer.Hidden {
		t.Fatal("the big paste is not in the viewer")
	}
	if got, want := w.in.viewer.Text(), strings.TrimRight("첫 줄\n"+big+"끝", "\n"); strings.TrimRight(got, "\n") != want {
		t.Errorf("viewer text: %d bytes, want %d (starts %q)", len(got), len(want), got[:40])
	}
}

func TestInsertAt(t *testing.T) {
	for _, c := range []struct {
		text     string
		row, col int
		want     string
	}{
		{"", 0, 0, "X"},
		{"가나다", 0, 1, "가X나다"},
		{"가나\n다라", 1, 2, "가나\n다라X"},
		{"가나\n다라", 1, 9, "가나\n다라X"},
		{"가나\n다라", 5, 0, "가나\n다라X"},
	} {
		if got := insertAt(c.text, c.row, c.col, "X"); got != c.want {
			t.Errorf("insertAt(%q, %d, %d) = %q, want %q", c.text, c.row, c.col, got, c.want)
		}
	}
}

func TestStatusFormatting(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"part 2/3: reading 41%", "Part 2/3: reading 41%"},
		{"2/3 부분 읽는 중", "2/3 부분 읽는 중"},
		{"", ""},
	} {
		if got := capitalize(c.in); got != c.want {
			t.Errorf("capitalize(%q) = %q", c.in, got)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{3.44, "3.4"}, {99.94, "99.9"}, {1134.9, "1,135"}} {
		if got := formatSpeed(c.v); got != c.want {
			t.Errorf("formatSpeed(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestStatusBarShowsProgress: loading and reading show a bar with their
// fraction; a prompt's first batch (no fraction yet) a moving one; writing
// and the end none.
func TestStatusBarShowsProgress(t *testing.T) {
	w, _ := newTestWindow(t, deps{svc: newScripted()})
	o := &w.out
	w.running, w.started, w.cancel = true, time.Now(), func() {}
	for _, c := range []struct {
		p         app.Progress
		bar, busy bool
		value     float64
	}{
		{app.Progress{Phase: app.PhaseLoadingModel, Done: 53, Total: 100}, true, false, 0.53},
		{app.Progress{Phase: app.PhaseReadingPrompt, Pass: app.PassWhole, Done: 0, Total: 511}, true, true, 0},
		{app.Progress{Phase: app.PhaseReadingPrompt, Pass: app.PassWhole, Done: 256, Total: 512}, true, false, 0.5},
		{app.Progress{Phase: app.PhaseGenerating, Pass: app.PassWhole, Done: 8}, false, false, 0},
	} {
		w.lastProg = c.p
		w.updateStatus()
		if o.progBox.Visible() != c.bar || o.busy.Visible() != c.busy || (c.bar && !c.busy && (!o.prog.Visible() || o.prog.Value != c.value)) {
			t.Errorf("%v: bar %v busy %v value %v; want %v %v %v", c.p.Phase, o.progBox.Visible(), o.busy.Visible(), o.prog.Value, c.bar, c.busy, c.value)
		}
	}
	w.lastProg = app.Progress{Phase: app.PhaseReadingPrompt, Pass: app.PassWhole, Total: 511}
	w.updateStatus()
	w.stopRun()
	if o.progBox.Visible() || o.busy.Visible() || o.busy.Running() {
		t.Error("Stop left a progress bar")
	}
}

// TestSaveWritesOffTheUIThread: Save writes on a goroutine and reports on
// the status line, a failure included.
func TestSaveWritesOffTheUIThread(t *testing.T) {
	w, p := newTestWindow(t, deps{svc: newScripted(answer...)})
	sum := summary.Parse(strings.Join(answer, ""))
	path := filepath.Join(t.TempDir(), "회의 요약.md")
	w.saveTo(path, sum)
	p.until(t, "the save to be reported", func() bool { return strings.Contains(w.out.phase.Text, "회의 요약.md") })
	if got, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(got), "# 예산 편성 회의") {
		t.Errorf("saved %q, %v", got, err)
	}
	w.saveTo(filepath.Join(t.TempDir(), "없는 폴더", "a.md"), sum)
	p.until(t, "the failure to be reported", func() bool { return w.out.phase.Importance == widget.DangerImportance })
}
