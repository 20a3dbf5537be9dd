// Package remote runs completions on an inference server someone already
// keeps — llama.cpp's llama-server, or an OpenAI-compatible one (vLLM,
// Ollama) — so an office can share one GPU box. It speaks plain Go to its
// caller (text, token counts, sampling, inference events) like the local
// engine, so the pipeline does not learn HTTP.
//
// What is sent: the prompt text (the transcript inside the model card's
// template) and the sampling numbers, to the one address the user gave,
// with the API key as a bearer token when one is set. Nothing else, and
// never anything when the local engine is chosen (this package is not
// even called then).
package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Kind is the server software found at an address.
type Kind int

// Kinds.
const (
	LlamaServer Kind = iota + 1 // llama.cpp's llama-server: /props, /slots, /tokenize, /completion
	VLLM                        // vLLM's OpenAI-compatible server: /v1/models, /tokenize, /v1/completions
	Ollama                      // Ollama's OpenAI-compatible API: /v1/models, /v1/completions (no tokenizer)
	OpenAI                      // another OpenAI-compatible server: /v1/models, /v1/completions
)

func (k Kind) String() string {
	switch k {
	case LlamaServer:
		return "llama-server"
	case VLLM:
		return "vLLM"
	case Ollama:
		return "Ollama"
	case OpenAI:
		return "OpenAI-compatible"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Options say where the server is and how patient to be with it.
type Options struct {
	// URL of the server: http(s)://host[:port][/prefix]; a trailing /v1 is
	// accepted and dropped.
	URL string
	// APIKey is sent as "Authorization: Bearer KEY" when not empty. It is
	// never put in an error or a log line.
	APIKey string
	// Model to ask for; "" takes the server's only (or first) model.
	Model string
	// ConnectTimeout bounds making the TCP (and TLS) connection: past it the
	// server counts as unreachable. Default 10 s.
	ConnectTimeout time.Duration
	// RequestTimeout bounds the short calls (probe, tokenize, slots).
	// Default 60 s.
	RequestTimeout time.Duration
	// FirstByteTimeout bounds the wait for a completion's first event: a
	// busy server queues the request until a slot frees and then reads the
	// prompt, which can take minutes on a CPU. While waiting, the server's
	// health is checked every ProbeInterval, so a dead server is told from a
	// slow one long before this passes. Default 15 min.
	FirstByteTimeout time.Duration
	// IdleTimeout bounds the gap between two events once the answer has
	// begun (tokens come many times a second). Default 2 min.
	IdleTimeout time.Duration
	// ProbeInterval is how often the health check runs while waiting for the
	// first event. Default 20 s.
	ProbeInterval time.Duration
	// HTTPClient replaces the client built from the timeouts (tests).
	HTTPClient *http.Client
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.ConnectTimeout, 10*time.Second)
	def(&o.RequestTimeout, 60*time.Second)
	def(&o.FirstByteTimeout, 15*time.Minute)
	def(&o.IdleTimeout, 2*time.Minute)
	def(&o.ProbeInterval, 20*time.Second)
	return o
}

// Info is what Connect found, for "test connection" and the planner.
type Info struct {
	Kind  Kind
	URL   string // the base address used (without /v1)
	Model string // the model the server will run
	// Context is the context one request may fill, in tokens: llama-server's
	// per-slot n_ctx (-c divided by --parallel), vLLM's max_model_len. 0
	// when the server does not say (Ollama): see ContextKnown.
	Context int
	// Slots is how many requests the server runs at once (llama-server's
	// --parallel); 0 when it does not say (vLLM batches as many as fit,
	// Ollama has OLLAMA_NUM_PARALLEL).
	Slots int
	// CountsTokens: the server has a tokenizer endpoint, so token counts
	// are exact; false means they are estimated (see EstimateTokens).
	CountsTokens bool
	// Models the server lists.
	Models []string
}

// Server is a connection to one inference server for one model. It is safe
// for concurrent use: its calls are independent HTTP requests.
type Server struct {
	opts Options
	base *url.URL
	hc   *http.Client
	info Info
}

// ParseURL checks and normalizes a server address: http or https, a host,
// no query; a trailing slash and /v1 are dropped.
func ParseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.User != nil {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, redact(raw))
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/v1")
	u.Path, u.RawPath, u.Fragment = p, "", ""
	return u, nil
}

