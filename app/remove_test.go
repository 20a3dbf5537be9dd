package app

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/models"
)

// TestRemoveModel: a model removed is freed first when loaded (Windows
// cannot delete a mapped file), refused while a run uses it, and Owned
// tells a file the store deletes from one it keeps.
func TestRemoveModel(t *testing.T) {
	dir := t.TempDir()
	store, err := models.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := store.Add(ctx, tinyPath, models.AddOptions{Name: "mine", Copy: true}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.Add(ctx, tinyPath, models.AddOptions{Name: "ref"}); err != nil {
		t.Fatal(err)
	}
	eng := &fakeEngine{
		script:  func(string) []string { return pieces(answer, 4) },
		block:   make(chan struct{}),
		started: make(chan struct{}, 1),
	}
	svc := NewService(Config{ModelsDir: dir, Engine: eng})
	defer svc.Close()

	list, err := svc.Models()
	if err != nil {
		t.Fatal(err)
	}
	owned := map[string]bool{}
	for _, c := range list {
		owned[c.Name] = c.Owned
		if c.Catalog && !c.Downloaded && c.Owned {
			t.Errorf("%s: a catalog entry not downloaded is Owned", c.Name)
		}
	}
	if !owned["mine"] || owned["ref"] {
		t.Errorf("Owned: mine %v (copied in, want true), ref %v (by reference, want false)", owned["mine"], owned["ref"])
	}
	minePath, err := store.Path("mine")
	if err != nil {
		t.Fatal(err)
	}

	// While a run uses "mine": refused, nothing freed or deleted; another
	// model can still go.
	job := svc.Start(ctx, doc("회의록"), Options{Settings: settingsFor("mine")}, nil)
	<-eng.started
	err = svc.RemoveModel(ctx, "mine")
	if !errors.Is(err, ErrModelInUse) || !strings.Contains(Message(err, "ko"), "요약을 멈춘 뒤") ||
		!strings.Contains(Message(err, "en"), "Stop the summary") {
		t.Errorf("removing the model in use: %v", err)
	}
	if _, err := os.Stat(minePath); err != nil {
		t.Errorf("the refused removal touched the file: %v", err)
	}
	if err := svc.RemoveModel(ctx, "ref"); err != nil {
		t.Errorf("removing another model during a run: %v", err)
	}
	close(eng.block)
	if _, err := job.Wait(); err != nil {
		t.Fatal(err)
	}
	if open := openModels(eng); open != 1 {
		t.Fatalf("%d models open after the run, want the one kept loaded", open)
	}

	// After the run the loaded model is freed before its file is deleted.
	if err := svc.RemoveModel(ctx, "mine"); err != nil {
		t.Fatal(err)
	}
	if open := openModels(eng); open != 0 {
		t.Errorf("%d models open after removing the loaded one", open)
	}
	if _, err := os.Stat(minePath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the owned file is still there: %v", err)
	}
	if _, err := os.Stat(tinyPath); err != nil {
		t.Errorf("removing by reference deleted the user's file: %v", err)
	}
	if err := svc.RemoveModel(ctx, "mine"); !errors.Is(err, models.ErrUnknownModel) {
		t.Errorf("removing it twice: %v", err)
	}
}

// TestRemoveModelFreesVocabulary: a vocabulary loaded by Plan is freed too.
func TestRemoveModelFreesVocabulary(t *testing.T) {
	dir := t.TempDir()
	store, err := models.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := store.Add(ctx, tinyPath, models.AddOptions{Name: "mine", Copy: true}); err != nil {
		t.Fatal(err)
	}
	eng := &fakeEngine{script: func(string) []string { return nil }}
	svc := NewService(Config{ModelsDir: dir, Engine: eng})
	defer svc.Close()
	if _, err := svc.Plan(ctx, doc("회의록"), Options{Settings: settingsFor("mine")}); err != nil {
		t.Fatal(err)
	}
	if openModels(eng) != 1 {
		t.Fatalf("Plan left %d models open", openModels(eng))
	}
	if err := svc.RemoveModel(ctx, "mine"); err != nil {
		t.Fatal(err)
	}
	if openModels(eng) != 0 {
		t.Errorf("%d models open after removing the counted one", openModels(eng))
	}
}

func openModels(e *fakeEngine) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.open
}
