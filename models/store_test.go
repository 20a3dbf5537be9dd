package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yoyak/yoyak/models/gguf"
	"github.com/yoyak/yoyak/models/synthetic"
)

func TestCatalog(t *testing.T) {
	d := Default()
	if d.Name != "gemma-summary-v01" || d.SHA256 != "45b06509b9319bce547ab9e89421c04da0de92487d665ecf52d01ae34ee2c3f0" ||
		d.URL != "https://huggingface.co/frcp/gemma-summary-v01-Q4_K_M-GGUF/resolve/main/gemma-summary-v01-q4_k_m.gguf" ||
		d.PromptTemplate != "Instruction: 요약 할 문장 :\n[{transcript}\n]\n output:" ||
		d.Sampling != (Sampling{Temperature: 0.1, TopK: 50, TopP: 0.95, RepeatPenalty: 1.2}) ||
		d.ContextLength != 8192 || d.License != "Gemma Terms of Use" || d.Size != 1630000000 {
		t.Errorf("default entry %+v", d)
	}
	if c := Catalog(); len(c) == 0 || c[0].Name != d.Name {
		t.Errorf("catalog %v", c)
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup(nope) found something")
	}
	for _, bad := range []string{
		`{`, `{"default":"x","models":[]}`,
		`{"default":"a","models":[{"name":"a","sha256":"00","file":"a.gguf","url":"https://h/a","prompt_template":"{transcript}"}]}`,
		`{"default":"a","models":[{"name":"a/b","sha256":"` + strings.Repeat("0", 64) + `","file":"a.gguf","url":"https://h/a","prompt_template":"{transcript}"}]}`,
		`{"default":"a","models":[{"name":"a","sha256":"` + strings.Repeat("0", 64) + `","file":"a.gguf","url":"http://h/a","prompt_template":"{transcript}"}]}`,
	} {
		if _, err := parseCatalog([]byte(bad)); err == nil {
			t.Errorf("catalog %s accepted", bad)
		}
	}
}

func TestDownloadURL(t *testing.T) {
	e := Default()
	for _, c := range []struct{ base, want string }{
		{"", e.URL},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/frcp/gemma-summary-v01-Q4_K_M-GGUF/resolve/main/gemma-summary-v01-q4_k_m.gguf"},
		{"https://mirror.internal/models/", "https://mirror.internal/models/frcp/gemma-summary-v01-Q4_K_M-GGUF/resolve/main/gemma-summary-v01-q4_k_m.gguf"},
	} {
		got, err := e.DownloadURL(c.base)
		if err != nil || got != c.want {
			t.Errorf("base %q: %q, %v", c.base, got, err)
		}
	}
	t.Setenv(BaseURLEnv, "http://10.0.0.1/m")
	if got, _ := e.DownloadURL(""); !strings.HasPrefix(got, "http://10.0.0.1/m/frcp/") {
		t.Errorf("env base: %q", got)
	}
	for _, bad := range []string{"ftp://x", "not a url", "http://"} {
		if _, err := e.DownloadURL(bad); err == nil {
			t.Errorf("base %q accepted", bad)
		}
	}
}

func tinyBytes(t testing.TB) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := synthetic.Encode(&buf, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return buf.Bytes(), hex.EncodeToString(sum[:])
}

func newTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := OpenStore(filepath.Join(t.TempDir(), "models"))
	if err != nil {
		t.Fatal(err)
	}
	s.Downloader = *testDownloader()
	return s
}

func TestStoreAddRemove(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if st, _ := os.Stat(s.Root()); st.Mode().Perm() != 0o700 {
		t.Errorf("store mode %v", st.Mode())
	}
	dir := t.TempDir()
	tiny := filepath.Join(dir, "tiny.gguf")
	if err := synthetic.Write(tiny, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	m, info, err := s.Add(ctx, tiny, AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "tiny" || m.File != tiny || m.Source != SourceAdded || info.Architecture != "gemma" || m.ContextLength != 8192 {
		t.Errorf("added %+v %+v", m, info)
	}
	if _, _, err := s.Add(ctx, tiny, AddOptions{}); !errors.Is(err, ErrExists) {
		t.Errorf("second add: %v", err)
	}
	c, _, err := s.Add(ctx, tiny, AddOptions{Name: "tiny-copy", Copy: true})
	if err != nil || c.File != "tiny-copy.gguf" {
		t.Fatalf("copy: %+v %v", c, err)
	}
	list, err := s.List()
	if err != nil || len(list) != 2 || list[0].Name != "tiny" || list[1].Name != "tiny-copy" {
		t.Fatalf("list %+v %v", list, err)
	}
	if p, _ := s.Path("tiny-copy"); p != filepath.Join(s.Root(), "tiny-copy.gguf") {
		t.Errorf("path %q", p)
	}

	// Broken files are refused with the reader's errors and never indexed.
	bad := map[string]error{}
	trunc := filepath.Join(dir, "trunc.gguf")
	synthetic.WriteTruncated(trunc, synthetic.Tiny, -100)
	bad[trunc] = gguf.ErrTruncated
	foreign := filepath.Join(dir, "foreign.gguf")
	synthetic.WriteForeign(foreign, "bert-nonsense")
	bad[foreign] = gguf.ErrUnsupportedArch
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("회의록"), 0o644)
	bad[text] = gguf.ErrNotGGUF
	empty := filepath.Join(dir, "empty.gguf")
	os.WriteFile(empty, nil, 0o644)
	bad[empty] = gguf.ErrNotGGUF
	for p, want := range bad {
		if _, _, err := s.Add(ctx, p, AddOptions{}); !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", filepath.Base(p), err, want)
		}
	}

	// Removing a referenced file keeps it; removing a copy deletes it.
	if err := s.Remove(ctx, "tiny"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tiny); err != nil {
		t.Error("remove deleted the user's own file")
	}
	if err := s.Remove(ctx, "tiny-copy"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.Root(), "tiny-copy.gguf")); !errors.Is(err, os.ErrNotExist) {
		t.Error("copied file kept after remove")
	}
	if err := s.Remove(ctx, "tiny"); !errors.Is(err, ErrUnknownModel) {
		t.Errorf("second remove: %v", err)
	}
}

