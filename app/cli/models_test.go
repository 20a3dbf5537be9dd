package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/synthetic"
)

// modelsEnv points the store at a fresh folder and serves the tiny model
// (and a licence-gated catalog mirror) on loopback.
func modelsEnv(t *testing.T) (dataDir, url, sum string) {
	t.Helper()
	dataDir = t.TempDir()
	t.Setenv(models.DataDirEnv, dataDir)
	t.Setenv("LC_ALL", "C")
	data, sum := tinyBytes(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/tiny.gguf") {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "tiny.gguf", time.Unix(1700000000, 0), bytes.NewReader(data))
	}))
	t.Cleanup(ts.Close)
	return dataDir, ts.URL + "/files/tiny.gguf", sum
}

// tinyBytes is the tiny synthetic model's file and its sha256.
func tinyBytes(t *testing.T) (data []byte, sum string) {
	t.Helper()
	var buf bytes.Buffer
	if err := synthetic.Encode(&buf, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(h[:])
}

func TestModelsPullListInfoRemove(t *testing.T) {
	dataDir, url, sum := modelsEnv(t)

	code, out, errs := run(t, runModels, "", "list")
	if code != exitOK || !strings.Contains(out, "gemma-summary-v01") || !strings.Contains(out, "available") {
		t.Fatalf("list: %d %s %s", code, out, errs)
	}

	code, out, errs = run(t, runModels, "", "pull", "--url", url, "--sha256", sum, "--name", "tiny")
	if code != exitOK || !strings.Contains(out, "tiny:") {
		t.Fatalf("pull: %d %s %s", code, out, errs)
	}
	if !strings.Contains(errs, "downloading: 100%") {
		t.Errorf("no progress lines: %q", errs)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "models", "tiny.gguf")); err != nil {
		t.Error(err)
	}

	code, out, _ = run(t, runModels, "", "list")
	if code != exitOK || !strings.Contains(out, "tiny") || !strings.Contains(out, "downloaded") {
		t.Errorf("list after pull: %s", out)
	}
	code, out, errs = run(t, runModels, "", "info", "tiny")
	if code != exitOK || !strings.Contains(out, "gemma") || !strings.Contains(out, "8192") || !strings.Contains(out, "F16") {
		t.Errorf("info: %d %s %s", code, out, errs)
	}
	code, out, _ = run(t, runModels, "", "info", "gemma-summary-v01")
	if code != exitOK || !strings.Contains(out, "Gemma Terms of Use") || !strings.Contains(out, "not downloaded") {
		t.Errorf("info catalog: %s", out)
	}
	if code, out, _ = run(t, runModels, "", "rm", "tiny"); code != exitOK || out != "removed tiny (its file is deleted)\n" {
		t.Errorf("rm: %d %q", code, out)
	}
	if code, _, errs = run(t, runModels, "", "rm", "tiny"); code != exitFailure || !strings.Contains(errs, "no model named") {
		t.Errorf("rm again: %d %s", code, errs)
	}
}

