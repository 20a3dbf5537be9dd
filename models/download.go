package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Download errors callers branch on (test with errors.Is).
var (
	ErrNotFound  = errors.New("model file not found on the server")
	ErrForbidden = errors.New("access to the model file was refused")
	ErrChecksum  = errors.New("downloaded file does not match its checksum")
	ErrStalled   = errors.New("download stalled: no data received")
	ErrDiskFull  = errors.New("not enough disk space")
	ErrNetwork   = errors.New("network error")
	ErrHTTP      = errors.New("unexpected server response")
)

// Progress reports a running download. Total is 0 while unknown.
type Progress struct {
	Done        int64
	Total       int64
	BytesPerSec float64
	ETA         time.Duration // 0 while unknown
}

// Downloader fetches files over HTTP(S) into place: resumable (HTTP Range into
// DEST.part), verified (sha256 of the whole file before the rename), with
// stall detection. The zero value is ready to use.
type Downloader struct {
	// Client sends the requests; nil uses one that honours the proxy
	// environment variables (HTTPS_PROXY, NO_PROXY…).
	Client *http.Client
	// StallTimeout ends a download that receives nothing for this long
	// (ErrStalled, the .part kept for a resume); 0 means 30 s.
	StallTimeout time.Duration
	// Retries is how many times a dropped connection is resumed
	// automatically; negative means none, 0 means 3.
	Retries int
	// RetryDelay is the pause before a retry; 0 means 1 s, negative none.
	RetryDelay time.Duration
	// ExpectedSize stands in for the total when the server sends no length,
	// for the free-space check (a catalog entry's approximate size).
	ExpectedSize int64

	// wrapWriter, when set, wraps the .part file (tests inject ENOSPC).
	wrapWriter func(io.Writer) io.Writer
	// freeSpace, when set, replaces the file system query.
	freeSpace func(dir string) (uint64, error)
}

// Download fetches url to dest with the default Downloader.
func Download(ctx context.Context, url, dest, sha256hex string, onProgress func(Progress)) error {
	return (&Downloader{}).Download(ctx, url, dest, sha256hex, onProgress)
}