func TestPullURL(t *testing.T) {
	data, sum := tinyBytes(t)
	srv := &fileServer{data: data, ranges: true, etag: `"t"`, cutAt: 100000}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	s := newTestStore(t)
	m, err := s.Pull(context.Background(), PullRequest{URL: ts.URL + "/files/tiny.gguf", SHA256: strings.ToUpper(sum)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "tiny" || m.Source != SourceURL || m.Size != int64(len(data)) || m.Architecture != "gemma" {
		t.Errorf("model %+v", m)
	}
	p, _ := s.Path("tiny")
	if got, _ := os.ReadFile(p); !bytes.Equal(got, data) {
		t.Error("stored file differs")
	}
	// Pulling again is a no-op.
	before := srv.requests.Load()
	if _, err := s.Pull(context.Background(), PullRequest{URL: ts.URL + "/files/tiny.gguf", SHA256: sum}, nil); err != nil {
		t.Fatal(err)
	}
	if srv.requests.Load() != before {
		t.Error("second pull downloaded again")
	}
	// A file that is not a model is removed after download.
	junk := []byte("<html>login page</html>")
	js := sha256.Sum256(junk)
	ts2 := httptest.NewServer(&fileServer{data: junk})
	defer ts2.Close()
	if _, err := s.Pull(context.Background(), PullRequest{URL: ts2.URL + "/x.gguf", SHA256: hex.EncodeToString(js[:])}, nil); !errors.Is(err, gguf.ErrNotGGUF) {
		t.Errorf("junk pull: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.Root(), "x.gguf")); !errors.Is(err, os.ErrNotExist) {
		t.Error("junk file kept")
	}
	// Bad requests say which part is wrong, for the user's message.
	for _, c := range []struct {
		req  PullRequest
		want error
	}{
		{PullRequest{URL: "ftp://x/y", SHA256: sum}, ErrInvalidURL},
		{PullRequest{URL: ts.URL + "/y", SHA256: "abc"}, ErrInvalidSHA256},
		{PullRequest{URL: ts.URL + "/y", SHA256: sum, Name: "../evil"}, ErrInvalidName},
	} {
		if _, err := s.Pull(context.Background(), c.req, nil); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.req, err, c.want)
		}
	}
	if _, err := Default().DownloadURL("file:///srv"); !errors.Is(err, ErrInvalidURL) {
		t.Errorf("a file:// mirror: %v", err)
	}
	noPullLocks(t, s.Root())
}

func TestPullCatalogNeedsLicence(t *testing.T) {
	var paths []string
	var mu sync.Mutex
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		w.Write([]byte("not the model"))
	}))
	defer ts.Close()
	ctx := context.Background()
	s := newTestStore(t)
	req := PullRequest{Name: Default().Name, BaseURL: ts.URL + "/mirror"}
	if _, err := s.Pull(ctx, req, nil); !errors.Is(err, ErrLicenseNotAccepted) {
		t.Fatalf("pull before accepting: %v", err)
	}
	if len(paths) != 0 {
		t.Error("downloaded before the licence was accepted")
	}
	if err := s.AcceptLicense(ctx, req.Name); err != nil {
		t.Fatal(err)
	}
	if at, ok := s.LicenseAccepted(req.Name); !ok || at.IsZero() {
		t.Error("acceptance not recorded")
	}
	if err := s.AcceptLicense(ctx, "nope"); !errors.Is(err, ErrUnknownModel) {
		t.Errorf("accept unknown: %v", err)
	}
	// The mirror serves the wrong bytes: checksum error, nothing stored.
	if _, err := s.Pull(ctx, req, nil); !errors.Is(err, ErrChecksum) {
		t.Fatalf("pull: %v", err)
	}
	if len(paths) != 1 || paths[0] != "/mirror/frcp/gemma-summary-v01-Q4_K_M-GGUF/resolve/main/gemma-summary-v01-q4_k_m.gguf" {
		t.Errorf("requested %v", paths)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Errorf("index %+v", list)
	}
	if _, err := s.Pull(ctx, PullRequest{Name: "nope"}, nil); !errors.Is(err, ErrUnknownModel) {
		t.Errorf("unknown: %v", err)
	}
}

