package ui

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/models/synthetic"
)

// TestRealPrefillReadsAhead: with the real service and runtime, a transcript
// left still is read ahead and the line under it says how much; typing stops
// it and clears that; a run after it works as before.
func TestRealPrefillReadsAhead(t *testing.T) {
	needRuntime(t)
	model := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(model, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(app.Config{ModelsDir: t.TempDir()})
	w, p := newTestWindow(t, deps{svc: svc}, func(pr fyne.Preferences) {
		s := app.DefaultSettings()
		s.Model = model
		s.MaxTokens = 24
		s.GPU = false
		s.Language = "ko"
		s.Prefill = app.PrefillOn
		app.SaveSettings(pr, s)
	})
	test.Type(w.in.editor, strings.Repeat("김민수: 오늘 회의에서는 예산과 일정을 논의합니다. ", 20))
	done := regexp.MustCompile(`미리 읽음 ([0-9,]+)/([0-9,]+) 토큰`)
	p.untilf(t, "the whole prompt read ahead", func() bool {
		m := done.FindStringSubmatch(w.in.info.Text)
		return m != nil && m[1] == m[2]
	}, func() string { return w.in.info.Text })
	if !strings.Contains(w.in.info.Text, "토큰 ·") {
		t.Errorf("the plan line is gone: %q", w.in.info.Text)
	}

	test.Type(w.in.editor, "!")
	if strings.Contains(w.in.info.Text, "미리 읽음") {
		t.Errorf("typing left the read-ahead status: %q", w.in.info.Text)
	}
	test.Tap(w.out.runBtn)
	p.until(t, "the run to end", func() bool { return !w.running })
	if !strings.HasPrefix(w.out.phase.Text, "완료") {
		t.Fatalf("phase = %q, want 완료…", w.out.phase.Text)
	}
	if err := svc.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
}
