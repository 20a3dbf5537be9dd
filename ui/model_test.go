package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/models/synthetic"
)

// overlayText is every label's and button's text in the window's top
// overlay (a dialog), one a line.
func overlayText(c fyne.Canvas) string {
	top := c.Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
		case *widget.Button:
			b.WriteString("[" + x.Text + "]\n")
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
		}
	}
	return b.String()
}

// tapOverlayButton taps the button labelled text in the top overlay.
func tapOverlayButton(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	top := c.Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog to tap %q in", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no %q button in the dialog:\n%s", text, overlayText(c))
}

// TestOpenModelValidatesAddsAndRemoves drives Open GGUF… against a real
// app.Service over a temporary models store and real files from the
// synthetic writer: bad files say what is wrong and add nothing; a good one
// shows what it is, is added to the store (so `yoyak models list` sees it)
// and used; Remove asks first, then takes it out and falls back to the
// default model.
func TestOpenModelValidatesAddsAndRemoves(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "tiny.gguf")
	if err := synthetic.Write(good, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.gguf")
	if err := synthetic.WriteTruncated(cut, synthetic.Tiny, -1000); err != nil {
		t.Fatal(err)
	}
	foreign := filepath.Join(dir, "foreign.gguf")
	if err := synthetic.WriteForeign(foreign, "bert-nonsense"); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.gguf")
	if err := os.WriteFile(text, []byte("회의록입니다. 모델이 아닙니다.\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	svc := app.NewService(app.Config{ModelsDir: filepath.Join(t.TempDir(), "models")})
	defer svc.Close()
	w, p := newTestWindow(t, deps{svc: svc, models: svc})
	c := w.win.Canvas()
	stored := func() []app.ModelChoice {
		list, err := svc.Models()
		if err != nil {
			t.Fatal(err)
		}
		var out []app.ModelChoice
		for _, m := range list {
			if !m.Catalog {
				out = append(out, m)
			}
		}
		return out
	}

	for _, tc := range []struct{ path, want string }{
		{text, "GGUF 형식이 아닙니다"},
		{cut, "잘려 있습니다"},
		{foreign, "구조는 지원하지 않습니다"},
	} {
		w.inspectModel(tc.path)
		p.until(t, "the verdict on "+filepath.Base(tc.path), func() bool { return c.Overlays().Top() != nil })
		got := overlayText(c)
		if !strings.Contains(got, tc.want) || !strings.Contains(got, filepath.Base(tc.path)) || !strings.Contains(got, "쓸 수 없습니다") {
			t.Errorf("%s: dialog says\n%s", filepath.Base(tc.path), got)
		}
		tapOverlayButton(t, c, "닫기")
		if len(stored()) != 0 {
			t.Fatalf("%s was added", filepath.Base(tc.path))
		}
	}

	w.inspectModel(good)
	p.until(t, "the model's description", func() bool { return c.Overlays().Top() != nil })
	got := overlayText(c)
	for _, want := range []string{"tiny.gguf", "구조", "gemma", "양자화", "컨텍스트", "토큰", "크기", "MB", "[사용]"} {
		if !strings.Contains(got, want) {
			t.Errorf("the description lacks %q:\n%s", want, got)
		}
	}
	tapOverlayButton(t, c, "사용")
	p.until(t, "the model in use", func() bool { return w.set.Model == "tiny" })
	list := stored()
	if len(list) != 1 || list[0].Name != "tiny" || list[0].Architecture == "" || list[0].Quantization == "" {
		t.Fatalf("store after adding: %+v", list)
	}
	if w.modelBtn.Text != "tiny" {
		t.Errorf("model button = %q", w.modelBtn.Text)
	}
	if w.prefs.String(app.PrefModel) != "tiny" {
		t.Errorf("the choice was not kept: %q", w.prefs.String(app.PrefModel))
	}

	// Opening the same file again uses the entry already there.
	w.addModel(good)
	p.until(t, "the second add", func() bool { return strings.Contains(w.out.phase.Text, "tiny") })
	if w.out.phase.Importance == widget.DangerImportance || len(stored()) != 1 {
		t.Errorf("adding the same file again: %q, %d models", w.out.phase.Text, len(stored()))
	}

	w.confirmRemoveModel(list[0])
	got = overlayText(c)
	if !strings.Contains(got, "tiny") || !strings.Contains(got, "그대로 남습니다") {
		t.Errorf("remove dialog:\n%s", got)
	}
	if list[0].Owned || strings.Contains(got, "지워지며") {
		t.Errorf("a file added by reference would be deleted (Owned %v):\n%s", list[0].Owned, got)
	}
	tapOverlayButton(t, c, "취소")
	if len(stored()) != 1 {
		t.Fatal("Cancel removed the model")
	}
	// A file the store owns (copied in, not from the catalog): deleted.
	owned := app.ModelChoice{Name: "copied", Title: "copied", Size: 1_630_000_000, Downloaded: true, Owned: true}
	w.confirmRemoveModel(owned)
	if got := overlayText(c); !strings.Contains(got, "copied") || !strings.Contains(got, "지워지며") ||
		!strings.Contains(got, "1.63 GB") || strings.Contains(got, "그대로 남습니다") {
		t.Errorf("remove dialog of an owned file:\n%s", got)
	}
	tapOverlayButton(t, c, "취소")
	w.confirmRemoveModel(list[0])
	tapOverlayButton(t, c, "삭제")
	p.until(t, "the removal", func() bool { return strings.Contains(w.out.phase.Text, "삭제했습니다") })
	if len(stored()) != 0 {
		t.Errorf("still stored: %+v", stored())
	}
	if _, err := os.Stat(good); err != nil {
		t.Errorf("removing an added model deleted the user's file: %v", err)
	}
	if w.set.Model != "" {
		t.Errorf("the removed model is still chosen: %q", w.set.Model)
	}
	if !w.firstRun.box.Visible() {
		t.Error("no model left, but no first-run panel")
	}
}

func TestFallbackModel(t *testing.T) {
	def := app.ModelChoice{Name: "gemma-summary-v01", Default: true, Catalog: true}
	got := func(c app.ModelChoice) app.ModelChoice { c.Downloaded = true; return c }
	for _, tc := range []struct {
		name string
		list []app.ModelChoice
		want string
	}{
		{"nothing left", []app.ModelChoice{def}, ""},
		{"the default is there", []app.ModelChoice{got(def), got(app.ModelChoice{Name: "mine"})}, ""},
		{"another model is there", []app.ModelChoice{def, got(app.ModelChoice{Name: "mine"})}, "mine"},
	} {
		if f := fallbackModel(tc.list); f != tc.want {
			t.Errorf("%s: fallback = %q, want %q", tc.name, f, tc.want)
		}
	}
}

// slowCancelHub is fakeHub whose download, once cancelled, takes until
// release to unwind (a partial file being synced and closed).
type slowCancelHub struct {
	fakeHub
	release chan struct{}
	pulled  chan struct{} // closed when Pull has returned
}

func (h slowCancelHub) Pull(ctx context.Context, _ string, progress func(app.PullProgress)) error {
	defer close(h.pulled)
	progress(app.PullProgress{Done: 1, Total: 2})
	<-ctx.Done()
	<-h.release
	return ctx.Err()
}

// TestCloseWaitsForTheDownload: closing the window cancels a download and
// closes the service only once the download has unwound, never under it.
func TestCloseWaitsForTheDownload(t *testing.T) {
	s := newScripted(answer...)
	hub := slowCancelHub{release: make(chan struct{}), pulled: make(chan struct{})}
	w, p := newTestWindow(t, deps{svc: s, models: hub})
	c := w.firstRun.choice
	c.LicenseAccepted = true
	w.firstRun.download(c)
	p.until(t, "the download to report progress", func() bool { return w.firstRun.prog.Value > 0 })
	w.requestClose()
	closed := func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.closed
	}
	for i := 0; i < 20; i++ { // give a premature Close the chance to happen
		select {
		case f := <-p.calls:
			f()
		case <-time.After(5 * time.Millisecond):
		}
		if closed() {
			t.Fatal("the service was closed while the download was still unwinding")
		}
	}
	close(hub.release)
	p.until(t, "the service to close", closed)
	select {
	case <-hub.pulled:
	default:
		t.Error("the service closed before the download returned")
	}
}