func TestConcurrentPulls(t *testing.T) {
	data, sum := tinyBytes(t)
	srv := &fileServer{data: data, ranges: true}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	root := filepath.Join(t.TempDir(), "models")
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Separate Store values, as two processes would have.
			s, err := OpenStore(root)
			if err == nil {
				s.Downloader = *testDownloader()
				_, err = s.Pull(context.Background(), PullRequest{URL: ts.URL + "/tiny.gguf", SHA256: sum, Name: "tiny"}, nil)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("pull %d: %v", i, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(root, "tiny.gguf")); !bytes.Equal(got, data) {
		t.Error("file corrupt after concurrent pulls")
	}
	if n := srv.requests.Load(); n != 1 {
		t.Errorf("%d downloads, want 1 (the others wait and find it)", n)
	}
	s, _ := OpenStore(root)
	if list, _ := s.List(); len(list) != 1 {
		t.Errorf("index %+v", list)
	}
	noPullLocks(t, root)
}

// noPullLocks fails when a finished pull left its .NAME.lock in root.
func noPullLocks(t *testing.T, root string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(root, ".*.lock"))
	for _, p := range left {
		if filepath.Base(p) != ".index.lock" {
			t.Errorf("lock file left after the pull: %s", filepath.Base(p))
		}
	}
}

func TestIndexSurvivesCrash(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tiny := filepath.Join(t.TempDir(), "tiny.gguf")
	synthetic.Write(tiny, synthetic.Tiny)
	if _, _, err := s.Add(ctx, tiny, AddOptions{}); err != nil {
		t.Fatal(err)
	}
	// A crash mid-write leaves a partial temporary file; index.json is intact.
	stray := filepath.Join(s.Root(), ".index-12345.tmp")
	os.WriteFile(stray, []byte(`{"version":1,"models":[{"name":"ha`), 0o600)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(stray, old, old)
	fresh := filepath.Join(s.Root(), ".index-67890.tmp")
	os.WriteFile(fresh, []byte(`{`), 0o600)
	list, err := s.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("list after crash: %+v %v", list, err)
	}
	if err := s.AcceptLicense(ctx, Default().Name); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stray); !errors.Is(err, os.ErrNotExist) {
		t.Error("old stray temp not swept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a fresh temp (maybe another process's write) was removed")
	}
	var ix index
	b, _ := os.ReadFile(filepath.Join(s.Root(), "index.json"))
	if err := json.Unmarshal(b, &ix); err != nil || len(ix.Models) != 1 || len(ix.Licence) != 1 {
		t.Errorf("index %s: %v", b, err)
	}
	// A damaged index is reported, not silently replaced.
	os.WriteFile(filepath.Join(s.Root(), "index.json"), []byte("{garbage"), 0o600)
	if _, err := s.List(); err == nil {
		t.Error("damaged index accepted")
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv(DataDirEnv, "/x/y")
	if d := DefaultDir(); d != filepath.Join("/x/y", "models") {
		t.Errorf("DefaultDir = %q", d)
	}
	if d := DataDir(); d != "/x/y" {
		t.Errorf("DataDir = %q", d)
	}
	t.Setenv(DataDirEnv, "")
	if d := DataDir(); filepath.Base(d) != "yoyak" {
		t.Errorf("DataDir without %s = %q", DataDirEnv, d)
	}
}

// A copy under a name already taken must fail without touching the file
// the existing model owns (it used to be overwritten, then deleted).
func TestAddCopyKeepsExistingModel(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	tiny := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(tiny, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Add(ctx, tiny, AddOptions{Name: "mine", Copy: true}); err != nil {
		t.Fatal(err)
	}
	owned := filepath.Join(s.Root(), "mine.gguf")
	before, err := os.Stat(owned)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Add(ctx, tiny, AddOptions{Name: "mine", Copy: true}); !errors.Is(err, ErrExists) {
		t.Fatalf("second copy: %v, want ErrExists", err)
	}
	after, err := os.Stat(owned)
	if err != nil {
		t.Fatalf("the existing model's file is gone: %v", err)
	}
	if !os.SameFile(before, after) {
		t.Error("the existing model's file was replaced")
	}
	if stray, _ := filepath.Glob(filepath.Join(s.Root(), ".mine.gguf.*.tmp")); len(stray) > 0 {
		t.Errorf("temporary copies left: %v", stray)
	}
}
