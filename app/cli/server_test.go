package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/inference/remote/servertest"
)

// The server commands run against a real llama-server (skipped without
// its build, failed under CI) serving the tiny synthetic model on loopback.

func TestServerCheckAndSummarize(t *testing.T) {
	srv := servertest.Start(t, servertest.Options{Model: sumTinyModel(t), Parallel: 2, CtxSlot: 1024, APIKey: "office-key"})

	code, out, errs := sumRun(t, "", "server", "check", "--api-key", "office-key", srv.URL)
	if code != 0 {
		t.Fatalf("server check: exit %d\n%s", code, errs)
	}
	for _, want := range []string{"kind:     llama-server", "model:    tiny.gguf", "context:  1024 tokens per request", "slots:    2", "counted by the server's tokenizer"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}

	code, _, errs = sumRun(t, "", "server", "check", "--api-key", "wrong-key", srv.URL)
	if code != 1 || !strings.Contains(errs, "refused the API key") || strings.Contains(errs, "wrong-key") {
		t.Errorf("wrong key: exit %d, %q (the key must never be printed)", code, errs)
	}

	// One file, the key from the environment.
	dir := t.TempDir()
	in := sumWriteFile(t, dir, "회의.txt", sumMeeting(3))
	t.Setenv("YOYAK_API_KEY", "office-key")
	code, out, errs = sumRun(t, "", "summarize", "--server", srv.URL, "--max-tokens", "24", "--format", "md", in)
	if code != 0 {
		t.Fatalf("summarize --server: exit %d\n%s", code, errs)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	if !strings.Contains(errs, "summarizing on server: "+host) || strings.Contains(errs, "warning") {
		t.Errorf("stderr does not say where the text went (or warns for loopback):\n%s", errs)
	}
	if strings.Contains(out+errs, "office-key") {
		t.Error("the API key was printed")
	}

	// A folder, two transcripts in flight, the server from the environment.
	for i, n := range []int{2, 30, 3} {
		sumWriteFile(t, dir, string(rune('a'+i))+".txt", sumMeeting(n))
	}
	os.Remove(in)
	// The output rules hold in server mode too: a private transcript gives a
	// private summary, and an output the rules refuse even with --force
	// (here a folder) fails before anything is sent.
	os.Chmod(filepath.Join(dir, "a.txt"), 0o600)
	sumWriteFile(t, dir, "d.txt", sumMeeting(2))
	os.Mkdir(filepath.Join(dir, "d.summary.md"), 0o755)
	t.Setenv("YOYAK_SERVER_URL", srv.URL)
	code, out, errs = sumRun(t, "", "summarize", "--jobs", "2", "--max-tokens", "24", "--force", dir)
	if code != 1 || !strings.Contains(out, "3 summarized, 0 skipped, 1 failed") {
		t.Fatalf("folder: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	for _, n := range []string{"a", "b", "c"} {
		if _, err := os.Stat(filepath.Join(dir, n+".summary.md")); err != nil {
			t.Error(err)
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "a.summary.md")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("summary of a 0600 transcript: mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
}

func TestServerFlagsWithoutServer(t *testing.T) {
	dir := t.TempDir()
	in := sumWriteFile(t, dir, "회의.txt", sumMeeting(2))
	t.Setenv("YOYAK_SERVER_URL", "")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad url", []string{"summarize", "--server", "gpu-box:8080", in}, 2, "must be an http:// or https:// URL"},
		{"plain http elsewhere", []string{"summarize", "--server", "http://127.0.0.1.invalid:1", in}, 1, "plain http"},
		{"unreachable", []string{"server", "check", "http://127.0.0.1:1"}, 1, "Cannot connect to the server"},
		{"no url", []string{"server", "check"}, 2, "YOYAK_SERVER_URL"},
		{"no subcommand", []string{"server"}, 2, "usage: yoyak server check"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := sumRun(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d (want %d), stderr %q lacks %q", code, tt.code, errs, tt.want)
			}
		})
	}
}
