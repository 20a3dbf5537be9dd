package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/synthetic"
)

// The default model is not downloaded but another one was added (as with
// `yoyak models add`): the window opens with that one, not "no model".
func TestWindowPicksTheInstalledModel(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "mine.gguf")
	if err := synthetic.Write(mine, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	modelsDir := filepath.Join(t.TempDir(), "models")
	store, err := models.OpenStore(modelsDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Add(context.Background(), mine, models.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	svc := app.NewService(app.Config{ModelsDir: modelsDir})
	defer svc.Close()
	w, _ := newTestWindow(t, deps{svc: svc, models: svc})
	if w.set.Model != "mine" || w.noModel || w.modelBtn.Text != "mine" {
		t.Errorf("model %q (button %q, noModel %v), want the installed one", w.set.Model, w.modelBtn.Text, w.noModel)
	}
	if w.firstRun.box.Visible() {
		t.Error("the first-run panel is shown though a model is installed")
	}
}

// With no model at all, the window says what to do in the window: never a
// command or a flag.
func TestNoModelMessageGivesNoCommandLineAdvice(t *testing.T) {
	svc := app.NewService(app.Config{ModelsDir: filepath.Join(t.TempDir(), "models")})
	defer svc.Close()
	w, _ := newTestWindow(t, deps{svc: svc, models: svc})
	test.Type(w.in.editor, "회의 내용입니다.")
	test.Tap(w.out.runBtn)
	got := viewText(w.out.view.Segments) + w.out.phase.Text
	if !strings.Contains(got, "모델") {
		t.Fatalf("no message about the model: %q", got)
	}
	for _, cli := range []string{"--model", "yoyak ", "`"} {
		if strings.Contains(got, cli) {
			t.Errorf("command-line advice %q in the window: %q", cli, got)
		}
	}
	for _, lang := range []string{"ko", "en"} {
		if msg := app.WindowMessage(app.ErrNoModel, lang); strings.Contains(msg, "--model") || strings.Contains(msg, "yoyak") {
			t.Errorf("%s: %q", lang, msg)
		}
	}
}
