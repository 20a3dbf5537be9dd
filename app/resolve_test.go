package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/models"
)

func TestResolveModel(t *testing.T) {
	dir := t.TempDir()
	svc := NewService(Config{ModelsDir: dir, Engine: &fakeEngine{}})
	defer svc.Close()

	// Nothing downloaded: the default is missing, with the words to get it.
	_, err := svc.ResolveModel("")
	if !errors.Is(err, ErrNoModel) || !strings.Contains(Message(err, "en"), "yoyak models pull") {
		t.Errorf("default: %v", err)
	}
	if _, err := svc.ResolveModel("gemma-summary-v01"); !errors.Is(err, ErrNoModel) ||
		!strings.Contains(Message(err, "en"), "yoyak models pull gemma-summary-v01") {
		t.Errorf("catalog name: %v", err)
	}
	if _, err := svc.ResolveModel("nope"); !errors.Is(err, ErrNoModel) || !strings.Contains(Message(err, "en"), "yoyak models list") {
		t.Errorf("unknown name: %v", err)
	}

	// A path: the default entry's template and sampling.
	info, err := svc.ResolveModel(tinyPath)
	if err != nil {
		t.Fatal(err)
	}
	want := inference.Sampling{Temperature: 0.1, TopK: 50, TopP: 0.95, RepeatPenalty: 1.2, RepeatLastN: -1}
	if info.Path != tinyPath || info.Catalog || info.Sampling != want || info.ContextLength != 8192 ||
		info.Template.Build("X") != "Instruction: 요약 할 문장 :\n[X\n]\n output:" {
		t.Errorf("path: %+v", info)
	}
	if _, err := svc.ResolveModel(dir); err == nil {
		t.Error("a folder resolved as a model")
	}

	// Added to the store by reference: found by name.
	c, err := svc.AddModel(context.Background(), tinyPath)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "tiny" || !c.Downloaded || c.Architecture != "gemma" {
		t.Errorf("added %+v", c)
	}
	info, err = svc.ResolveModel("tiny")
	if err != nil || info.Path != tinyPath || info.Catalog || info.Sampling != want {
		t.Errorf("by name: %+v, %v", info, err)
	}

	// A downloaded catalog model: its own entry (simulated by adding the
	// tiny file under the catalog's file name).
	e := models.Default()
	catalogFile := filepath.Join(dir, e.File)
	data, _ := os.ReadFile(tinyPath)
	if err := os.WriteFile(catalogFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.store.Add(context.Background(), catalogFile, models.AddOptions{Name: e.Name}); err != nil {
		t.Fatal(err)
	}
	info, err = svc.ResolveModel("")
	if err != nil || info.Name != e.Name || !info.Catalog || info.Path != catalogFile {
		t.Errorf("default downloaded: %+v, %v", info, err)
	}

	// The picker lists the catalog first, then the store's others.
	list, err := svc.Models()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != e.Name || !list[0].Default || !list[0].Downloaded || list[0].LicenseAccepted ||
		list[1].Name != "tiny" || list[1].Catalog {
		t.Errorf("Models = %+v", list)
	}
	if list[0].Describe("ko") == list[0].Describe("en") || list[0].Describe("ko") == "" {
		t.Errorf("descriptions %q / %q", list[0].Describe("ko"), list[0].Describe("en"))
	}
	if err := svc.AcceptLicense(context.Background(), e.Name); err != nil {
		t.Fatal(err)
	}
	if list, _ := svc.Models(); !list[0].LicenseAccepted {
		t.Error("licence not recorded")
	}
	if err := svc.RemoveModel(context.Background(), "tiny"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tinyPath); err != nil {
		t.Error("removing a model added by reference deleted the file")
	}

	// Inspecting a bad file says what is wrong.
	bad := filepath.Join(t.TempDir(), "bad.gguf")
	os.WriteFile(bad, []byte("GGUF\x03\x00\x00\x00"), 0o600)
	if _, err := svc.InspectModel(bad); err == nil || Message(err, "en") == "" {
		t.Errorf("bad file: %v", err)
	}
	mf, err := svc.InspectModel(tinyPath)
	if err != nil || mf.Architecture != "gemma" || mf.ContextLength != 8192 || mf.Size == 0 {
		t.Errorf("inspect: %+v, %v", mf, err)
	}
}

func TestPullNeedsLicence(t *testing.T) {
	svc := NewService(Config{ModelsDir: t.TempDir(), Engine: &fakeEngine{}})
	defer svc.Close()
	err := svc.Pull(context.Background(), models.Default().Name, nil)
	if !errors.Is(err, models.ErrLicenseNotAccepted) || !strings.HasPrefix(Message(err, "ko"), "모델을 받기 전에") {
		t.Errorf("Pull without the licence: %v", err)
	}
}
