package cli

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yoyak/yoyak/app/usererr"
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

func TestPrintErrorFollowsLocalePrecedence(t *testing.T) {
	// LC_MESSAGES outranks LANG, as everywhere else on the command line.
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "ko_KR.UTF-8")
	t.Setenv("LANG", "en_US.UTF-8")
	var b bytes.Buffer
	printError(&b, usererr.New("한국어 문장", "English sentence", errors.New("cause")))
	if first, _, _ := strings.Cut(b.String(), "\n"); first != "yoyak: 한국어 문장" {
		t.Errorf("first line %q, want the Korean message", first)
	}
}
