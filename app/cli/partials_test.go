//go:build unix

package cli

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/yoyak/yoyak/models"
)

// A stopped download shows in `models list` with what to do, and `models
// rm` removes it: no hidden hundreds of MB.
func TestModelsListAndRemovePartial(t *testing.T) {
	dataDir, _, _ := modelsEnv(t)
	root := filepath.Join(dataDir, "models")
	must(t, os.MkdirAll(root, 0o700))
	def := models.Default()
	must(t, os.WriteFile(filepath.Join(root, def.File+".part"), make([]byte, 3_000_000), 0o600))
	code, stdout, stderr := sumRun(t, "", "models", "list")
	if code != exitOK {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	line := ""
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, def.Name+" ") {
			line = l
		}
	}
	if !strings.Contains(line, "3.0 MB") || !strings.Contains(line, "partial") || !strings.Contains(line, "yoyak models rm "+def.Name) {
		t.Errorf("list shows the partial download as %q:\n%s", line, stdout)
	}
	code, stdout, stderr = sumRun(t, "", "models", "rm", def.Name)
	if code != exitOK || !strings.Contains(stdout, "removed the partial download") {
		t.Fatalf("rm: exit %d, %q, %q", code, stdout, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(root, "*.part*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	if code, _, stderr = sumRun(t, "", "models", "rm", def.Name); code != exitFailure || !strings.Contains(stderr, "no model named") {
		t.Errorf("second rm: exit %d, %q", code, stderr)
	}
}

// Ctrl+C during `models add` exits 130 like summarize, and the copy's
// temporary file goes with it.
func TestModelsAddInterrupted(t *testing.T) {
	dataDir, _, _ := modelsEnv(t)
	data, _ := tinyBytes(t)
	src := filepath.Join(t.TempDir(), "mine.gguf")
	must(t, os.WriteFile(src, data, 0o600))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	code := runModels(ctx, env{args: []string{"add", "--copy", src}, stdout: &out, stderr: &errb})
	if code != exitInterrupted || !strings.Contains(errb.String(), "Cancelled.") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	if left, _ := filepath.Glob(filepath.Join(dataDir, "models", ".*.tmp")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// SIGTERM and SIGHUP (a kill, a closed terminal) stop a command through
// its context like Ctrl+C, so its cleanups run; they used to kill it
// outright, leaving `models add --copy`'s temporary file behind.
func TestTerminationSignalsCancel(t *testing.T) {
	model := sumTinyModel(t)
	in := sumWriteFile(t, t.TempDir(), "long.txt", sumMeeting(400))
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			// Many parts in a small context: a run of many seconds, signalled
			// at its first progress line (Main's handlers are installed by then).
			cmd := sumCommand(t, nil, "summarize", "--model", model, "--cpu", "--ctx", "256", in)
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			must(t, cmd.Start())
			var log strings.Builder
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if log.Len() == 0 {
					cmd.Process.Signal(sig)
				}
				log.WriteString(sc.Text() + "\n")
			}
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != exitInterrupted || !strings.Contains(log.String(), "Cancelled.") {
				t.Errorf("exit %d, stderr %q; want %d and the cancel message", code, log.String(), exitInterrupted)
			}
		})
	}
}
