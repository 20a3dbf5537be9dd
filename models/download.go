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

// once makes one attempt: resume or start the .part, ask the server for the
// rest, copy it in, and verify and rename the whole file. A failed attempt
// leaves the .part for the next one unless it can never be resumed.
func (d *Downloader) once(ctx context.Context, url, dest, want string, onProgress func(Progress)) error {
	p, err := openPart(url, dest, want)
	if err != nil {
		return err
	}
	defer p.close()

	reqCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	resp, err := d.send(ctx, reqCtx, url, p)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	total, complete, err := p.accept(url, want, resp)
	if err != nil {
		return err
	}
	if complete {
		return finish(p.f, p.path, p.metaPath, dest)
	}
	if err := d.prepare(url, dest, p, resp, total); err != nil {
		return err
	}
	done, err := d.copyBody(ctx, cancel, url, p, resp.Body, total, onProgress)
	if err != nil {
		return err
	}
	return p.verify(url, dest, want, done, total)
}

// partFile is the .part file one attempt writes into, with its metadata and
// the hash of the bytes it already holds, so a resume hashes nothing twice.
type partFile struct {
	path, metaPath string
	meta           partMeta
	f              *os.File // nil until resumed or created
	h              hash.Hash
	offset         int64 // bytes already in the file
}

// openPart opens the .part left by an earlier attempt and hashes it, but
// only when its provenance is recorded (same URL, same checksum): a resume
// must never splice two different files.
func openPart(url, dest, want string) (*partFile, error) {
	p := &partFile{
		path:     dest + ".part",
		metaPath: dest + ".part.json",
		meta:     partMeta{URL: url, SHA256: want},
		h:        sha256.New(),
	}
	var old partMeta
	if b, err := os.ReadFile(p.metaPath); err == nil && json.Unmarshal(b, &old) == nil && old.URL == url && old.SHA256 == want {
		p.meta = old
	}
	if p.meta == old {
		if pf, err := os.OpenFile(p.path, os.O_RDWR, 0); err == nil {
			p.f = pf
			p.f.Chmod(0o600) // one an older version left readable by all
			if p.offset, err = io.Copy(p.h, p.f); err != nil {
				p.close()
				return nil, fmt.Errorf("download %s: reading %s: %w", url, p.path, err)
			}
		}
	}
	if p.offset == 0 {
		p.meta = partMeta{URL: url, SHA256: want}
	}
	return p, nil
}

// close closes the .part file if one is open, whatever the attempt's end;
// where finish or discard closed it already, the second Close's error is
// ignored.
func (p *partFile) close() {
	if p.f != nil {
		p.f.Close()
	}
}

// discard closes and removes the .part and its metadata, which no resume
// could use. Closing first matters on Windows, where an open file cannot be
// removed.
func (p *partFile) discard() {
	p.close()
	os.Remove(p.path)
	os.Remove(p.metaPath)
}

// send asks for the file, or for the bytes after p.offset of the same
// version (If-Range). ctx is the caller's, to tell its cancel apart from a
// network failure; reqCtx is the request's own, which the stall watchdog
// cancels.
func (d *Downloader) send(ctx, reqCtx context.Context, url string, p *partFile) (*http.Response, error) {
	req, err := http.NewRequestWithContext(reqCtx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", url, err)
	}
	req.Header.Set("User-Agent", "yoyak")
	req.Header.Set("Accept-Encoding", "identity")
	if p.offset > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", p.offset))
		if p.meta.ETag != "" && !strings.HasPrefix(p.meta.ETag, "W/") {
			req.Header.Set("If-Range", p.meta.ETag)
		} else if p.meta.LastModified != "" {
			req.Header.Set("If-Range", p.meta.LastModified)
		}
	}
	client := d.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("download %s: %w", url, ctx.Err())
		}
		return nil, fmt.Errorf("download %s: %w: %w", url, ErrNetwork, err)
	}
	return resp, nil
}

