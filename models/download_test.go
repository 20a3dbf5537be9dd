package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// payload is deterministic test content and its checksum.
func payload(n int) ([]byte, string) {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:])
}

// fileServer serves one file the way a real server would, with knobs for
// the failures the downloader must survive.
type fileServer struct {
	data       []byte
	ranges     bool // honour Range requests
	etag       string
	cutAt      int64         // first request: hang up after this many body bytes (0 = never)
	stallAt    int64         // every request: stop sending after this many bytes and wait
	status     int           // answer with this status instead
	stalling   chan struct{} // closed when a stall begins (if set)
	requests   atomic.Int32
	rangeAsked atomic.Int32
	cutOnce    sync.Once
	// served counts body bytes written, to check that resumes skip data.
	served atomic.Int64
}

func (s *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if s.status != 0 {
		http.Error(w, http.StatusText(s.status), s.status)
		return
	}
	start := int64(0)
	if rg := r.Header.Get("Range"); rg != "" {
		s.rangeAsked.Add(1)
		if s.ranges && (r.Header.Get("If-Range") == "" || r.Header.Get("If-Range") == s.etag) {
			v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"), 10, 64)
			if err != nil || v > int64(len(s.data)) {
				w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
				return
			}
			start = v
		}
	}
	if s.etag != "" {
		w.Header().Set("ETag", s.etag)
	}
	w.Header().Set("Content-Length", strconv.FormatInt(int64(len(s.data))-start, 10))
	if start > 0 {
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(s.data)-1, len(s.data)))
		w.WriteHeader(http.StatusPartialContent)
	} else {
		w.WriteHeader(http.StatusOK)
	}
	body := s.data[start:]
	cut := false
	if s.cutAt > 0 {
		s.cutOnce.Do(func() { cut = true })
	}
	switch {
	case cut:
		w.Write(body[:s.cutAt])
		w.(http.Flusher).Flush()
		s.served.Add(s.cutAt)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err == nil {
			buf.Flush()
			conn.Close()
		}
	case s.stallAt > 0:
		w.Write(body[:s.stallAt])
		w.(http.Flusher).Flush()
		if s.stalling != nil {
			close(s.stalling)
		}
		<-r.Context().Done()
	default:
		n, _ := w.Write(body)
		s.served.Add(int64(n))
	}
}

func testDownloader() *Downloader {
	return &Downloader{RetryDelay: -1, StallTimeout: 5 * time.Second,
		freeSpace: func(string) (uint64, error) { return 1 << 40, nil }}
}

func TestDownload(t *testing.T) {
	data, sum := payload(3<<20 + 123)
	_, otherSum := payload(10)
	cases := []struct {
		name    string
		srv     *fileServer
		sum     string
		retries int
		want    error
		reqs    int32 // requests expected (0: don't check)
	}{
		{name: "full", srv: &fileServer{ranges: true}, sum: sum, reqs: 1},
		{name: "no range support", srv: &fileServer{}, sum: sum, reqs: 1},
		{name: "cut then resumed", srv: &fileServer{ranges: true, etag: `"v1"`, cutAt: 1 << 20}, sum: sum, reqs: 2},
		{name: "cut, no range: start over", srv: &fileServer{cutAt: 1 << 20}, sum: sum, reqs: 2},
		{name: "cut, no retries", srv: &fileServer{ranges: true, cutAt: 1 << 20}, sum: sum, retries: -1, want: ErrNetwork},
		{name: "wrong checksum", srv: &fileServer{ranges: true}, sum: otherSum, want: ErrChecksum},
		{name: "404", srv: &fileServer{status: 404}, sum: sum, want: ErrNotFound},
		{name: "403", srv: &fileServer{status: 403}, sum: sum, want: ErrForbidden},
		{name: "418", srv: &fileServer{status: 418}, sum: sum, want: ErrHTTP},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.srv.data = data
			ts := httptest.NewServer(c.srv)
			defer ts.Close()
			dest := filepath.Join(t.TempDir(), "m.gguf")
			d := testDownloader()
			d.Retries = c.retries
			var last Progress
			err := d.Download(context.Background(), ts.URL+"/m.gguf", dest, c.sum, func(p Progress) { last = p })
			if !errors.Is(err, c.want) || (c.want == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if c.reqs != 0 && c.srv.requests.Load() != c.reqs {
				t.Errorf("%d requests, want %d", c.srv.requests.Load(), c.reqs)
			}
			got, readErr := os.ReadFile(dest)
			if c.want != nil {
				if readErr == nil {
					t.Error("dest exists after a failed download")
				}
				_, partErr := os.Stat(dest + ".part")
				if keep := errors.Is(c.want, ErrNetwork); keep != (partErr == nil) {
					t.Errorf(".part kept = %v, want %v", partErr == nil, keep)
				}
				return
			}
			if string(got) != string(data) {
				t.Fatal("downloaded bytes differ")
			}
			if last.Done != int64(len(data)) || last.Total != int64(len(data)) {
				t.Errorf("last progress %+v", last)
			}
			if left, _ := filepath.Glob(dest + ".part*"); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			if c.name == "cut then resumed" && c.srv.served.Load() != int64(len(data)) {
				t.Errorf("served %d bytes for a %d-byte file: resume re-fetched data", c.srv.served.Load(), len(data))
			}
		})
	}
}

