package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain lets a test re-run this binary as yoyak itself, with the whole
// program's packages (Fyne included) initialized under the environment the
// test chooses. The children get a data folder of their own, so their crash
// files and history never land in the user's.
func TestMain(m *testing.M) {
	if os.Getenv("YOYAK_RUN_MAIN") == "1" {
		main()
	}
	data, err := os.MkdirTemp("", "yoyak-main-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("YOYAK_DATA_DIR", data)
	code := m.Run()
	os.RemoveAll(data)
	os.Exit(code)
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

// Outside a command, the window opens only for no arguments or one
// existing file, and only where there is a display: otherwise yoyak says
// what is wrong in the user's language and exits 2. (It used to open the
// window for any unknown word, and panic with a GLFW trace without X.)
func TestWindowRefusals(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/회의록.txt"
	if err := os.WriteFile(file, []byte("회의록"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		ko   string
		en   string
	}{
		{"a mistyped command", []string{"summarise", file}, `모르는 명령입니다: "summarise"`, `unknown command "summarise"`},
		{"a missing file", []string{dir + "/없음.txt"}, "파일을 찾을 수 없습니다", "file not found"},
		{"a folder", []string{dir}, "파일 하나만", "one transcript file"},
		{"no display", nil, "화면(X11/Wayland)이 없어", "no display"},
		{"a file but no display", []string{file}, "화면(X11/Wayland)이 없어", "no display"},
	}
	for _, tt := range tests {
		for _, lang := range []string{"ko_KR.UTF-8", "C.UTF-8"} {
			t.Run(tt.name+"/"+lang, func(t *testing.T) {
				cmd := exec.Command(os.Args[0], tt.args...)
				cmd.Env = append(withoutDisplay(withoutLocale(os.Environ())), "YOYAK_RUN_MAIN=1", "LANG="+lang)
				var stdout, stderr strings.Builder
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				cmd.Run()
				want := tt.en
				if strings.HasPrefix(lang, "ko") {
					want = tt.ko
				}
				if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(stderr.String(), want) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr.String(), want)
				}
				if s := stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "GLFW") {
					t.Errorf("a crash instead of a message:\n%s", s)
				}
			})
		}
	}
}

func withoutDisplay(env []string) []string {
	var out []string
	for _, kv := range env {
		switch name, _, _ := strings.Cut(kv, "="); name {
		case "DISPLAY", "WAYLAND_DISPLAY":
			continue
		}
		out = append(out, kv)
	}
	return out
}
