package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain lets a test re-run this binary as yoyak itself, with the whole
// program's packages (Fyne included) initialized under the environment the
// test chooses.
func TestMain(m *testing.M) {
	if os.Getenv("YOYAK_RUN_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// The command line must start clean under every locale scripts and
// containers use, with nothing from Fyne on stderr.
func TestCommandLineQuietUnderEveryLocale(t *testing.T) {
	for _, lang := range []string{"C.UTF-8", "C", "POSIX", "", "ko_KR.UTF-8", "en_US.UTF-8"} {
		t.Run("LANG="+lang, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "help")
			cmd.Env = append(withoutLocale(os.Environ()), "YOYAK_RUN_MAIN=1", "LANG="+lang)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("yoyak help: %v\nstderr: %s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), "summarize") {
				t.Errorf("help lists no summarize command:\n%s", stdout.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr is not empty:\n%s", stderr.String())
			}
		})
	}
}

func withoutLocale(env []string) []string {
	var out []string
	for _, kv := range env {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES":
			continue
		}
		out = append(out, kv)
	}
	return out
}
