package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yoyak/yoyak/models/synthetic"
)

func run(t *testing.T, fn func(context.Context, env) int, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := fn(context.Background(), env{args: args, stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

func TestVersionNamesRuntimeAndDevices(t *testing.T) {
	code, out, errs := run(t, runVersion, "")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"yoyak ", "llama.cpp v0.4.0", "runtime:", "devices:", "CPU", "in use:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run(t, runVersion, "", "extra"); code != exitUsage {
		t.Errorf("extra argument: exit %d", code)
	}
}

func TestGenerateStreamsFromTinyModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(path, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, runGenerate, "회의를 요약해 주세요", "--model", path, "--max-tokens", "12", "--seed", "4", "--prompt", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.TrimSpace(out) == "" || !utf8.ValidString(out) {
		t.Errorf("stdout %q", out)
	}
	// Not a terminal: finished steps as whole lines, no carriage-return redraws.
	if !strings.Contains(errs, "read the prompt: ") || !strings.Contains(errs, "generated 12 tokens") || strings.Contains(errs, "\r") {
		t.Errorf("stderr %q", errs)
	}
	if code, _, _ := run(t, runGenerate, ""); code != exitUsage {
		t.Errorf("no --model: exit %d", code)
	}
	code, _, errs = run(t, runGenerate, "", "--model", filepath.Join(t.TempDir(), "missing.gguf"), "--prompt", "x")
	if code != exitFailure || errs == "" {
		t.Errorf("missing model: exit %d, %q", code, errs)
	}
}
