package remote

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/inference"
)

func connect(t *testing.T, f *fakeServer, mod func(*Options)) *Server {
	t.Helper()
	o := Options{URL: f.URL, ProbeInterval: 50 * time.Millisecond, ConnectTimeout: 2 * time.Second}
	if mod != nil {
		mod(&o)
	}
	s, err := Connect(context.Background(), o)
	if err != nil {
		t.Fatalf("Connect: %v", err)
	}
	return s
}

func TestConnectFindsKind(t *testing.T) {
	tests := []struct {
		kind   Kind
		model  string
		want   Info
		counts bool
	}{
		{LlamaServer, "", Info{Kind: LlamaServer, Model: "tiny.gguf", Context: 2048, Slots: 2, CountsTokens: true, Models: []string{"tiny.gguf"}}, true},
		{VLLM, "", Info{Kind: VLLM, Model: "yoyak/gemma-2b-ko-summarizer", Context: 8192, CountsTokens: true, Models: []string{"yoyak/gemma-2b-ko-summarizer"}}, true},
		{Ollama, "other:7b", Info{Kind: Ollama, Model: "other:7b", Models: []string{"gemma-ko:latest", "other:7b"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			f := newFake(t, tt.kind)
			s := connect(t, f, func(o *Options) { o.Model = tt.model; o.URL += "/v1/" })
			got := s.Info()
			tt.want.URL = f.URL
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Info = %+v\nwant %+v", got, tt.want)
			}
			toks, err := s.Tokenize(context.Background(), "회의록", true)
			if err != nil {
				t.Fatal(err)
			}
			// The fake counts one token per character plus BOS; the estimate
			// counts 1.5 times the measured 1.47 characters per token.
			want := 4
			if !tt.counts {
				want = EstimateTokens("회의록", true)
			}
			if len(toks) != want {
				t.Errorf("Tokenize: %d tokens, want %d", len(toks), want)
			}
		})
	}
}

func TestConnectErrors(t *testing.T) {
	closed := func() string { // a loopback port nobody listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}
	html := newFake(t, 0)
	html.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html><body>router login</body></html>")
	})
	keyed := newFake(t, LlamaServer)
	keyed.key = "sekret"
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"not a url", Options{URL: "gpu-box:8080"}, ErrBadURL},
		{"ftp", Options{URL: "ftp://gpu-box"}, ErrBadURL},
		{"unreachable", Options{URL: closed()}, ErrUnreachable},
		{"wrong path", Options{URL: newFake(t, 0).URL}, ErrNotServer},
		{"html page", Options{URL: html.URL}, ErrNotServer},
		{"no key", Options{URL: keyed.URL}, ErrUnauthorized},
		{"wrong key", Options{URL: keyed.URL, APIKey: "nope"}, ErrUnauthorized},
		{"model not found", Options{URL: newFake(t, VLLM).URL, Model: "gpt-4"}, ErrModelNotFound},
		{"llama model not found", Options{URL: newFake(t, LlamaServer).URL, Model: "other.gguf"}, ErrModelNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Connect(context.Background(), tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.opts.APIKey != "" && strings.Contains(err.Error(), tt.opts.APIKey) {
				t.Errorf("the error shows the key: %v", err)
			}
		})
	}
	if _, err := Connect(context.Background(), Options{URL: keyed.URL, APIKey: "sekret"}); err != nil {
		t.Errorf("right key: %v", err)
	}
}

// gen runs one completion on s and collects its pieces.
func gen(ctx context.Context, s *Server) (string, inference.Result, error) {
	var b strings.Builder
	res, err := s.Generate(ctx, inference.Request{Prompt: "p", MaxTokens: 8, Sampling: inference.Sampling{TopK: 50, TopP: 0.95, RepeatPenalty: 1.2}},
		func(ev inference.Event) bool {
			if p, ok := ev.(inference.Piece); ok {
				b.WriteString(p.Text)
			}
			return true
		})
	return b.String(), res, err
}

