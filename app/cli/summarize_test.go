package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/models/synthetic"
)

// The summarize tests run the command in process through Main, and as a
// real process (this test binary re-executed as the CLI) where a signal or
// the environment must be real. They use the real llama.cpp runtime and the
// tiny synthetic model, whose random weights write nonsense: they check
// streams, files and exit codes, not words.

// tinyModel writes the tiny synthetic model (2 MB, a fraction of a second)
// for one test.
func sumTinyModel(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(p, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	return p
}

// sumRun runs Main in process with English messages.
func sumRun(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("LC_ALL", "C")
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func sumWriteFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sumMeeting(lines int) string {
	var b strings.Builder
	for i := range lines {
		fmt.Fprintf(&b, "김민수: %d번째 안건은 예산 편성과 일정 조정입니다. 다음 회의까지 세부안을 준비하겠습니다.\n", i+1)
	}
	return b.String()
}

func TestSummarizeUsageErrors(t *testing.T) {
	dir := t.TempDir()
	file := sumWriteFile(t, dir, "a.txt", "회의록입니다.")
	tests := []struct {
		name string
		args []string
	}{
		{"no input", []string{"summarize"}},
		{"two inputs", []string{"summarize", file, file}},
		{"unknown flag", []string{"summarize", "--nope", file}},
		{"bad format", []string{"summarize", "--format", "xml", file}},
		{"bad number", []string{"summarize", "--threads", "many", file}},
		{"threads out of range", []string{"summarize", "--threads", "-1", file}},
		{"context too small", []string{"summarize", "--ctx", "10", file}},
		{"max tokens zero", []string{"summarize", "--max-tokens", "0", file}},
		{"out with a folder", []string{"summarize", "--out", filepath.Join(dir, "x.md"), dir}},
		{"json for a folder", []string{"summarize", "--format", "json", dir}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := sumRun(t, "", tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, exitUsage, stderr)
			}
			if stdout != "" || stderr == "" {
				t.Errorf("stdout %q, stderr %q", stdout, stderr)
			}
		})
	}
	if code, stdout, _ := sumRun(t, "", "summarize", "--help"); code != exitOK || stdout != "" {
		t.Errorf("--help: exit %d", code)
	}
}

