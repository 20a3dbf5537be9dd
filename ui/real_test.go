package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/models/synthetic"
)

// needRuntime skips when the llama.cpp runtime is not unpacked (`make
// runtime`); in CI (CI=true) its absence is a failure.
func needRuntime(t *testing.T) {
	t.Helper()
	libs, _ := filepath.Glob(filepath.Join("..", "runtime", "*", "libllama*"))
	if len(libs) > 0 || os.Getenv("YOYAK_RUNTIME") != "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the llama.cpp runtime is missing: run `make runtime`")
	}
	t.Skip("the llama.cpp runtime is missing: run `make runtime`")
}

// TestRealServiceRunsAndStops drives the real app.Service, llama.cpp and a
// tiny synthetic model through the window: the plan counts real tokens, a
// run streams to Done, and Stop ends a run.
func TestRealServiceRunsAndStops(t *testing.T) {
	needRuntime(t)
	model := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(model, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(app.Config{ModelsDir: t.TempDir()}) // never the user's store
	w, p := newTestWindow(t, deps{svc: svc}, func(pr fyne.Preferences) {
		s := app.DefaultSettings()
		s.Model = model
		s.MaxTokens = 24
		s.GPU = false
		s.Language = "ko"
		s.Threads = 2
		s.Sampling = app.SamplingSettings{Custom: true, Temperature: 0.8, TopK: 40, TopP: 0.95, RepeatPenalty: 1.1}
		app.SaveSettings(pr, s)
	})
	if w.modelBtn.Text != "tiny.gguf" {
		t.Errorf("model button = %q", w.modelBtn.Text)
	}
	test.Type(w.in.editor, "김민수: 오늘 회의에서는 예산과 일정을 논의합니다. 이지은: 다음 주까지 계획안을 만들겠습니다.")
	p.untilf(t, "tokens counted by the model", func() bool { return strings.Contains(w.in.info.Text, "토큰 ·") },
		func() string { return w.in.info.Text })
	if !strings.Contains(w.in.info.Text, "한 번에 요약") {
		t.Errorf("info = %q", w.in.info.Text)
	}

	test.Tap(w.out.runBtn)
	p.until(t, "the real run to end", func() bool { return !w.running })
	if !strings.HasPrefix(w.out.phase.Text, "완료") {
		t.Fatalf("phase = %q, want 완료…", w.out.phase.Text)
	}

	test.Tap(w.out.runBtn)
	if !w.running {
		t.Fatal("the second run did not start")
	}
	test.Tap(w.out.stopBtn)
	if w.running || w.out.phase.Text != "중지했습니다." {
		t.Fatalf("after Stop: running %v, phase %q", w.running, w.out.phase.Text)
	}
	ended := make(chan struct{})
	go func() { w.work.Wait(); close(ended) }()
	p.until(t, "the stopped run to unwind", func() bool {
		select {
		case <-ended:
			return true
		default:
			return false
		}
	})
	if err := svc.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}