// partMeta is stored beside the .part file so a resume asks for the same
// version of the same file (If-Range) and never splices two different ones.
type partMeta struct {
	URL          string `json:"url"`
	SHA256       string `json:"sha256"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	Total        int64  `json:"total,omitempty"`
}

var defaultClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	ForceAttemptHTTP2:     true,
	TLSHandshakeTimeout:   30 * time.Second,
	ResponseHeaderTimeout: 60 * time.Second,
	IdleConnTimeout:       90 * time.Second,
}}

// Download fetches url to dest, checking the sha256 (lower-case hex) of the
// whole file before renaming it into place; nothing half-written is ever at
// dest. An interrupted download (cancel, stall, network loss, disk full)
// leaves dest.part for the next call to resume; a wrong checksum removes it.
func (d *Downloader) Download(ctx context.Context, url, dest, sha256hex string, onProgress func(Progress)) error {
	sha256hex = strings.ToLower(sha256hex)
	if !validSHA256(sha256hex) {
		return fmt.Errorf("download %s: %w", url, ErrInvalidSHA256)
	}
	retries := d.Retries
	if retries == 0 {
		retries = 3
	}
	delay := d.RetryDelay
	if delay == 0 {
		delay = time.Second
	}
	for attempt := 0; ; attempt++ {
		err := d.once(ctx, url, dest, sha256hex, onProgress)
		if err == nil || !errors.Is(err, ErrNetwork) || attempt >= retries || ctx.Err() != nil {
			return err
		}
		if delay > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("download %s: %w", url, ctx.Err())
			case <-time.After(delay):
			}
		}
	}
}

func (d *Downloader) once(ctx context.Context, url, dest, want string, onProgress func(Progress)) error {
	part, metaPath := dest+".part", dest+".part.json"
	meta := partMeta{URL: url, SHA256: want}
	var old partMeta
	if b, err := os.ReadFile(metaPath); err == nil && json.Unmarshal(b, &old) == nil && old.URL == url && old.SHA256 == want {
		meta = old
	}
	// Resume only a .part whose provenance is recorded: same URL, same checksum.
	var f *os.File
	h := sha256.New()
	offset := int64(0)
	if meta == old {
		if pf, err := os.OpenFile(part, os.O_RDWR, 0); err == nil {
			f = pf
			f.Chmod(0o600) // one an older version left readable by all
			defer func() { f.Close() }()
			if offset, err = io.Copy(h, f); err != nil {
				return fmt.Errorf("download %s: reading %s: %w", url, part, err)
			}
		}
	}
	if offset == 0 {
		meta = partMeta{URL: url, SHA256: want}
	}

	reqCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	req.Header.Set("User-Agent", "yoyak")
	req.Header.Set("Accept-Encoding", "identity")
	if offset > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", offset))
		if meta.ETag != "" && !strings.HasPrefix(meta.ETag, "W/") {
			req.Header.Set("If-Range", meta.ETag)
		} else if meta.LastModified != "" {
			req.Header.Set("If-Range", meta.LastModified)
		}
	}
	client := d.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("download %s: %w", url, ctx.Err())
		}
		return fmt.Errorf("download %s: %w: %w", url, ErrNetwork, err)
	}
	defer resp.Body.Close()

	total := int64(-1)
	switch resp.StatusCode {
	case http.StatusPartialContent:
		start, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			// Not the bytes asked for: start over on the next attempt.
			os.Remove(part)
			os.Remove(metaPath)
			return fmt.Errorf("download %s: bad Content-Range %q: %w", url, resp.Header.Get("Content-Range"), ErrNetwork)
		}
		total = size
	case http.StatusOK:
		if offset > 0 {
			// The server ignored the range (or the file changed): start over.
			if err := restart(f, h); err != nil {
				return fmt.Errorf("download %s: %w", url, diskErr(err))
			}
			offset = 0
		}
		total = resp.ContentLength
	case http.StatusRequestedRangeNotSatisfiable:
		// Usually the .part is already complete; verify it, else start over.
		if hex.EncodeToString(h.Sum(nil)) == want && offset > 0 {
			return finish(f, part, metaPath, dest)
		}
		os.Remove(part)
		os.Remove(metaPath)
		return fmt.Errorf("download %s: range not satisfiable: %w", url, ErrNetwork)
	case http.StatusNotFound, http.StatusGone:
		return fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrNotFound)
	case http.StatusUnauthorized, http.StatusForbidden:
		return fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrForbidden)
	default:
		if resp.StatusCode >= 500 {
			return fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrNetwork)
		}
		return fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrHTTP)
	}

	if f == nil {
		nf, err := os.OpenFile(part, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("download %s: %w", url, diskErr(err))
		}
		f = nf
		defer func() { f.Close() }()
	}
	meta.ETag, meta.LastModified, meta.Total = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), total
	if b, err := json.Marshal(meta); err == nil {
		if err := os.WriteFile(metaPath, b, 0o600); err != nil {
			return fmt.Errorf("download %s: %w", url, diskErr(err))
		}
	}

	need := total - offset
	if total < 0 {
		need = d.ExpectedSize - offset
	}
	if err := d.checkSpace(filepath.Dir(dest), need); err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}

	// Stall watchdog: cancel the request when no byte arrives in time.
	stall := d.StallTimeout
	if stall <= 0 {
		stall = 30 * time.Second
	}
	var stalled sync.Once
	var isStalled bool
	timer := time.AfterFunc(stall, func() { stalled.Do(func() { isStalled = true }); cancel() })
	defer timer.Stop()

	var w io.Writer = f
	if d.wrapWriter != nil {
		w = d.wrapWriter(f)
	}
	rep := newReporter(onProgress, offset, total)
	buf := make([]byte, 256<<10)
	done := offset
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			timer.Reset(stall)
			if _, err := w.Write(buf[:n]); err != nil {
				return fmt.Errorf("download %s: writing %s: %w", url, part, diskErr(err))
			}
			h.Write(buf[:n])
			done += int64(n)
			rep.update(done, false)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			timer.Stop()
			stalled.Do(func() {})
			switch {
			case isStalled:
				return fmt.Errorf("download %s: nothing received for %s: %w", url, stall, ErrStalled)
			case ctx.Err() != nil:
				return fmt.Errorf("download %s: %w", url, ctx.Err())
			}
			return fmt.Errorf("download %s: %w: %w", url, ErrNetwork, rerr)
		}
	}
	timer.Stop()
	rep.update(done, true)
	if total >= 0 && done != total {
		return fmt.Errorf("download %s: connection closed at %d of %d bytes: %w", url, done, total, ErrNetwork)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		f.Close()
		os.Remove(part)
		os.Remove(metaPath)
		return fmt.Errorf("download %s: sha256 %s, want %s: %w", url, got, want, ErrChecksum)
	}
	return finish(f, part, metaPath, dest)
}

// restart empties the .part file and the running hash.
func restart(f *os.File, h hash.Hash) error {
	h.Reset()
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.Seek(0, io.SeekStart)
	return err
}

// finish makes the verified .part durable and renames it into place.
func finish(f *os.File, part, metaPath, dest string) error {
	if err := f.Sync(); err != nil {
		return fmt.Errorf("download: %w", diskErr(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("download: %w", diskErr(err))
	}
	if err := os.Rename(part, dest); err != nil {
		return fmt.Errorf("download: %w", err)
	}
	os.Remove(metaPath)
	syncDir(filepath.Dir(dest))
	return nil
}

// parseContentRange reads "bytes START-END/SIZE"; SIZE may be "*" (-1).
func parseContentRange(s string) (start, size int64, ok bool) {
	rest, found := strings.CutPrefix(s, "bytes ")
	if !found {
		return 0, 0, false
	}
	rng, sz, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	a, _, found := strings.Cut(rng, "-")
	if !found {
		return 0, 0, false
	}
	start, err := strconv.ParseInt(a, 10, 64)
	if err != nil || start < 0 {
		return 0, 0, false
	}
	if sz == "*" {
		return start, -1, true
	}
	size, err = strconv.ParseInt(sz, 10, 64)
	return start, size, err == nil && size >= start
}

// spaceMargin is kept free beyond the download itself.
const spaceMargin = 64 << 20

func (d *Downloader) checkSpace(dir string, need int64) error {
	if need <= 0 {
		return nil
	}
	free := d.freeSpace
	if free == nil {
		free = freeSpace
	}
	avail, err := free(dir)
	if err != nil {
		return nil // unknown: the write itself will report ENOSPC
	}
	if uint64(need)+spaceMargin > avail {
		return fmt.Errorf("%s needs %s, %s free: %w", dir, FormatSize(need+spaceMargin), FormatSize(int64(avail)), ErrDiskFull)
	}
	return nil
}

// diskErr marks a file system error that means the disk is full.
func diskErr(err error) error {
	if errors.Is(err, syscall.ENOSPC) || isDiskFullErr(err) {
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}

// reporter throttles progress callbacks to a few per second.
type reporter struct {
	on    func(Progress)
	start time.Time
	base  int64
	total int64
	last  time.Time
}

func newReporter(on func(Progress), base, total int64) *reporter {
	if total < 0 {
		total = 0
	}
	r := &reporter{on: on, start: time.Now(), base: base, total: total}
	r.update(base, true)
	return r
}

func (r *reporter) update(done int64, force bool) {
	if r.on == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(r.last) < 200*time.Millisecond {
		return
	}
	r.last = now
	p := Progress{Done: done, Total: r.total}
	if el := now.Sub(r.start).Seconds(); el > 0.05 && done > r.base {
		p.BytesPerSec = float64(done-r.base) / el
		if r.total > done && p.BytesPerSec > 0 {
			p.ETA = time.Duration(float64(r.total-done) / p.BytesPerSec * float64(time.Second))
		}
	}
	r.on(p)
}

// FormatSize prints a size the way download sizes are quoted (decimal
// units: "1.63 GB", "2.1 MB"), so the command line, the window and the
// errors here say the same numbers.
func FormatSize(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
