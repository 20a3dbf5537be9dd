package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/models/synthetic"
)

// The privacy promise: with the local engine Yoyak opens no network socket.
// TestLocalSummaryOpensNoSocket runs a whole summary with the real
// llama.cpp runtime and the tiny synthetic model — this test binary
// re-executed as yoyak (TestMain), so the whole program runs — inside a
// network namespace with no network (unshare -n), under strace recording
// every socket() and connect(). No AF_INET/AF_INET6 socket may appear.
// A control run of `yoyak server check` under the same tracer must show its
// connect(), so an empty trace means "nothing opened", not "nothing traced".

// inetCall matches a traced socket()/connect() of an internet family.
var inetCall = regexp.MustCompile(`(socket|connect)\((AF_INET6?\b|\d+, \{sa_family=AF_INET6?\b)`)

// isolated returns the command prefix that runs a program in a namespace
// without network: unshare -n as root, unshare -rn (a user namespace)
// otherwise. It skips (fails under CI) where neither is permitted.
func isolated(t *testing.T) []string {
	t.Helper()
	need := func(msg string) {
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if _, err := exec.LookPath("strace"); err != nil {
		need("strace is not installed (make deps installs it)")
	}
	for _, pre := range [][]string{{"unshare", "-n"}, {"unshare", "-rn"}} {
		if exec.Command(pre[0], append(pre[1:], "true")...).Run() == nil {
			return pre
		}
	}
	need("unshare -n is not permitted here (no root and no user namespaces)")
	return nil
}

// traced runs yoyak args isolated under strace and returns its output, the
// traced socket calls and its exit error.
func traced(t *testing.T, pre []string, env []string, args ...string) (string, string, error) {
	t.Helper()
	log := filepath.Join(t.TempDir(), "strace.log")
	argv := append(append([]string{}, pre...), "strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", log, os.Args[0])
	cmd := exec.Command(argv[0], append(argv[1:], args...)...)
	cmd.Env = append(withoutLocale(os.Environ()), append(env, "YOYAK_RUN_MAIN=1", "LC_ALL=C", "DISPLAY=", "WAYLAND_DISPLAY=")...)
	out, err := cmd.CombinedOutput()
	trace, rerr := os.ReadFile(log)
	if rerr != nil {
		t.Fatalf("no strace log: %v\n%s", rerr, out)
	}
	return string(out), string(trace), err
}

func TestLocalSummaryOpensNoSocket(t *testing.T) {
	pre := isolated(t)
	dir := t.TempDir()
	model := filepath.Join(dir, "tiny.gguf")
	if err := synthetic.Write(model, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "김민수: %d번째 안건은 예산 편성과 일정 조정입니다.\n", i+1)
	}
	in := filepath.Join(dir, "회의록.txt")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{"YOYAK_DATA_DIR=" + filepath.Join(dir, "data"), "YOYAK_SERVER_URL=", "XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}
	out, trace, err := traced(t, pre, env, "summarize", "--model", model, "--cpu", "--max-tokens", "16", "--ctx", "512", "--out", filepath.Join(dir, "s.txt"), in)
	if err != nil {
		t.Fatalf("local summary failed: %v\n%s", err, out)
	}
	if !strings.Contains(out, "1 part") && !strings.Contains(out, "part(s)") {
		t.Errorf("no summary was run:\n%s", out)
	}
	if bad := inetCall.FindAllString(trace, -1); len(bad) > 0 {
		t.Errorf("the local engine opened internet sockets: %q\nfull trace:\n%s", bad, trace)
	}

	// Control: the tracer does see a program that connects.
	_, ctrl, _ := traced(t, pre, env, "server", "check", "http://127.0.0.1:9")
	if !inetCall.MatchString(ctrl) {
		t.Fatalf("strace recorded no connect() for `server check`: the trace proves nothing\n%s", ctrl)
	}
}
