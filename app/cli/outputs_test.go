//go:build unix

package cli

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// --out never destroys what it must not, and says so before any model is
// loaded (no "loading the model" line: nothing was generated in vain).
func TestSummarizeOutRefusals(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	in := sumWriteFile(t, dir, "t.txt", sumMeeting(2))
	old := sumWriteFile(t, dir, "old.md", "내 요약\n")
	must(t, os.Symlink(in, filepath.Join(dir, "link.txt")))
	must(t, os.Link(in, filepath.Join(dir, "hard.txt")))
	fifo := filepath.Join(dir, "fifo.md")
	must(t, syscall.Mkfifo(fifo, 0o600))
	tests := []struct {
		name, out string
		force     bool
		want      string
	}{
		{"the input itself", in, true, "Cannot save over the input file"},
		{"the input through a symbolic link", filepath.Join(dir, "link.txt"), true, "Cannot save over the input file"},
		{"the input through a hard link", filepath.Join(dir, "hard.txt"), true, "Cannot save over the input file"},
		{"an existing file without --force", old, false, "add --force to overwrite it"},
		{"a FIFO", fifo, true, "not a regular file"},
		{"a device", os.DevNull, true, "not a regular file"},
		{"a folder", dir, true, "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"summarize", "--model", model, "--cpu", "--max-tokens", "16", "--out", tt.out}
			if tt.force {
				args = append(args, "--force")
			}
			code, stdout, stderr := sumRun(t, "", append(args, in)...)
			if code != exitFailure || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1 and %q", code, stdout, stderr, tt.want)
			}
			if strings.Contains(stderr, "loading the model") {
				t.Errorf("refused only after loading the model: %q", stderr)
			}
		})
	}
	if b, _ := os.ReadFile(in); string(b) != sumMeeting(2) {
		t.Errorf("the transcript was changed: %q", b)
	}
	if b, _ := os.ReadFile(old); string(b) != "내 요약\n" {
		t.Errorf("an existing file was overwritten without --force: %q", b)
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode().Type() != fs.ModeNamedPipe {
		t.Errorf("the FIFO was replaced: %v %v", st.Mode(), err)
	}
	if st, err := os.Lstat(os.DevNull); err != nil || st.Mode().Type()&fs.ModeDevice == 0 {
		t.Errorf("%s was replaced: %v %v", os.DevNull, st.Mode(), err)
	}
	// --force does overwrite an ordinary file, keeping the input's privacy.
	must(t, os.Chmod(in, 0o600))
	code, _, stderr := sumRun(t, "", "summarize", "--model", model, "--cpu", "--max-tokens", "16", "--force", "--out", old, in)
	if code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(old); string(b) == "내 요약\n" {
		t.Error("--force kept the old file")
	}
	if st, _ := os.Stat(old); st.Mode().Perm() != 0o600 {
		t.Errorf("summary of a 0600 transcript is %v", st.Mode().Perm())
	}
}

// Folder mode: a summary is as private as its transcript; a FIFO among
// the transcripts is skipped with a message instead of stalling the batch,
// and a FIFO where a summary would go is never replaced, even with --force.
func TestSummarizeFolderSpecialFiles(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	a := sumWriteFile(t, dir, "a.txt", sumMeeting(2))
	must(t, os.Chmod(a, 0o600))
	must(t, syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o600))
	sumWriteFile(t, dir, "b.txt", sumMeeting(1))
	must(t, syscall.Mkfifo(filepath.Join(dir, "b.summary.md"), 0o600))
	code, stdout, stderr := sumRun(t, "", "summarize", "--model", model, "--cpu", "--max-tokens", "16", "--force", dir)
	if code != exitFailure || stdout != "1 summarized, 1 skipped, 1 failed\n" {
		t.Fatalf("exit %d, %q: %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "skipped (not a regular file): "+filepath.Join(dir, "pipe.txt")) ||
		!strings.Contains(stderr, "b.summary.md: Cannot save to something that is not a regular file") {
		t.Errorf("stderr %q", stderr)
	}
	if st, err := os.Stat(filepath.Join(dir, "a.summary.md")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("a.summary.md of a 0600 transcript: %v %v", st.Mode(), err)
	}
}

// A FIFO given as the transcript is refused at once (it used to block on
// open forever, deaf to Ctrl+C); stdin stays allowed.
func TestSummarizeFIFOInput(t *testing.T) {
	model := sumTinyModel(t)
	fifo := filepath.Join(t.TempDir(), "in.txt")
	must(t, syscall.Mkfifo(fifo, 0o600))
	code, _, stderr := sumRun(t, "", "summarize", "--model", model, "--cpu", fifo)
	if code != exitFailure || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("exit %d: %q", code, stderr)
	}
	t.Setenv("LC_ALL", "ko_KR.UTF-8")
	var out, errb bytes.Buffer
	Main([]string{"summarize", "--model", model, fifo}, strings.NewReader(""), &out, &errb)
	if !strings.Contains(errb.String(), "일반 파일이 아닙니다") {
		t.Errorf("Korean: %q", errb.String())
	}
}

// Output that cannot be written (a full disk, a closed pipe) fails the
// command; it used to exit 0 as if the summary had been delivered.
func TestStdoutWriteErrors(t *testing.T) {
	model := sumTinyModel(t)
	in := sumWriteFile(t, t.TempDir(), "t.txt", sumMeeting(2))
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	for _, args := range [][]string{
		{"help"},
		{"models", "list"},
		{"summarize", "--model", model, "--print-prompt", in},
		{"summarize", "--model", model, "--cpu", "--max-tokens", "16", in},
		{"summarize", "--model", model, "--cpu", "--max-tokens", "16", "--format", "md", in},
	} {
		t.Run(strings.Join(args, " ")+" >/dev/full", func(t *testing.T) {
			cmd := sumCommand(t, []string{"YOYAK_DATA_DIR=" + t.TempDir()}, args...)
			var errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = full, &errb
			cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != exitFailure || !strings.Contains(errb.String(), "could not write the output") {
				t.Errorf("exit %d, stderr %q; want 1 and the write error", code, errb.String())
			}
		})
	}
	t.Run("help to a closed pipe", func(t *testing.T) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		defer w.Close()
		cmd := sumCommand(t, nil, "help")
		cmd.Stdout = w
		err = cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.Success() {
			t.Errorf("writing to a closed pipe: %v, want a failure", err)
		}
	})
}

// check refuses a FIFO as the summary (or the transcript) at once, rather
// than waiting for a writer past Ctrl+C.
func TestCheckRefusesFIFOs(t *testing.T) {
	dir := t.TempDir()
	tr := sumWriteFile(t, dir, "a.txt", "회의를 시작합니다.")
	fifo := filepath.Join(dir, "summary.md")
	must(t, syscall.Mkfifo(fifo, 0o600))
	for _, args := range [][]string{{"check", tr, fifo}, {"check", fifo, tr}} {
		code, _, errs := sumRun(t, "", args...)
		if code != exitFailure || !strings.Contains(errs, "summary.md") {
			t.Errorf("%v: exit %d, stderr %q; want a refusal naming the FIFO", args, code, errs)
		}
	}
}
