// Package models gets model files onto the user's machine and keeps track of
// them: the embedded catalog of known models, a resumable and verified
// downloader, and the store in the per-user data folder (with its index).
// The GGUF reader lives in models/gguf, synthetic test models in
// models/synthetic.
package models

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
)

//go:embed catalog.json
var catalogJSON []byte

// BaseURLEnv names the environment variable that points catalog downloads at
// a mirror or company server: its scheme, host and path prefix replace the
// catalog URL's scheme and host, and the catalog URL's path is kept.
const BaseURLEnv = "YOYAK_MODEL_BASE_URL"

// Sampling holds a model's recommended sampling settings.
type Sampling struct {
	Temperature   float32 `json:"temperature"`
	TopK          int     `json:"top_k"`
	TopP          float32 `json:"top_p"`
	RepeatPenalty float32 `json:"repeat_penalty"`
}

// Entry is one catalog model: where to get it, how to check it, under which
// licence, and how to prompt it.
type Entry struct {
	Name          string `json:"name"`
	Title         string `json:"title"`
	Description   string `json:"description"`
	DescriptionKo string `json:"description_ko,omitempty"`
	URL           string `json:"url"`
	File          string `json:"file"` // file name in the store
	// Size in bytes; approximate when SizeApprox is set (the exact size comes
	// from the server at download time).
	Size           int64    `json:"size"`
	SizeApprox     bool     `json:"size_approx,omitempty"`
	SHA256         string   `json:"sha256"`
	License        string   `json:"license"`
	LicenseURL     string   `json:"license_url"`
	PromptTemplate string   `json:"prompt_template"` // {transcript} marks where the text goes
	Sampling       Sampling `json:"sampling"`
	ContextLength  int      `json:"context_length"`
}

type catalogFile struct {
	Default string  `json:"default"`
	Models  []Entry `json:"models"`
}

var catalog = mustParseCatalog(catalogJSON)

func mustParseCatalog(b []byte) catalogFile {
	c, err := parseCatalog(b)
	if err != nil {
		panic(err) // the embedded file is part of the build; tests catch this
	}
	return c
}

func parseCatalog(b []byte) (catalogFile, error) {
	var c catalogFile
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("catalog: %w", err)
	}
	names := map[string]bool{}
	for _, e := range c.Models {
		switch {
		case !validName(e.Name):
			return c, fmt.Errorf("catalog: invalid model name %q", e.Name)
		case names[e.Name]:
			return c, fmt.Errorf("catalog: duplicate model %q", e.Name)
		case !validSHA256(e.SHA256):
			return c, fmt.Errorf("catalog: model %q: invalid sha256", e.Name)
		case !validFileName(e.File):
			return c, fmt.Errorf("catalog: model %q: invalid file name %q", e.Name, e.File)
		case !strings.Contains(e.PromptTemplate, "{transcript}"):
			return c, fmt.Errorf("catalog: model %q: prompt template lacks {transcript}", e.Name)
		}
		if u, err := url.Parse(e.URL); err != nil || u.Scheme != "https" {
			return c, fmt.Errorf("catalog: model %q: URL must be https", e.Name)
		}
		names[e.Name] = true
	}
	if !names[c.Default] {
		return c, fmt.Errorf("catalog: default model %q not listed", c.Default)
	}
	return c, nil
}

// Catalog returns the known models, the default first.
func Catalog() []Entry {
	out := make([]Entry, 0, len(catalog.Models))
	out = append(out, Default())
	for _, e := range catalog.Models {
		if e.Name != catalog.Default {
			out = append(out, e)
		}
	}
	return out
}

// Default returns the model Yoyak offers first.
func Default() Entry {
	e, _ := Lookup(catalog.Default)
	return e
}

// Lookup finds a catalog model by name.
func Lookup(name string) (Entry, bool) {
	for _, e := range catalog.Models {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// DownloadURL is where to fetch the entry: its catalog URL, or the same path
// under base (a mirror) when base is set; base "" falls back to $YOYAK_MODEL_BASE_URL.
func (e Entry) DownloadURL(base string) (string, error) {
	if base == "" {
		base = os.Getenv(BaseURLEnv)
	}
	return rebase(e.URL, base)
}

// rebase moves rawURL's path under base: rebase("https://a/x/y.gguf",
// "http://mirror:8080/models") = "http://mirror:8080/models/x/y.gguf".
func rebase(rawURL, base string) (string, error) {
	if base == "" {
		return rawURL, nil
	}
	b, err := url.Parse(base)
	if err != nil || (b.Scheme != "http" && b.Scheme != "https") || b.Host == "" {
		return "", fmt.Errorf("model base URL %q (want http(s)://host[/prefix]): %w", base, ErrInvalidURL)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("model URL %q: %w", rawURL, err)
	}
	out := *b
	out.Path = strings.TrimSuffix(b.Path, "/") + "/" + strings.TrimPrefix(u.Path, "/")
	out.RawPath = ""
	out.RawQuery = u.RawQuery
	return out.String(), nil
}

func validName(s string) bool {
	if s == "" || len(s) > 100 || s[0] == '.' || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

func validFileName(s string) bool { return validName(s) }

func validSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}