func TestGenerateEndings(t *testing.T) {
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	tests := []struct {
		name     string
		kind     Kind
		opts     func(*Options)
		complete func(w http.ResponseWriter, r *http.Request)
		health   func(w http.ResponseWriter, r *http.Request)
		text     string // the pieces delivered
		stop     inference.StopReason
		want     error
	}{
		{"llama eos", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			sse(w, llamaPieces("eos", "요약", "입니다")...)
		}, nil, "요약입니다", inference.EndOfGeneration, nil},
		{"llama limit", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			sse(w, llamaPieces("limit", "a", "b")...)
		}, nil, "ab", inference.TokenLimit, nil},
		{"openai length", VLLM, nil, func(w http.ResponseWriter, r *http.Request) {
			sse(w, openAIPieces("length", "가", "나")...)
		}, nil, "가나", inference.TokenLimit, nil},
		{"openai stop no DONE", Ollama, nil, func(w http.ResponseWriter, r *http.Request) {
			p := openAIPieces("stop", "가")
			sse(w, p[:2]...)
		}, nil, "가", inference.EndOfGeneration, nil},
		{"invalid utf-8 at the end", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			p := llamaPieces("limit", "첫", "둘")
			sse(w, p[0], p[1], `data: {"error":{"code":500,"message":"The model produced output that does not match the expected Content-only format","type":"server_error"}}`+"\n\n")
		}, nil, "첫둘", inference.TokenLimit, nil},
		{"stream cut", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			sse(w, llamaPieces("eos", "반쯤", "쓴")[:2]...)
		}, nil, "반쯤쓴", 0, ErrStreamCut},
		{"5xx", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(503)
			io.WriteString(w, `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`)
		}, nil, "", 0, ErrServer},
		{"error event", VLLM, nil, func(w http.ResponseWriter, r *http.Request) {
			sse(w, "data: "+`{"error":{"message":"CUDA out of memory"}}`+"\n\n")
		}, nil, "", 0, ErrServer},
		{"prompt over context", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			io.WriteString(w, `{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}`)
		}, nil, "", 0, inference.ErrPromptTooLong},
		{"garbage", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "<html>502 Bad Gateway</html>\n")
		}, nil, "", 0, ErrBadStream},
		{"bad json", VLLM, nil, func(w http.ResponseWriter, r *http.Request) {
			sse(w, "data: {not json\n\n")
		}, nil, "", 0, ErrBadStream},
		{"never answers, server dead", LlamaServer, nil, hang, hang, "", 0, ErrServerGone},
		{"never answers, server alive", LlamaServer, func(o *Options) { o.FirstByteTimeout = 300 * time.Millisecond }, hang, nil, "", 0, ErrNoAnswer},
		{"slow but alive", LlamaServer, nil, func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(400 * time.Millisecond) // several health checks pass meanwhile
			sse(w, llamaPieces("eos", "늦은 답")...)
		}, nil, "늦은 답", inference.EndOfGeneration, nil},
		{"stalls after first piece", LlamaServer, func(o *Options) { o.IdleTimeout = 300 * time.Millisecond }, func(w http.ResponseWriter, r *http.Request) {
			sse(w, llamaPieces("eos", "시작")[0])
			<-r.Context().Done()
		}, nil, "시작", 0, ErrStalled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, tt.kind)
			f.complete = tt.complete
			f.health = tt.health
			s := connect(t, f, func(o *Options) {
				o.ConnectTimeout = 200 * time.Millisecond
				if tt.opts != nil {
					tt.opts(o)
				}
			})
			f.health = tt.health
			text, res, err := gen(context.Background(), s)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if text != tt.text {
				t.Errorf("pieces %q, want %q (what came must be delivered)", text, tt.text)
			}
			if err == nil && res.Stop != tt.stop {
				t.Errorf("stop = %v, want %v", res.Stop, tt.stop)
			}
		})
	}
}