func TestSummarizeFailures(t *testing.T) {
	dir := t.TempDir()
	model := sumTinyModel(t)
	tests := []struct {
		name string
		args []string
		want string // in the one error line
		ko   string // the same, Korean locale
	}{
		{"missing file", []string{"summarize", "--model", model, filepath.Join(dir, "none.txt")},
			"none.txt: File not found.", "none.txt: 파일을 찾을 수 없습니다."},
		{"binary file", []string{"summarize", "--model", model, sumWriteFile(t, dir, "img.txt", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")},
			"This is not a text document.", "텍스트 문서가 아닙니다."},
		{"empty file", []string{"summarize", "--model", model, sumWriteFile(t, dir, "empty.txt", "  \n")},
			"The file has no text to summarize.", "파일에 요약할 내용이 없습니다."},
		{"legacy hwp", []string{"summarize", "--model", model, sumWriteFile(t, dir, "old.hwp", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"+strings.Repeat("\x00", 512))},
			".hwpx", ".hwpx"},
		{"missing model", []string{"summarize", "--model", filepath.Join(dir, "none.gguf"), sumWriteFile(t, dir, "ok.txt", "회의록")},
			"Model file not found", "모델 파일을 찾을 수 없습니다"},
		{"not a model", []string{"summarize", "--model", sumWriteFile(t, dir, "fake.gguf", "not a gguf file at all"), sumWriteFile(t, dir, "ok2.txt", "회의록")},
			"not a GGUF file", "GGUF 형식이 아닙니다"},
		{"unknown model name", []string{"summarize", "--model", "no-such-model", sumWriteFile(t, dir, "ok3.txt", "회의록")},
			"yoyak models list", "yoyak models list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := sumRun(t, "", tt.args...)
			if code != exitFailure {
				t.Errorf("exit %d, want 1; stderr %q", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			// Progress lines may come first; the error is the one last line.
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "yoyak: ") || !strings.Contains(last, tt.want) || strings.Count(stderr, "yoyak: ") != 1 {
				t.Errorf("stderr %q, want one line with %q", stderr, tt.want)
			}
			// The same error in Korean.
			t.Setenv("LC_ALL", "ko_KR.UTF-8")
			var out, errb bytes.Buffer
			Main(tt.args, strings.NewReader(""), &out, &errb)
			if !strings.Contains(errb.String(), tt.ko) || strings.Count(errb.String(), "yoyak: ") != 1 {
				t.Errorf("Korean stderr %q, want one line with %q", errb.String(), tt.ko)
			}
		})
	}
}

func TestSummarizeFile(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	file := sumWriteFile(t, dir, "회의.txt", sumMeeting(3))
	code, stdout, stderr := sumRun(t, "", "summarize", "--model", model, "--cpu", "--max-tokens", "32", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "done: ") || !strings.Contains(stderr, "loading the model") {
		t.Errorf("stderr %q, want plain progress lines and the done line", stderr)
	}
	if strings.Contains(stderr, "\r") {
		t.Error("a live progress line on a non-terminal")
	}
	if strings.TrimSpace(stdout) != "" && !strings.HasSuffix(stdout, "\n") {
		t.Errorf("stdout %q does not end its line", stdout)
	}

	// JSON at the end, valid; the same from stdin.
	code, stdout, stderr = sumRun(t, sumMeeting(2), "summarize", "--model", model, "--cpu", "--max-tokens", "32", "--format", "json", "-")
	if code != exitOK {
		t.Fatalf("stdin json: exit %d: %s", code, stderr)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Errorf("stdout is not JSON: %v: %q", err, stdout)
	}

	// --out writes the file (atomically) and nothing to stdout.
	out := filepath.Join(dir, "요약.md")
	code, stdout, stderr = sumRun(t, "", "summarize", "--model", model, "--cpu", "--max-tokens", "32", "--format", "md", "--out", out, file)
	if code != exitOK || stdout != "" {
		t.Fatalf("--out: exit %d, stdout %q: %s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
	sumNoPartFiles(t, dir)
}

func TestSummarizePrintPrompt(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	file := sumWriteFile(t, dir, "a.txt", "김민수: 예산이 늘었습니다.\n이영희: 세부안을 만들겠습니다.\n")
	code, stdout, stderr := sumRun(t, "", "summarize", "--model", model, "--print-prompt", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "Instruction: 요약 할 문장 :\n[김민수: 예산이 늘었습니다.\n이영희: 세부안을 만들겠습니다.\n]\n output:"
	if stdout != want {
		t.Errorf("prompt\n%q\nwant\n%q", stdout, want)
	}
	if stderr != "" {
		t.Errorf("stderr %q", stderr)
	}

	// Split: each part's prompt, separated by a line of its own.
	text := sumMeeting(40)
	file = sumWriteFile(t, dir, "long.txt", text)
	code, stdout, stderr = sumRun(t, "", "summarize", "--model", model, "--ctx", "256", "--print-prompt", file)
	if code != exitOK {
		t.Fatalf("split: exit %d: %s", code, stderr)
	}
	prompts := strings.Split(stdout, "\n"+promptSeparator+"\n")
	if len(prompts) < 3 {
		t.Fatalf("%d prompts for 40 lines in a 256-token context", len(prompts))
	}
	doc, err := transcript.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for i, p := range prompts {
		body, ok := strings.CutPrefix(p, "Instruction: 요약 할 문장 :\n[")
		if ok {
			body, ok = strings.CutSuffix(body, "\n]\n output:")
		}
		if !ok {
			t.Fatalf("prompt %d is not the template: %q", i, p)
		}
		if !strings.Contains(doc.Text, body) {
			t.Errorf("part %d is not a piece of the transcript: %q", i, body)
		}
		bodies = append(bodies, body)
	}
	for _, l := range strings.Split(doc.Text, "\n") {
		found := false
		for _, b := range bodies {
			found = found || strings.Contains(b, l)
		}
		if !found {
			t.Errorf("line %q is in no part", l)
		}
	}
}

func TestSummarizeSplitRun(t *testing.T) {
	model := sumTinyModel(t)
	file := sumWriteFile(t, t.TempDir(), "long.txt", sumMeeting(12))
	code, _, stderr := sumRun(t, "", "summarize", "--model", model, "--cpu", "--ctx", "256", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"part 1/", "part 2/", "final summary: writing"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Index(stderr, "final summary") < strings.LastIndex(stderr, "part ") {
		t.Errorf("the final pass did not come last:\n%s", stderr)
	}
}

func TestSummarizeFolder(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	sumWriteFile(t, dir, "a.txt", sumMeeting(2))
	sumWriteFile(t, dir, "b.srt", "1\n00:00:01,000 --> 00:00:03,000\n안녕하세요, 회의를 시작하겠습니다.\n\n2\n00:00:03,000 --> 00:00:05,000\n예산 이야기부터 하겠습니다.\n")
	sumWriteFile(t, dir, "c.md", "# 회의\n\n예산을 검토했다.\n")
	sumWriteFile(t, dir, "notes.pdf", "%PDF-1.4")
	existing := sumWriteFile(t, dir, "b.summary.md", "내 요약\n")
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	sumWriteFile(t, filepath.Join(dir, "sub"), "d.txt", "하위 폴더")

	args := []string{"summarize", "--model", model, "--cpu", "--max-tokens", "24", dir}
	code, stdout, stderr := sumRun(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "2 summarized, 1 skipped, 0 failed\n" {
		t.Errorf("count line %q", stdout)
	}
	for _, n := range []string{"a.summary.md", "c.summary.md"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Error(err)
		}
	}
	if b, _ := os.ReadFile(existing); string(b) != "내 요약\n" {
		t.Error("an existing summary was overwritten without --force")
	}
	for _, n := range []string{"notes.summary.md", "sub/d.summary.md", "c.summary.summary.md"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s written", n)
		}
	}
	// Again: everything exists now.
	if _, stdout, _ = sumRun(t, "", args...); stdout != "0 summarized, 3 skipped, 0 failed\n" {
		t.Errorf("rerun count line %q", stdout)
	}
	// --force overwrites.
	code, stdout, stderr = sumRun(t, "", append([]string{"summarize", "--force"}, args[1:]...)...)
	if code != exitOK || stdout != "3 summarized, 0 skipped, 0 failed\n" {
		t.Errorf("--force: exit %d, %q: %s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(existing); string(b) == "내 요약\n" {
		t.Error("--force kept the old summary")
	}
	// A bad transcript fails alone; the status says so.
	sumWriteFile(t, dir, "bad.txt", "\x00\x01\x02\x03binary\x00\x00")
	code, stdout, stderr = sumRun(t, "", args...)
	if code != exitFailure || stdout != "0 summarized, 3 skipped, 1 failed\n" || !strings.Contains(stderr, "bad.txt: This is not a text document.") {
		t.Errorf("bad file: exit %d, %q: %s", code, stdout, stderr)
	}
	sumNoPartFiles(t, dir)
}

func sumNoPartFiles(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".part") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestCLIProcess is not a test: run with YOYAK_CLI_MAIN=1 it is the yoyak
// command line (the arguments after "--"), so tests can run the CLI as a
// real process without building the window's binary.
func TestCLIProcess(t *testing.T) {
	if os.Getenv("YOYAK_CLI_MAIN") != "1" {
		t.Skip("helper process for the tests that run the CLI as a process")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Main(args, os.Stdin, os.Stdout, os.Stderr))
}

// cliCommand is this test binary as the CLI, with env added.
func sumCommand(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-test.run=^TestCLIProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), append([]string{"YOYAK_CLI_MAIN=1", "LC_ALL=C"}, env...)...)
	return cmd
}

func TestSummarizeInterrupt(t *testing.T) {
	model := sumTinyModel(t)
	dir := t.TempDir()
	// Many parts in a small context: a run of many seconds, interrupted
	// while it summarizes the second part.
	sumWriteFile(t, dir, "long.txt", sumMeeting(400))
	cmd := sumCommand(t, nil, "summarize", "--model", model, "--cpu", "--ctx", "256", dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		signalled := false
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if !signalled && strings.Contains(sc.Text(), "part 2/") {
				signalled = true
				cmd.Process.Signal(os.Interrupt)
			}
		}
		exited <- cmd.Wait()
	}()
	select {
	case err = <-exited:
	case <-time.After(2 * time.Minute): // a hang, not a timing check
		cmd.Process.Kill()
		<-exited
		t.Fatalf("the CLI did not stop after the interrupt:\n%s", log.String())
	}
	code := cmd.ProcessState.ExitCode()
	if code != exitInterrupted {
		t.Fatalf("exit %d (%v), want %d:\n%s", code, err, exitInterrupted, log.String())
	}
	if !strings.Contains(log.String(), "Cancelled.") {
		t.Errorf("stderr lacks the cancel message:\n%s", log.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q after an interrupt", stdout.String())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		for _, e := range ents {
			t.Errorf("left in the folder: %s", e.Name())
		}
	}
}

func TestSummarizeNoModel(t *testing.T) {
	file := sumWriteFile(t, t.TempDir(), "a.txt", "회의록")
	data := t.TempDir()
	cmd := sumCommand(t, []string{"XDG_DATA_HOME=" + data, "YOYAK_DATA_DIR=" + data}, "summarize", file)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitFailure {
		t.Errorf("exit %d, want 1: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "yoyak models pull") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("stderr %q, want one line telling how to get the model", errb.String())
	}
}

func TestTextStream(t *testing.T) {
	tests := []struct {
		name    string
		pieces  []string
		final   string
		live    string // written before finish
		written string // everything in the end
	}{
		{"lines stream, the last at the end", []string{"제목: 회", "의\n1. 예", "산\n- 늘었다"}, "제목: 회의\n1. 예산\n- 늘었다\n",
			"제목: 회의\n1. 예산\n", "제목: 회의\n1. 예산\n- 늘었다\n"},
		{"a looping line never shows", []string{"- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 예산을"}, "- 예산을 검토했다.\n",
			"", "- 예산을 검토했다.\n"},
		{"a repeated line is held back", []string{"- 가나다라마바사아자차\n", "- 가나다라마바사아자차\n", "- 끝\n"},
			"- 가나다라마바사아자차\n- 끝\n", "- 가나다라마바사아자차\n", "- 가나다라마바사아자차\n- 끝\n"},
		{"a trim of a written line", []string{"a\n", "b\n"}, "a\nc\n", "a\nb\n", "a\nb\nc\n"},
		{"empty answer", nil, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			ts := &textStream{w: &b}
			for _, p := range tt.pieces {
				ts.write(p)
			}
			if b.String() != tt.live {
				t.Errorf("live %q, want %q", b.String(), tt.live)
			}
			ts.finish(tt.final)
			if b.String() != tt.written {
				t.Errorf("written %q, want %q", b.String(), tt.written)
			}
		})
	}
}

// FuzzTextStream: when the guard trimmed nothing, what the stream writes is
// exactly the answer, however it was cut into pieces.
func FuzzTextStream(f *testing.F) {
	f.Add("제목: 회의\n1. 예산\n- 늘었다\n", 3)
	f.Add("- 가나다라마바사아자차\n- 가나다라마바사아자차\n- 끝", 5)
	f.Add("\n\n a \n", 1)
	f.Fuzz(func(t *testing.T, answer string, cut int) {
		if cut < 1 || cut > 64 {
			t.Skip()
		}
		var b bytes.Buffer
		ts := &textStream{w: &b}
		for rest := answer; rest != ""; {
			n := min(cut, len(rest))
			ts.write(rest[:n])
			rest = rest[n:]
		}
		live := b.String()
		if !strings.HasPrefix(answer, live) {
			t.Fatalf("live %q is not the answer's beginning %q", live, answer)
		}
		ts.finish(answer)
		if b.String() != answer {
			t.Fatalf("wrote %q, want %q", b.String(), answer)
		}
	})
}
