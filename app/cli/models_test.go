package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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
	var buf bytes.Buffer
	if err := synthetic.Encode(&buf, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	h := sha256.Sum256(data)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/tiny.gguf") {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, "tiny.gguf", time.Unix(1700000000, 0), bytes.NewReader(data))
	}))
	t.Cleanup(ts.Close)
	return dataDir, ts.URL + "/files/tiny.gguf", hex.EncodeToString(h[:])
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
	if code, _, _ = run(t, runModels, "", "rm", "tiny"); code != exitOK {
		t.Errorf("rm: %d", code)
	}
	if code, _, errs = run(t, runModels, "", "rm", "tiny"); code != exitFailure || !strings.Contains(errs, "No such model") {
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
		{"unknown", []string{"pull", "nope"}, exitFailure, "No such model"},
		{"url without sum", []string{"pull", "--url", url}, exitUsage, "--sha256"},
		{"sum without url", []string{"pull", "--sha256", sum}, exitUsage, "--url"},
		{"no subcommand", nil, exitUsage, "usage"},
		{"bad subcommand", []string{"frob"}, exitUsage, "unknown subcommand"},
		{"add nothing", []string{"add"}, exitUsage, "usage"},
		{"info missing", []string{"info", "nope"}, exitFailure, "No such model"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := run(t, runModels, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errs, c.code, c.want)
			}
			if c.code == exitFailure && strings.Count(strings.TrimSpace(errs), "\n") > 3 {
				t.Errorf("error not short: %q", errs)
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
	for file, want := range map[string]string{trunc: "cut short", foreign: "architecture", text: "Not a GGUF"} {
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