func TestGenerateCancelClosesRequest(t *testing.T) {
	f := newFake(t, LlamaServer)
	closed := make(chan struct{})
	f.complete = func(w http.ResponseWriter, r *http.Request) {
		sse(w, llamaPieces("eos", "하나")[0])
		<-r.Context().Done() // the client closed the request
		close(closed)
	}
	s := connect(t, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	res, err := s.Generate(ctx, inference.Request{Prompt: "p", MaxTokens: 8}, func(ev inference.Event) bool {
		if _, ok := ev.(inference.Piece); ok {
			cancel()
		}
		return true
	})
	if !errors.Is(err, context.Canceled) || res.Stop != inference.Cancelled {
		t.Fatalf("err = %v, stop %v; want context.Canceled, Cancelled", err, res.Stop)
	}
	<-closed // the server saw the request end (the test would hang otherwise)
}

// TestGenerateCancelIgnoresWhatIsAlreadyReceived: the whole answer has
// arrived (it is in the client's buffer) when the caller cancels at the
// first piece. No later piece is delivered and the run ends cancelled, as
// the local engine's does; before, the buffered pieces and stop came
// through and the run counted as finished.
func TestGenerateCancelIgnoresWhatIsAlreadyReceived(t *testing.T) {
	for _, end := range []string{"stop", "utf-8 error"} {
		t.Run(end, func(t *testing.T) {
			f := newFake(t, LlamaServer)
			f.complete = func(w http.ResponseWriter, r *http.Request) {
				events := llamaPieces("eos", "하나", "둘", "셋")
				if end == "utf-8 error" {
					events[len(events)-1] = `data: {"error":{"code":500,"message":"The model produced output that does not match the expected Content-only format"}}` + "\n\n"
				}
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, strings.Join(events, "")) // one write: one read takes it all
			}
			s := connect(t, f, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var pieces int
			res, err := s.Generate(ctx, inference.Request{Prompt: "p", MaxTokens: 8}, func(ev inference.Event) bool {
				if _, ok := ev.(inference.Piece); ok {
					pieces++
					cancel()
				}
				return true
			})
			if !errors.Is(err, context.Canceled) || res.Stop != inference.Cancelled || pieces != 1 {
				t.Fatalf("err = %v, stop %v, %d pieces; want context.Canceled, Cancelled, 1 piece", err, res.Stop, pieces)
			}
		})
	}
}

func TestGenerateStopByCallback(t *testing.T) {
	f := newFake(t, LlamaServer)
	f.complete = func(w http.ResponseWriter, r *http.Request) {
		sse(w, llamaPieces("eos", "하나", "둘", "셋")...)
	}
	s := connect(t, f, nil)
	n := 0
	res, err := s.Generate(context.Background(), inference.Request{Prompt: "p"}, func(ev inference.Event) bool {
		n++
		return n < 2
	})
	if err != nil || res.Stop != inference.Stopped || n != 2 {
		t.Fatalf("err %v, stop %v, events %d; want nil, Stopped, 2", err, res.Stop, n)
	}
}

func TestCompletionBodyMapsSampling(t *testing.T) {
	req := inference.Request{Prompt: "Instruction: 요약", MaxTokens: 300, ContextSize: 2048,
		Sampling: inference.Sampling{Temperature: 0.1, TopK: 50, TopP: 0.95, RepeatPenalty: 1.2, RepeatLastN: -1}}
	tests := []struct {
		kind Kind
		path string
		want map[string]any
		not  []string
	}{
		{LlamaServer, "/completion", map[string]any{"prompt": req.Prompt, "n_predict": 300.0, "top_k": 50.0,
			"repeat_penalty": 1.2, "repeat_last_n": 2048.0, "min_p": 0.0, "stream": true}, []string{"model", "messages"}},
		{VLLM, "/v1/completions", map[string]any{"prompt": req.Prompt, "max_tokens": 300.0, "top_k": 50.0,
			"repetition_penalty": 1.2, "min_p": 0.0, "model": "yoyak/gemma-2b-ko-summarizer", "stream": true}, []string{"repeat_last_n", "messages"}},
		{Ollama, "/v1/completions", map[string]any{"prompt": req.Prompt, "max_tokens": 300.0, "top_k": 50.0,
			"repeat_penalty": 1.2, "model": "gemma-ko:latest"}, []string{"messages"}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			f := newFake(t, tt.kind)
			f.complete = func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != tt.path {
					t.Errorf("path %s, want %s", r.URL.Path, tt.path)
				}
				sse(w, openAIPieces("stop")...)
			}
			if tt.kind == LlamaServer {
				f.complete = func(w http.ResponseWriter, r *http.Request) { sse(w, llamaPieces("eos")...) }
			}
			s := connect(t, f, nil)
			if _, err := s.Generate(context.Background(), req, nil); err != nil {
				t.Fatal(err)
			}
			body := f.lastBody()
			for k, v := range tt.want {
				if got, ok := body[k]; !ok || !reflect.DeepEqual(got, v) {
					t.Errorf("%s = %v (%T), want %v", k, got, got, v)
				}
			}
			for _, k := range tt.not {
				if _, ok := body[k]; ok {
					t.Errorf("%s sent", k)
				}
			}
			if tp := body["top_p"].(float64); tp < 0.949 || tp > 0.951 {
				t.Errorf("top_p = %v", tp)
			}
		})
	}
}

