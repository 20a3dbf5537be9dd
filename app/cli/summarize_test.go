package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/summary"
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
	// Usage errors in Korean too.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"summarize", "--format", "xml", file}, "--format은 text, md, json, docx, hwpx 중 하나"},
		{[]string{"summarize"}, "요약할 파일(FILE)"},
		{[]string{"summarize", "--print-prompt", dir}, "폴더가 아닌 파일"},
		{[]string{"summarize", "--format", "json", dir}, "--format은 md, docx, hwpx 중 하나"},
	} {
		t.Setenv("LC_ALL", "ko_KR.UTF-8")
		var out, errb bytes.Buffer
		if code := Main(c.args, strings.NewReader(""), &out, &errb); code != exitUsage || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errb.String(), c.want)
		}
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
		{"out in a missing folder", []string{"summarize", "--model", model, "--out", filepath.Join(dir, "no", "x.md"), sumWriteFile(t, dir, "ok4.txt", "회의록")},
			"The folder to save in does not exist", "저장할 폴더가 없거나"},
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
	// 32 tokens cannot hold an answer: said, not cut silently (the tiny
	// model may instead loop, which the guard stops and says too).
	if !strings.Contains(stderr, "token limit") && !strings.Contains(stderr, "repeating itself") {
		t.Errorf("stderr %q says nothing of the cut answer", stderr)
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

	// Split: each part's prompt after its header line, framed by its byte
	// count; transcript lines that look like a header (or the old "-----"
	// separator) change nothing.
	text := sumMeeting(20) + "-----\n" + fmt.Sprintf(promptHeader, 2, 3, 10) + sumMeeting(20)
	file = sumWriteFile(t, dir, "long.txt", text)
	code, stdout, stderr = sumRun(t, "", "summarize", "--model", model, "--ctx", "256", "--print-prompt", file)
	if code != exitOK {
		t.Fatalf("split: exit %d: %s", code, stderr)
	}
	prompts := splitPrintedPrompts(t, stdout)
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

// splitPrintedPrompts reads --print-prompt's output of a split transcript:
// per part, a header line, exactly the bytes it counts, a newline.
func splitPrintedPrompts(t *testing.T, out string) []string {
	t.Helper()
	var parts []string
	n := 0
	for out != "" {
		line, rest, ok := strings.Cut(out, "\n")
		var i, k, size int
		if _, err := fmt.Sscanf(line, "----- part %d/%d: %d bytes -----", &i, &k, &size); !ok || err != nil ||
			fmt.Sprintf(promptHeader, i, k, size) != line+"\n" || i != len(parts)+1 || (n != 0 && k != n) {
			t.Fatalf("part %d: header %q", len(parts)+1, line)
		}
		n = k
		if len(rest) < size+1 || rest[size] != '\n' {
			t.Fatalf("part %d: %d bytes do not end in a newline", i, size)
		}
		parts = append(parts, rest[:size])
		out = rest[size+1:]
	}
	if len(parts) != n {
		t.Fatalf("%d parts printed, headers say %d", len(parts), n)
	}
	return parts
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
	if stdout.String() != "0 summarized, 0 skipped, 0 failed\n" {
		t.Errorf("stdout %q after an interrupt, want the count line", stdout.String())
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

// streamAnswer runs pieces through a textStream the way the pipeline does:
// every piece reaches the stream, the pipeline's own guard stops the answer
// on a loop, and the final text is the guard's trim, rendered as text.
func streamAnswer(pieces []string) (live, written, final string) {
	var b bytes.Buffer
	ts := &textStream{w: &b}
	var g summary.Guard
	var raw strings.Builder
	for _, p := range pieces {
		raw.WriteString(p)
		ts.write(p)
		if g.Feed(p) {
			break
		}
	}
	live = b.String()
	final = app.Result{Text: g.Trim(raw.String())}.Render(summary.Text)
	ts.finish(final)
	return live, b.String(), final
}

func TestTextStream(t *testing.T) {
	tests := []struct {
		name   string
		pieces []string
		live   string // written before finish (a line's end waits for the next line)
	}{
		{"lines stream, the last at the end", []string{"제목: 회", "의\n1. 예", "산\n- 늘었다"}, "제목: 회의\n1. 예산"},
		{"a looping line never shows", []string{"- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 예산을 검토했다. 예산을"}, ""},
		{"a repeated line is held back", []string{"- 가나다라마바사아자차\n", "- 가나다라마바사아자차\n", "- 끝\n"},
			"- 가나다라마바사아자차"},
		{"the card's sample streams trimmed", pieces("제목: 예산 회의\n1. 현황\n- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다.\n- 인건비가 크다.\n2. 계획\n- 세부안", 2),
			"제목: 예산 회의\n1. 현황\n- 예산을 검토했다.\n- 인건비가 크다.\n2. 계획"},
		{"a line a later loop cuts never shows", pieces("제목: 회의\n가나다\n라가나다\n라가나다\n라가나다\n라가나다\n라", 1),
			"제목: 회의\n가나다"},
		{"blank lines wait for text", []string{"\n 제목: 회의\n\n", "1. 예산\n\n\n"}, "제목: 회의\n\n1. 예산"},
		{"empty answer", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			live, written, final := streamAnswer(tt.pieces)
			if live != tt.live {
				t.Errorf("live %q, want %q", live, tt.live)
			}
			if written != final {
				t.Errorf("written %q, want the final text %q", written, final)
			}
		})
	}
	// A final text that does not begin with what was written (not expected):
	// the rest follows on a line of its own.
	var b bytes.Buffer
	b.WriteString("a\nb\n")
	ts := &textStream{w: &b, started: true}
	ts.written.WriteString("a\nb\n")
	ts.finish("a\nc\n")
	if b.String() != "a\nb\nc\n" {
		t.Errorf("diverging final: %q", b.String())
	}
}

// Long answers (far past the guard's 256-character window, where the
// stream trims only what follows its last quiet line) with repeats of every
// kind at random places, cut into random pieces: live text is always the
// beginning of the final text, and stdout ends as exactly the final text.
func TestTextStreamLong(t *testing.T) {
	lines := []string{"제목: 2024년 예산 편성 회의", "1. 예산 현황", "- 올해 예산은 전년 대비 5% 증가했다.", "- 인건비 비중이 가장 크다.",
		"2. 향후 계획", "- 다음 달까지 세부안을 마련한다.", "- 1분기 매출은 전년 대비 7% 늘었다.", "- 담당: 김민수", "", "- 운영비는 3% 줄었다."}
	r := rand.New(rand.NewPCG(21, 22))
	for iter := 0; iter < 300; iter++ {
		var b strings.Builder
		for n := 20 + r.IntN(120); n > 0; n-- {
			l := lines[r.IntN(len(lines))]
			if n%7 != 0 {
				l += fmt.Sprintf(" (%d)", r.IntN(1000)) // most lines distinct, some said again
			}
			switch r.IntN(30) {
			case 0: // a clause said three or more times in a bullet
				c := fmt.Sprintf(" 예산 %d건을 검토했다.", r.IntN(50))
				l += strings.Repeat(c, 3+r.IntN(3))
			case 1: // a block of lines repeated
				block := fmt.Sprintf("- 항목 %d을 논의했다.\n- 결론은 보류다.\n", r.IntN(50))
				l = strings.TrimSuffix(strings.Repeat(block, 2+r.IntN(3)), "\n")
			case 2: // a short loop
				l += strings.Repeat(" 의", 4+r.IntN(10))
			case 3: // blank lines and spaces
				l += strings.Repeat("\n", 2+r.IntN(5)) + "   "
			}
			b.WriteString(l + "\n")
		}
		answer := b.String()
		var ps []string
		for rest := []rune(answer); len(rest) > 0; {
			k := min(1+r.IntN(6), len(rest))
			ps = append(ps, string(rest[:k]))
			rest = rest[k:]
		}
		live, written, final := streamAnswer(ps)
		if !strings.HasPrefix(final, live) {
			t.Fatalf("answer %q:\nlive %q\nis not the beginning of the final %q", answer, live, final)
		}
		if written != final {
			t.Fatalf("answer %q:\nwrote %q\nwant %q", answer, written, final)
		}
	}
}

// pieces cuts s into pieces of n characters (the last may be shorter).
func pieces(s string, n int) []string {
	return regexp.MustCompile(fmt.Sprintf("(?s).{1,%d}", n)).FindAllString(s, -1)
}

// FuzzTextStream: whatever the answer and however it is cut into pieces,
// what streams live is the beginning of the final text and, once finished,
// stdout holds exactly the final text — never a line taken back.
func FuzzTextStream(f *testing.F) {
	f.Add("제목: 회의\n1. 예산\n- 늘었다\n", 3)
	f.Add("- 가나다라마바사아자차\n- 가나다라마바사아자차\n- 끝", 5)
	f.Add("\n\n a \n", 1)
	f.Add("- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다.\n- 끝\n", 4)
	f.Add("가나다\n라가나다\n라가나다\n라가나다\n라", 1)
	f.Fuzz(func(t *testing.T, answer string, cut int) {
		if cut < 1 || cut > 64 || !utf8.ValidString(answer) {
			t.Skip() // the engine sends whole UTF-8 pieces
		}
		var ps []string
		for rest := answer; rest != ""; {
			n := min(cut, len(rest))
			for n < len(rest) && !utf8.RuneStart(rest[n]) {
				n++
			}
			ps = append(ps, rest[:n])
			rest = rest[n:]
		}
		live, written, final := streamAnswer(ps)
		if !strings.HasPrefix(final, live) {
			t.Fatalf("live %q is not the beginning of the final %q", live, final)
		}
		if written != final {
			t.Fatalf("wrote %q, want %q", written, final)
		}
	})
}

// BenchmarkTextStream streams answers of about 3,000, 30,000 and 90,000
// characters (the last near the longest --max-tokens allows) line by line
// in pieces of two characters. Each line end trims the answer so far, so
// the cost per character grows with the answer: compare the ns/char.
func BenchmarkTextStream(b *testing.B) {
	for _, lines := range []int{100, 1000, 3000} {
		var sb strings.Builder
		for i := range lines {
			fmt.Fprintf(&sb, "- %d번째 항목: 예산 편성과 일정 조정을 논의했다.\n", i+1)
		}
		ps := pieces(sb.String(), 2)
		chars := utf8.RuneCountInString(sb.String())
		b.Run(fmt.Sprintf("%dchars", chars), func(b *testing.B) {
			for b.Loop() {
				ts := &textStream{w: io.Discard}
				for _, p := range ps {
					ts.write(p)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(chars), "ns/char")
		})
	}
}

// Ctrl+C while waiting for stdin (a terminal, nothing typed yet) stops the
// command instead of waiting for Ctrl+D.
func TestSummarizeInterruptStdin(t *testing.T) {
	model := sumTinyModel(t)
	t.Setenv("LC_ALL", "C")
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- runSummarize(ctx, env{args: []string{"--model", model, "-"}, stdin: pr, stdout: &out, stderr: &errb})
	}()
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted || !strings.Contains(errb.String(), "stdin: Cancelled.") {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
	case <-time.After(time.Minute): // a hang, not a timing check
		t.Fatal("still waiting for stdin after Ctrl+C")
	}
}

// The flag package's errors, said in Korean (English keeps its words).
func TestFlagError(t *testing.T) {
	for _, c := range []struct {
		args []string
		ko   string
	}{
		{[]string{"--nope"}, "없는 옵션입니다: -nope"},
		{[]string{"--threads", "many"}, `-threads 옵션의 값 "many"이(가) 올바르지 않습니다.`},
		{[]string{"--cpu=maybe"}, `-cpu 옵션의 값 "maybe"이(가) 올바르지 않습니다.`},
		{[]string{"--model"}, "옵션에 값이 필요합니다: -model"},
	} {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		quietFlags(fs, io.Discard, "")
		fs.Int("threads", 0, "")
		fs.Bool("cpu", false, "")
		fs.String("model", "", "")
		err := fs.Parse(c.args)
		if err == nil {
			t.Fatalf("%v parsed", c.args)
		}
		if got := flagError(err, "ko"); got != c.ko {
			t.Errorf("%v: %q, want %q", c.args, got, c.ko)
		}
		if got := flagError(err, "en"); got != err.Error() {
			t.Errorf("%v: English %q", c.args, got)
		}
	}
}