// redact keeps an address printable without any user:password in it.
func redact(raw string) string {
	raw, _, _ = strings.Cut(raw, "?") // a query may carry a key (?api_key=…)
	raw, _, _ = strings.Cut(raw, "#")
	if u, err := url.Parse(raw); err == nil {
		u.User = nil
		return u.String()
	}
	// An address url.Parse refused may still hold user:password@.
	if i := strings.LastIndexByte(raw, '@'); i >= 0 {
		scheme, _, ok := strings.Cut(raw, "://")
		if !ok {
			scheme = ""
		} else {
			scheme += "://"
		}
		return scheme + raw[i+1:]
	}
	return raw
}

// Insecure reports whether the address sends text unencrypted to another
// machine: plain http to a host that is not this one (loopback).
func Insecure(u *url.URL) bool {
	if u.Scheme != "http" {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return false
	}
	ip := net.ParseIP(h)
	return ip == nil || !ip.IsLoopback()
}

// Connect checks the address and finds out what serves there: llama-server
// (GET /props) or an OpenAI-compatible server (GET /v1/models; Ollama also
// answers GET /api/version), its model, context and slots. Errors wrap
// ErrBadURL, ErrUnreachable, ErrUnauthorized, ErrNotServer,
// ErrModelNotFound or ErrServer.
func Connect(ctx context.Context, opts Options) (*Server, error) {
	opts = opts.withDefaults()
	base, err := ParseURL(opts.URL)
	if err != nil {
		return nil, err
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = newHTTPClient(opts)
	}
	s := &Server{opts: opts, base: base, hc: hc}
	s.info.URL = base.String()
	if err := s.probe(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// newHTTPClient has the connect timeout and no overall timeout: a streamed
// answer may take many minutes; Generate watches it event by event.
func newHTTPClient(o Options) *http.Client {
	d := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         d.DialContext,
		TLSHandshakeTimeout: o.ConnectTimeout,
		MaxIdleConnsPerHost: 16,
		IdleConnTimeout:     90 * time.Second,
	}}
}

// Close closes the idle connections of the client Connect made (not of an
// Options.HTTPClient). The Server stays usable: a later call connects again.
func (s *Server) Close() {
	if s.opts.HTTPClient == nil {
		s.hc.CloseIdleConnections()
	}
}

// Info returns what Connect found.
func (s *Server) Info() Info { return s.info }

// URL returns the endpoint p under the base address.
func (s *Server) url(p string) string {
	u := *s.base
	u.Path = path.Join(u.Path, p)
	return u.String()
}

// newRequest builds a request with the key and JSON headers.
func (s *Server) newRequest(ctx context.Context, method, p string, body any) (*http.Request, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", p, err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.url(p), r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	// Every request Yoyak sends is free of side effects (probe, count, a
	// completion that has not started), so Go's transport may send it again
	// on a fresh connection when the kept-alive one it picked was just
	// closed by the server ("server closed idle connection", which
	// llama-server does after a few idle seconds). A nil value marks the
	// request replayable without sending the header.
	req.Header["Idempotency-Key"] = nil
	if s.opts.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+s.opts.APIKey)
	}
	return req, nil
}

// maxBody bounds a non-streamed answer read into memory.
const maxBody = 8 << 20

// call does a short request and decodes a 2xx JSON answer into out.
func (s *Server) call(ctx context.Context, method, p string, body, out any) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.RequestTimeout)
	defer cancel()
	req, err := s.newRequest(ctx, method, p, body)
	if err != nil {
		return err
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return s.transportError(ctx, p, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return s.transportError(ctx, p, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %w", method, p, statusError(resp.StatusCode, data))
	}
	if out == nil {
		return nil
	}
	if err := jsonUnmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: %w: %v", method, p, ErrNotServer, err)
	}
	return nil
}

// transportError names a failed request: the caller's cancellation as is,
// else the server unreachable (or too slow for a short call).
func (s *Server) transportError(ctx context.Context, p string, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%s: %w: no answer within %s", p, ErrNoAnswer, s.opts.RequestTimeout)
		}
		return err
	}
	return fmt.Errorf("%s %s: %w: %v", s.base.Host, p, ErrUnreachable, stripURL(err))
}

// stripURL drops the request URL from a *url.Error (it repeats the address
// the message names already).
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// jsonUnmarshal decodes JSON; a separate name so tests and fuzzing can see
// every outside input goes through encoding/json.
func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