func TestFreeSlots(t *testing.T) {
	s := connect(t, newFake(t, LlamaServer), nil)
	if n, err := s.FreeSlots(context.Background()); err != nil || n != 1 {
		t.Errorf("FreeSlots = %d, %v; want 1 (one of two processing)", n, err)
	}
}

func TestParseURLAndInsecure(t *testing.T) {
	tests := []struct {
		in, base string
		insecure bool
		bad      bool
	}{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", false, false},
		{"http://localhost:8080/v1/", "http://localhost:8080", false, false},
		{"http://[::1]:8080", "http://[::1]:8080", false, false},
		{"http://gpu-box.local:8080", "http://gpu-box.local:8080", true, false},
		{"http://10.0.0.5:8000/v1", "http://10.0.0.5:8000", true, false},
		{"https://gpu-box.example/llm/v1", "https://gpu-box.example/llm", false, false},
		{" https://gpu-box.example ", "https://gpu-box.example", false, false},
		{"gpu-box:8080", "", false, true},
		{"http://user:pw@gpu-box", "", false, true},
		{"http://gpu-box?x=1", "", false, true},
		{"https://gpu-box/v1?api_key=pw-secret", "", false, true},
		{"http://u:pw ss@gpu-box", "", false, true},
		{"", "", false, true},
	}
	for _, tt := range tests {
		u, err := ParseURL(tt.in)
		if (err != nil) != tt.bad {
			t.Errorf("ParseURL(%q) err = %v", tt.in, err)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), "pw") {
				t.Errorf("ParseURL(%q) error shows the password: %v", tt.in, err)
			}
			continue
		}
		if u.String() != tt.base || Insecure(u) != tt.insecure {
			t.Errorf("ParseURL(%q) = %s insecure %v; want %s %v", tt.in, u, Insecure(u), tt.base, tt.insecure)
		}
	}
}

func TestEstimateTokens(t *testing.T) {
	tests := []struct {
		text string
		bos  bool
		want int
	}{
		{"", false, 0},
		{"", true, 1},
		{"가", false, 2},                        // 1 / 0.98 rounded up
		{strings.Repeat("가", 147), false, 150}, // 147 chars: 100 tokens measured, 150 assumed
	}
	for _, tt := range tests {
		if got := EstimateTokens(tt.text, tt.bos); got != tt.want {
			t.Errorf("EstimateTokens(%d runes, %v) = %d, want %d", len([]rune(tt.text)), tt.bos, got, tt.want)
		}
	}
}