func TestDownloadResumeAcrossCalls(t *testing.T) {
	data, sum := payload(1 << 20)
	srv := &fileServer{data: data, ranges: true, etag: `"e"`, cutAt: 300000}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dest := filepath.Join(t.TempDir(), "m.gguf")
	d := testDownloader()
	d.Retries = -1
	if err := d.Download(context.Background(), ts.URL, dest, sum, nil); !errors.Is(err, ErrNetwork) {
		t.Fatalf("first call: %v", err)
	}
	if st, err := os.Stat(dest + ".part"); err != nil || st.Size() != 300000 {
		t.Fatalf(".part after cut: %v %v", st, err)
	}
	var first Progress
	once := sync.Once{}
	if err := d.Download(context.Background(), ts.URL, dest, sum, func(p Progress) { once.Do(func() { first = p }) }); err != nil {
		t.Fatal(err)
	}
	if first.Done != 300000 {
		t.Errorf("resume started at %d", first.Done)
	}
	if srv.served.Load() != int64(len(data)) {
		t.Errorf("served %d bytes", srv.served.Load())
	}

	// A .part for another file (other checksum) is never spliced.
	os.Remove(dest)
	_, otherSum := payload(5)
	os.WriteFile(dest+".part", []byte("stale"), 0o644)
	os.WriteFile(dest+".part.json", []byte(`{"url":"`+ts.URL+`","sha256":"`+otherSum+`"}`), 0o644)
	if err := d.Download(context.Background(), ts.URL, dest, sum, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dest); string(got) != string(data) {
		t.Error("stale .part was spliced in")
	}
}

func TestDownloadStall(t *testing.T) {
	data, sum := payload(1 << 20)
	ts := httptest.NewServer(&fileServer{data: data, ranges: true, stallAt: 1000})
	defer ts.Close()
	dest := filepath.Join(t.TempDir(), "m.gguf")
	d := testDownloader()
	d.StallTimeout = 100 * time.Millisecond
	d.Retries = -1
	err := d.Download(context.Background(), ts.URL, dest, sum, nil)
	if !errors.Is(err, ErrStalled) {
		t.Fatalf("err = %v, want ErrStalled", err)
	}
	if st, err := os.Stat(dest + ".part"); err != nil || st.Size() != 1000 {
		t.Errorf(".part kept for resume: %v %v", st, err)
	}
	// Part of a model is as private as the whole: only its owner reads it.
	for _, p := range []string{dest + ".part", dest + ".part.json"} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 (%v)", p, st.Mode().Perm(), err)
		}
	}
}

func TestDownloadCancelKeepsPart(t *testing.T) {
	data, sum := payload(1 << 20)
	srv := &fileServer{data: data, ranges: true, stallAt: 5000, stalling: make(chan struct{})}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dest := filepath.Join(t.TempDir(), "m.gguf")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the first bytes are on disk, while the server stalls.
		<-srv.stalling
		for {
			if st, err := os.Stat(dest + ".part"); err == nil && st.Size() == 5000 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	d := testDownloader()
	d.StallTimeout = time.Hour
	err := d.Download(ctx, ts.URL, dest, sum, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if st, err := os.Stat(dest + ".part"); err != nil || st.Size() != 5000 {
		t.Errorf(".part not kept: %v %v", st, err)
	}
}

// enospcWriter fails like a full disk after limit bytes.
type enospcWriter struct {
	w     io.Writer
	limit int
}

func (e *enospcWriter) Write(p []byte) (int, error) {
	if len(p) > e.limit {
		n, _ := e.w.Write(p[:e.limit])
		e.limit = 0
		return n, &os.PathError{Op: "write", Path: "m.gguf.part", Err: syscall.ENOSPC}
	}
	e.limit -= len(p)
	return e.w.Write(p)
}

func TestDownloadDiskFull(t *testing.T) {
	data, sum := payload(1 << 20)
	ts := httptest.NewServer(&fileServer{data: data, ranges: true})
	defer ts.Close()
	t.Run("write fails", func(t *testing.T) {
		dest := filepath.Join(t.TempDir(), "m.gguf")
		d := testDownloader()
		d.wrapWriter = func(w io.Writer) io.Writer { return &enospcWriter{w: w, limit: 4096} }
		if err := d.Download(context.Background(), ts.URL, dest, sum, nil); !errors.Is(err, ErrDiskFull) {
			t.Fatalf("err = %v, want ErrDiskFull", err)
		}
	})
	t.Run("checked before start", func(t *testing.T) {
		dest := filepath.Join(t.TempDir(), "m.gguf")
		d := testDownloader()
		d.freeSpace = func(string) (uint64, error) { return 1 << 20, nil }
		if err := d.Download(context.Background(), ts.URL, dest, sum, nil); !errors.Is(err, ErrDiskFull) {
			t.Fatalf("err = %v, want ErrDiskFull", err)
		}
	})
	t.Run("real statfs", func(t *testing.T) {
		if _, err := freeSpace(t.TempDir()); err != nil {
			t.Skip("no free-space query on this system:", err)
		}
	})
}

func TestParseContentRange(t *testing.T) {
	for in, want := range map[string][3]int64{
		"bytes 0-9/10": {0, 10, 1}, "bytes 5-9/10": {5, 10, 1}, "bytes 5-9/*": {5, -1, 1},
		"bytes 5-9": {0, 0, 0}, "5-9/10": {0, 0, 0}, "bytes x-9/10": {0, 0, 0}, "bytes 11-9/10": {0, 0, 0},
	} {
		s, n, ok := parseContentRange(in)
		if ok != (want[2] == 1) || (ok && (s != want[0] || n != want[1])) {
			t.Errorf("%q → %d %d %v", in, s, n, ok)
		}
	}
}

func FuzzParseContentRange(f *testing.F) {
	for _, s := range []string{"bytes 0-9/10", "bytes 5-9/*", "bytes -1-2/3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, size, ok := parseContentRange(s)
		if ok && (start < 0 || (size != -1 && size < start)) {
			t.Fatalf("%q → %d %d", s, start, size)
		}
	})
}