func TestModelsPullErrors(t *testing.T) {
	_, url, sum := modelsEnv(t)
	wrong := strings.Repeat("0", 64)
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"checksum", []string{"pull", "--url", url, "--sha256", wrong}, exitFailure, "checksum"},
		{"404", []string{"pull", "--url", strings.Replace(url, "tiny", "none", 1), "--sha256", sum}, exitFailure, "404"},
		{"licence not accepted", []string{"pull", "gemma-summary-v01"}, exitFailure, "--accept-license"},
		{"unknown", []string{"pull", "nope"}, exitFailure, "no model named \"nope\""},
		{"bad sha256", []string{"pull", "--url", url, "--sha256", "abc"}, exitFailure, "64 hexadecimal digits"},
		{"not http", []string{"pull", "--url", "ftp://example.invalid/x.gguf", "--sha256", sum}, exitFailure, "http:// or https://"},
		{"bad name", []string{"pull", "--url", url, "--sha256", sum, "--name", "a/b"}, exitFailure, "letters, digits"},
		{"url without sum", []string{"pull", "--url", url}, exitUsage, "--sha256"},
		{"sum without url", []string{"pull", "--sha256", sum}, exitUsage, "--url"},
		{"no subcommand", nil, exitUsage, "usage"},
		{"bad subcommand", []string{"frob"}, exitUsage, "unknown subcommand"},
		{"add nothing", []string{"add"}, exitUsage, "usage"},
		{"info missing", []string{"info", "nope"}, exitFailure, "no model named"},
		{"rm missing", []string{"rm", "nope"}, exitFailure, "no model named"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := run(t, runModels, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, c.code, c.want)
			}
			if c.code == exitFailure {
				// progress lines, then the error: one line
				lines := strings.Split(strings.TrimSpace(errs), "\n")
				for i, l := range lines {
					if strings.HasPrefix(l, "yoyak models") != (i == len(lines)-1) {
						t.Errorf("want the error as the last and only line: %q", errs)
					}
				}
			}
		})
	}
}

func TestModelsLicencePrompt(t *testing.T) {
	modelsEnv(t)
	base := httptest.NewServer(http.NotFoundHandler())
	defer base.Close()
	t.Setenv(models.BaseURLEnv, base.URL)
	old := modelsTTY
	modelsTTY = func(any) bool { return true }
	defer func() { modelsTTY = old }()

	// Declined: nothing recorded, nothing fetched.
	code, _, errs := run(t, runModels, "n\n", "pull")
	if code != exitFailure || !strings.Contains(errs, "Gemma Terms of Use") || !strings.Contains(errs, "[y/N]") {
		t.Fatalf("decline: %d %q", code, errs)
	}
	s, _ := models.OpenStore("")
	if _, ok := s.LicenseAccepted("gemma-summary-v01"); ok {
		t.Error("declined licence recorded")
	}
	// Accepted: recorded, then the (mirror) download is tried — and 404s here.
	code, _, errs = run(t, runModels, "y\n", "pull", "gemma-summary-v01")
	if code != exitFailure || !strings.Contains(errs, "404") {
		t.Errorf("accept: %d %q", code, errs)
	}
	if _, ok := s.LicenseAccepted("gemma-summary-v01"); !ok {
		t.Error("accepted licence not recorded")
	}
	// The terminal bar redraws in place.
	if !strings.Contains(errs, "yoyak models:") {
		t.Errorf("stderr %q", errs)
	}
}

func TestModelsAdd(t *testing.T) {
	modelsEnv(t)
	dir := t.TempDir()
	tiny := filepath.Join(dir, "my-model.gguf")
	if err := synthetic.Write(tiny, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, runModels, "", "add", tiny)
	if code != exitOK || !strings.Contains(out, "added as my-model") || !strings.Contains(out, "architecture:") {
		t.Fatalf("add: %d %s %s", code, out, errs)
	}
	trunc := filepath.Join(dir, "cut.gguf")
	synthetic.WriteTruncated(trunc, synthetic.Tiny, -10)
	foreign := filepath.Join(dir, "bert.gguf")
	synthetic.WriteForeign(foreign, "bert-nonsense")
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello"), 0o644)
	crafted := filepath.Join(dir, "crafted.gguf") // a valid model with block_count 1000: llama.cpp aborts on it
	synthetic.WriteCrafted(crafted, "gemma.block_count", 1000)
	for file, want := range map[string]string{trunc: "cut short", foreign: "architecture", text: "not a GGUF",
		crafted: "settings are out of range"} {
		code, _, errs := run(t, runModels, "", "add", file)
		if code != exitFailure || !strings.Contains(errs, want) {
			t.Errorf("%s: %d %q", filepath.Base(file), code, errs)
		}
		code, _, errs = run(t, runModels, "", "info", file)
		if code != exitFailure || !strings.Contains(errs, want) {
			t.Errorf("info %s: %d %q", filepath.Base(file), code, errs)
		}
	}
}