// accept reads the response status: it returns the file's total size (-1
// while unknown), or complete when the .part already holds the whole
// verified file, and rewinds the .part when the server sends it all again.
// A .part the server's answer shows to be unusable is removed.
func (p *partFile) accept(url, want string, resp *http.Response) (total int64, complete bool, err error) {
	total = -1
	switch resp.StatusCode {
	case http.StatusPartialContent:
		start, size, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || start != p.offset {
			// Not the bytes asked for: start over on the next attempt.
			p.discard()
			return 0, false, fmt.Errorf("download %s: bad Content-Range %q: %w", url, resp.Header.Get("Content-Range"), ErrNetwork)
		}
		total = size
	case http.StatusOK:
		if p.offset > 0 {
			// The server ignored the range (or the file changed): start over.
			if err := restart(p.f, p.h); err != nil {
				return 0, false, fmt.Errorf("download %s: %w", url, diskErr(err))
			}
			p.offset = 0
		}
		total = resp.ContentLength
	case http.StatusRequestedRangeNotSatisfiable:
		// Usually the .part is already complete; verify it, else start over.
		if hex.EncodeToString(p.h.Sum(nil)) == want && p.offset > 0 {
			return 0, true, nil
		}
		p.discard()
		return 0, false, fmt.Errorf("download %s: range not satisfiable: %w", url, ErrNetwork)
	case http.StatusNotFound, http.StatusGone:
		return 0, false, fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrNotFound)
	case http.StatusUnauthorized, http.StatusForbidden:
		return 0, false, fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrForbidden)
	default:
		if resp.StatusCode >= 500 {
			return 0, false, fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrNetwork)
		}
		return 0, false, fmt.Errorf("download %s: %s: %w", url, resp.Status, ErrHTTP)
	}
	return total, false, nil
}

// prepare readies the .part for the body: it creates the file when nothing
// was resumed, records the version being fetched so a later resume asks for
// the same one, and checks there is room for the rest.
func (d *Downloader) prepare(url, dest string, p *partFile, resp *http.Response, total int64) error {
	if p.f == nil {
		nf, err := os.OpenFile(p.path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("download %s: %w", url, diskErr(err))
		}
		p.f = nf
	}
	p.meta.ETag, p.meta.LastModified, p.meta.Total = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"), total
	if b, err := json.Marshal(p.meta); err == nil {
		if err := os.WriteFile(p.metaPath, b, 0o600); err != nil {
			return fmt.Errorf("download %s: %w", url, diskErr(err))
		}
	}

	need := total - p.offset
	if total < 0 {
		need = d.ExpectedSize - p.offset
	}
	if err := d.checkSpace(filepath.Dir(dest), need); err != nil {
		return fmt.Errorf("download %s: %w", url, err)
	}
	return nil
}

// copyBody appends the body to the .part and the hash, reporting progress,
// and returns the bytes the .part then holds. A watchdog cancels the request
// (through cancel) when nothing arrives for StallTimeout, which ends the
// copy with ErrStalled rather than a network error.
func (d *Downloader) copyBody(ctx context.Context, cancel context.CancelFunc, url string, p *partFile, body io.Reader, total int64, onProgress func(Progress)) (int64, error) {
	// Stall watchdog: cancel the request when no byte arrives in time.
	stall := d.StallTimeout
	if stall <= 0 {
		stall = 30 * time.Second
	}
	var stalled sync.Once
	var isStalled bool
	timer := time.AfterFunc(stall, func() { stalled.Do(func() { isStalled = true }); cancel() })
	defer timer.Stop()

	var w io.Writer = p.f
	if d.wrapWriter != nil {
		w = d.wrapWriter(p.f)
	}
	rep := newReporter(onProgress, p.offset, total)
	buf := make([]byte, 256<<10)
	done := p.offset
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			timer.Reset(stall)
			if _, err := w.Write(buf[:n]); err != nil {
				return done, fmt.Errorf("download %s: writing %s: %w", url, p.path, diskErr(err))
			}
			p.h.Write(buf[:n])
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
				return done, fmt.Errorf("download %s: nothing received for %s: %w", url, stall, ErrStalled)
			case ctx.Err() != nil:
				return done, fmt.Errorf("download %s: %w", url, ctx.Err())
			}
			return done, fmt.Errorf("download %s: %w: %w", url, ErrNetwork, rerr)
		}
	}
	timer.Stop()
	rep.update(done, true)
	return done, nil
}

// verify checks that the whole file arrived and matches its checksum before
// finish renames it into place; a wrong checksum removes the .part, which no
// resume could repair.
func (p *partFile) verify(url, dest, want string, done, total int64) error {
	if total >= 0 && done != total {
		return fmt.Errorf("download %s: connection closed at %d of %d bytes: %w", url, done, total, ErrNetwork)
	}
	if got := hex.EncodeToString(p.h.Sum(nil)); got != want {
		p.discard()
		return fmt.Errorf("download %s: sha256 %s, want %s: %w", url, got, want, ErrChecksum)
	}
	return finish(p.f, p.path, p.metaPath, dest)
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
