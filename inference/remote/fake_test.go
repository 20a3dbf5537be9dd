package remote

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeServer is a small HTTP server standing in for llama-server, vLLM or
// Ollama in the cases a real one cannot be made to produce (a stream cut,
// garbage, a hang). It records the completion requests it gets.
type fakeServer struct {
	*httptest.Server
	kind     Kind
	key      string                                       // required bearer key; "" none
	complete func(w http.ResponseWriter, r *http.Request) // the completion handler
	health   func(w http.ResponseWriter, r *http.Request) // nil: 200

	mu     sync.Mutex
	bodies []map[string]any // completion request bodies
}

func newFake(t *testing.T, kind Kind) *fakeServer {
	t.Helper()
	f := &fakeServer{kind: kind}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	if f.key != "" && r.Header.Get("Authorization") != "Bearer "+f.key && r.URL.Path != "/health" {
		w.WriteHeader(401)
		io.WriteString(w, `{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}`)
		return
	}
	switch {
	case r.URL.Path == "/health" && f.health != nil:
		f.health(w, r)
	case r.URL.Path == "/health":
		io.WriteString(w, `{"status":"ok"}`)
	case r.URL.Path == "/props" && f.kind == LlamaServer:
		io.WriteString(w, `{"total_slots":2,"model_path":"/srv/models/tiny.gguf","default_generation_settings":{"n_ctx":2048}}`)
	case r.URL.Path == "/slots" && f.kind == LlamaServer:
		io.WriteString(w, `[{"id":0,"is_processing":true},{"id":1,"is_processing":false}]`)
	case r.URL.Path == "/v1/models":
		f.models(w)
	case r.URL.Path == "/api/version" && f.kind == Ollama:
		io.WriteString(w, `{"version":"0.6.0"}`)
	case r.URL.Path == "/tokenize" && (f.kind == LlamaServer || f.kind == VLLM):
		f.tokenize(w, r)
	case r.URL.Path == "/completion" && f.kind == LlamaServer, r.URL.Path == "/v1/completions":
		var body map[string]any
		json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		f.bodies = append(f.bodies, body)
		f.mu.Unlock()
		if f.complete != nil {
			f.complete(w, r)
		}
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeServer) models(w http.ResponseWriter) {
	switch f.kind {
	case LlamaServer:
		io.WriteString(w, `{"object":"list","data":[{"id":"tiny.gguf","object":"model","owned_by":"llamacpp"}]}`)
	case VLLM:
		io.WriteString(w, `{"object":"list","data":[{"id":"yoyak/gemma-2b-ko-summarizer","owned_by":"vllm","max_model_len":8192}]}`)
	case Ollama:
		io.WriteString(w, `{"object":"list","data":[{"id":"gemma-ko:latest","owned_by":"library"},{"id":"other:7b","owned_by":"library"}]}`)
	}
}

// tokenize: one token per character, BOS (2) in front when asked.
func (f *fakeServer) tokenize(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Content    string `json:"content"`
		Prompt     string `json:"prompt"`
		AddSpecial bool   `json:"add_special"`
		AddTokens  bool   `json:"add_special_tokens"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	var toks []int
	if body.AddSpecial || body.AddTokens {
		toks = append(toks, 2)
	}
	for range []rune(body.Content + body.Prompt) {
		toks = append(toks, 7)
	}
	json.NewEncoder(w).Encode(map[string]any{"tokens": toks})
}

func (f *fakeServer) lastBody() map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bodies) == 0 {
		return nil
	}
	return f.bodies[len(f.bodies)-1]
}

// sse writes events and flushes after each.
func sse(w http.ResponseWriter, events ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	fl, _ := w.(http.Flusher)
	for _, e := range events {
		io.WriteString(w, e)
		if fl != nil {
			fl.Flush()
		}
	}
}

// llamaPieces are llama-server events for the pieces, then its stop event.
func llamaPieces(stopType string, pieces ...string) []string {
	var out []string
	for _, p := range pieces {
		b, _ := json.Marshal(map[string]any{"content": p, "stop": false})
		out = append(out, "data: "+string(b)+"\n\n")
	}
	out = append(out, fmt.Sprintf(`data: {"content":"","stop":true,"stop_type":%q,"tokens_evaluated":12,"tokens_predicted":%d,"timings":{"prompt_n":12,"prompt_ms":30.5,"predicted_n":%d,"predicted_ms":80}}`+"\n\n",
		stopType, len(pieces), len(pieces)))
	return out
}

// openAIPieces are OpenAI completion chunks, the finish, usage and [DONE].
func openAIPieces(finish string, pieces ...string) []string {
	var out []string
	for _, p := range pieces {
		b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"text": p, "index": 0, "finish_reason": nil}}})
		out = append(out, "data: "+string(b)+"\n\n")
	}
	out = append(out, fmt.Sprintf(`data: {"choices":[{"text":"","index":0,"finish_reason":%q}]}`+"\n\n", finish),
		fmt.Sprintf(`data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":%d}}`+"\n\n", len(pieces)),
		"data: [DONE]\n\n")
	return out
}

func joinStrings(s []string) string { return strings.Join(s, "") }