// The models command speaks the window's words (app.Message), in Korean
// under a Korean locale, on one line.
func TestModelsKorean(t *testing.T) {
	_, url, _ := modelsEnv(t)
	t.Setenv("LC_ALL", "ko_KR.UTF-8")
	for args, want := range map[string]string{
		"pull nope": "\"nope\"라는 모델이 없습니다.",
		"pull --url " + url + " --sha256 " + strings.Repeat("0", 64): "받은 파일이 체크섬과 맞지 않아 지웠습니다.",
		"pull --url " + url + " --sha256 abc":                        "16진수 64자리",
		"pull gemma-summary-v01":                                     "--accept-license를 붙여",
		"frob":                                                       "모르는 하위 명령",
	} {
		_, _, errs := run(t, runModels, "", strings.Fields(args)...)
		if !strings.Contains(errs, want) {
			t.Errorf("%s: stderr %q, want %q", args, errs, want)
		}
	}
}

// Ctrl+C in a download: exit 130, one line saying it resumes, the .part kept
// and the next pull finishing from it.
func TestModelsPullCancelResumes(t *testing.T) {
	dataDir := t.TempDir()
	t.Setenv(models.DataDirEnv, dataDir)
	t.Setenv("LC_ALL", "C")
	data, sum := tinyBytes(t)
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Range") != "" {
			http.ServeContent(w, r, "tiny.gguf", time.Unix(1700000000, 0), bytes.NewReader(data))
			return
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		w.Header().Set("Accept-Ranges", "bytes")
		w.Header().Set("Last-Modified", time.Unix(1700000000, 0).UTC().Format(http.TimeFormat))
		w.Write(data[:len(data)/2])
		w.(http.Flusher).Flush()
		select { // stall until the client gives up
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer ts.Close()
	defer close(release)

	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- runModels(ctx, env{args: []string{"pull", "--url", ts.URL + "/tiny.gguf", "--sha256", sum},
			stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
	}()
	part := filepath.Join(dataDir, "models", "tiny.gguf.part")
	for {
		if st, err := os.Stat(part); err == nil && st.Size() >= int64(len(data)/2) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != exitInterrupted {
		t.Errorf("exit %d, want %d: %s", code, exitInterrupted, errb.String())
	}
	if !strings.Contains(errb.String(), "resume") {
		t.Errorf("stderr %q", errb.String())
	}
	if _, err := os.Stat(part); err != nil {
		t.Fatalf("the .part is gone: %v", err)
	}
	code, _, errs := run(t, runModels, "", "pull", "--url", ts.URL+"/tiny.gguf", "--sha256", sum)
	if code != exitOK {
		t.Fatalf("resume: %d %s", code, errs)
	}
	got, _ := os.ReadFile(filepath.Join(dataDir, "models", "tiny.gguf"))
	if !bytes.Equal(got, data) {
		t.Error("resumed file differs")
	}
}

// Ctrl+C at the licence question stops at once (not at the next Enter).
func TestModelsLicencePromptInterrupt(t *testing.T) {
	modelsEnv(t)
	old := modelsTTY
	modelsTTY = func(any) bool { return true }
	defer func() { modelsTTY = old }()
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- runModels(ctx, env{args: []string{"pull"}, stdin: pr, stdout: &out, stderr: &errb}) }()
	cancel()
	select {
	case code := <-done:
		if code != exitInterrupted || !strings.Contains(errb.String(), "Cancelled.") {
			t.Errorf("exit %d, stderr %q", code, errb.String())
		}
	case <-time.After(time.Minute): // a hang, not a timing check
		t.Fatal("still asking after Ctrl+C")
	}
	s, _ := models.OpenStore("")
	if _, ok := s.LicenseAccepted("gemma-summary-v01"); ok {
		t.Error("licence recorded")
	}
}

// Under a Korean locale the tables speak Korean too, their columns lined
// up by terminal cells (a Hangul syllable takes two).
func TestModelsTablesKorean(t *testing.T) {
	_, url, sum := modelsEnv(t)
	t.Setenv("LC_ALL", "ko_KR.UTF-8")
	if code, out, errs := run(t, runModels, "", "pull", "--url", url, "--sha256", sum, "--name", "tiny"); code != exitOK ||
		!strings.Contains(out, "tiny:") || !strings.Contains(out, "준비됨") {
		t.Fatalf("pull: %d %s %s", code, out, errs)
	}
	mine := filepath.Join(t.TempDir(), "mine.gguf")
	if err := synthetic.Write(mine, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, runModels, "", "add", mine); code != exitOK ||
		!strings.Contains(out, "구조:") || !strings.Contains(out, "mine(이)라는 이름으로 추가했습니다.") {
		t.Fatalf("add: %d %s %s", code, out, errs)
	}

	_, out, _ := run(t, runModels, "", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{"이름", "크기", "상태", "정보", "받음", "추가함", "받을 수 있음", "(기본)", "기본 모델 받기:"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "NAME") || strings.Contains(out, "downloaded") || strings.Contains(out, "available") {
		t.Errorf("English left in the Korean list:\n%s", out)
	}
	// Each column starts at the same cell on every row of the table.
	starts := func(line string) []int {
		var at []int
		cells := 0
		prevSpaces := 0
		for i, r := range line {
			if r == ' ' {
				prevSpaces++
			} else {
				if i > 0 && prevSpaces >= 2 {
					at = append(at, cells)
				}
				prevSpaces = 0
			}
			cells += cellWidth(string(r))
		}
		return at
	}
	head := starts(lines[0])
	if len(head) != 3 {
		t.Fatalf("header columns at %v: %q", head, lines[0])
	}
	for _, l := range lines[1:4] {
		if got := starts(l); len(got) < 3 || got[0] != head[0] || got[1] != head[1] || got[2] != head[2] {
			t.Errorf("row %q: columns at %v, header's at %v", l, got, head)
		}
	}

	_, out, _ = run(t, runModels, "", "info", "tiny")
	for _, want := range []string{"파일:", "구조:", "양자화:", "컨텍스트 길이:", "8192", "바이트", "매개변수:"} {
		if !strings.Contains(out, want) {
			t.Errorf("info lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = run(t, runModels, "", "info", "gemma-summary-v01")
	for _, want := range []string{"받지 않음: yoyak models pull gemma-summary-v01", "사용 조건:", "Gemma Terms of Use", "설명:"} {
		if !strings.Contains(out, want) {
			t.Errorf("catalog info lacks %q:\n%s", want, out)
		}
	}

	if _, out, _ = run(t, runModels, "", "rm", "mine"); !strings.Contains(out, "파일은 그 자리에 그대로 있습니다: "+mine) {
		t.Errorf("rm of an added file: %q", out)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Error(err)
	}
	if _, out, _ = run(t, runModels, "", "rm", "tiny"); !strings.Contains(out, "파일도 지웠습니다") {
		t.Errorf("rm of a pulled model: %q", out)
	}
}

func TestUnknownCommandSpeaksTheUsersLanguage(t *testing.T) {
	for _, tt := range []struct{ locale, want string }{
		{"C", `yoyak: unknown command "frobnicate"`},
		{"ko_KR.UTF-8", `yoyak: 모르는 명령입니다: "frobnicate"`},
	} {
		t.Setenv("LC_ALL", tt.locale)
		var stdout, stderr bytes.Buffer
		if code := Main([]string{"frobnicate"}, strings.NewReader(""), &stdout, &stderr); code != exitUsage {
			t.Errorf("%s: exit %d, want %d", tt.locale, code, exitUsage)
		}
		if first, _, _ := strings.Cut(stderr.String(), "\n"); first != tt.want {
			t.Errorf("%s: first line %q, want %q", tt.locale, first, tt.want)
		}
	}
}
