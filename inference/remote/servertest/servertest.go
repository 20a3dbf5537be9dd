// Package servertest starts a real llama-server (built by
// packaging/build-llama-server.sh from the runtime's own llama.cpp release)
// on loopback for tests: a random free port, the given model, --parallel N.
// Without the binary a test skips, except under CI=true, where it fails:
// CI builds it (.ci/run), so a missing one is a broken CI, not a choice.
package servertest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary returns the llama-server binary: $YOYAK_LLAMA_SERVER, else the
// build cache (~/.cache/yoyak/llama-server-<version>/bin/llama-server, the
// version from packaging/runtime.lock). It skips t (fails it under CI)
// when there is none.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("YOYAK_LLAMA_SERVER"); p != "" {
		return p
	}
	p, err := cachePath()
	if err == nil {
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	msg := fmt.Sprintf("llama-server not built (%v): run packaging/build-llama-server.sh (about 5 min on 2 cores)", err)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// cachePath is where packaging/build-llama-server.sh puts the binary.
func cachePath() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	lock, err := os.ReadFile(filepath.Join(root, "packaging", "runtime.lock"))
	if err != nil {
		return "", err
	}
	version := ""
	for _, line := range strings.Split(string(lock), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "linux-x64" {
			version = f[1]
		}
	}
	if version == "" {
		return "", fmt.Errorf("no linux-x64 line in runtime.lock")
	}
	cache := os.Getenv("YOYAK_LLAMA_SERVER_CACHE")
	if cache == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			base = filepath.Join(home, ".cache")
		}
		cache = filepath.Join(base, "yoyak")
	}
	return filepath.Join(cache, "llama-server-"+version, "bin", "llama-server"), nil
}

// moduleRoot is the folder of go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", fmt.Errorf("go.mod not found")
		}
		dir = up
	}
}

// Server is a running llama-server.
type Server struct {
	URL      string
	cmd      *exec.Cmd
	log      *syncBuffer
	exited   chan error
	stopOnce sync.Once
}

// Log returns what the server wrote so far.
func (s *Server) Log() string { return s.log.String() }

// Options for Start.
type Options struct {
	Model    string // the .gguf file
	Parallel int    // slots (--parallel); ≤ 0: 2
	CtxSlot  int    // context per slot; ≤ 0: 2048
	APIKey   string
	Threads  int // generation threads; ≤ 0: 1 (the tests run beside others on a small machine)
	// BatchThreads read the prompt; ≤ 0: Threads.
	BatchThreads int
	Args         []string
}

// Start runs llama-server on a free loopback port and waits until its
// /health says it is ready. The server is stopped when t ends; the end of
// its log is printed when t failed, since that is where the reason is.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	bin := Binary(t)
	s, err := Launch(bin, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("llama-server's log ends:\n%s", tail(s.Log(), 40))
		}
	})
	return s
}

// Launch is Start without a test: it runs the binary bin and returns once
// the server is ready; Stop ends it. The benchmark uses it.
func Launch(bin string, o Options) (*Server, error) {
	if o.Parallel <= 0 {
		o.Parallel = 2
	}
	if o.CtxSlot <= 0 {
		o.CtxSlot = 2048
	}
	if o.Threads <= 0 {
		o.Threads = 1
	}
	if o.BatchThreads <= 0 {
		o.BatchThreads = o.Threads
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := []string{"-m", o.Model, "--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--parallel", strconv.Itoa(o.Parallel), "-c", strconv.Itoa(o.CtxSlot * o.Parallel),
		"-t", strconv.Itoa(o.Threads), "-tb", strconv.Itoa(o.BatchThreads), "--no-webui"}
	if o.APIKey != "" {
		args = append(args, "--api-key", o.APIKey)
	}
	args = append(args, o.Args...)
	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port), log: &syncBuffer{}, exited: make(chan error, 1)}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start llama-server: %w", err)
	}
	go func() { s.exited <- s.cmd.Wait() }()
	if err := s.waitReady(s.exited); err != nil {
		s.Stop()
		return nil, fmt.Errorf("llama-server: %w\n%s", err, tail(s.Log(), 30))
	}
	return s, nil
}

// Stop kills the server and waits for it to end.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		s.cmd.Process.Kill()
		<-s.exited
	})
}

// waitReady polls /health until 200 (the model loaded), the process exits,
// or a minute passes.
func (s *Server) waitReady(exited <-chan error) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("exited before ready: %v", err)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/health", nil)
		resp, err := http.DefaultClient.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("not ready within a minute")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// syncBuffer is a bytes.Buffer safe for the process's writes and the
// test's reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Lines returns the log's lines containing substr.
func (s *Server) Lines(substr string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s.Log()))
	for sc.Scan() {
		if strings.Contains(sc.Text(), substr) {
			out = append(out, sc.Text())
		}
	}
	return out
}
