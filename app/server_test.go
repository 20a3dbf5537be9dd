package app

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yoyak/yoyak/inference/remote"
	"github.com/yoyak/yoyak/inference/remote/servertest"
)

// These tests summarize through a real llama-server (built by
// packaging/build-llama-server.sh) serving the tiny synthetic model on
// loopback, and through small fake servers for the failures a real one
// cannot be made to produce.

func serverSettings(url string) Settings {
	s := tinySettings()
	s.Model = ""
	s.Server = ServerSettings{On: true, URL: url}
	return s
}

func TestRealServerSinglePass(t *testing.T) {
	srv := servertest.Start(t, servertest.Options{Model: tinyPath, Parallel: 2, CtxSlot: 2048})
	svc := NewService(Config{})
	defer svc.Close()
	var rec recorder
	var mu sync.Mutex
	res, err := svc.Summarize(context.Background(), doc(meeting(3)), Options{Settings: serverSettings(srv.URL)},
		func(e Event) { mu.Lock(); rec.emit(e); mu.Unlock() })
	if err != nil {
		t.Fatal(Message(err, "en"), err)
	}
	if res.Stats.Parts != 1 || res.Stats.Passes != 1 || (res.Stats.PromptTokens == 0 && res.Stats.Tokens > 0) {
		t.Errorf("stats %+v: want one pass with its prompt counted", res.Stats)
	}
	if res.Model.Name != "tiny.gguf" || res.Model.Path != srv.URL {
		t.Errorf("model %q at %q", res.Model.Name, res.Model.Path)
	}
	var streamed strings.Builder
	for _, e := range rec.events {
		if p, ok := e.(Piece); ok {
			streamed.WriteString(p.Text)
		}
	}
	if _, ok := rec.events[len(rec.events)-1].(Done); !ok {
		t.Errorf("last event %T, want Done", rec.events[len(rec.events)-1])
	}
	if strings.TrimSpace(streamed.String()) != strings.TrimSpace(res.Text) && !res.Stats.Stopped {
		t.Errorf("streamed %q, result %q", streamed.String(), res.Text)
	}
}

// TestRealServerSplitMatchesLocalAndOverlaps: the server's tokenizer and
// per-slot context cut a long transcript into exactly the parts the local
// engine would with the same context, and the parts run at once on the
// server's two slots (its log shows a second task launched before the
// first one released its slot).
func TestRealServerSplitMatchesLocalAndOverlaps(t *testing.T) {
	srv := servertest.Start(t, servertest.Options{Model: tinyPath, Parallel: 2, CtxSlot: 512})
	svc := NewService(Config{})
	defer svc.Close()
	text := doc(meeting(40))
	local := tinySettings()
	local.ContextSize, local.MaxTokens = 512, 32
	onServer := serverSettings(srv.URL)
	onServer.MaxTokens = 32

	want, err := svc.Prompts(context.Background(), text, Options{Settings: local})
	if err != nil {
		t.Fatal(err)
	}
	got, err := svc.Prompts(context.Background(), text, Options{Settings: onServer})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 3 || strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Fatalf("server split into %d parts, local into %d; they must be the same", len(got), len(want))
	}

	res, err := svc.Summarize(context.Background(), text, Options{Settings: onServer}, nil)
	if err != nil {
		t.Fatal(Message(err, "en"), err)
	}
	if res.Stats.Parts != len(got) || len(res.Partials) != len(got) || res.Stats.Passes <= len(got) {
		t.Errorf("stats %+v, %d partials: want %d parts and a final pass", res.Stats, len(res.Partials), len(got))
	}
	most := maxBusySlots(srv.Log())
	t.Logf("%d parts, at most %d slots busy at once", len(got), most)
	if most < 2 {
		t.Errorf("at most %d slot(s) busy at once: the parts did not overlap\n%s", most, srv.Log())
	}
}

func TestRealServerCancelReleasesTheSlot(t *testing.T) {
	srv := servertest.Start(t, servertest.Options{Model: tinyPath, Parallel: 2, CtxSlot: 4096})
	svc := NewService(Config{})
	defer svc.Close()
	set := serverSettings(srv.URL)
	set.MaxTokens = 4000
	// Greedy: the tiny model then repeats one whole word for as long as it
	// is asked to. Warm sampling sometimes writes a stray byte first, and
	// llama-server ends such a stream at once on its own (the shared
	// notes), before there is a piece to stop at.
	set.Sampling = SamplingSettings{Custom: true, Temperature: 0, TopK: 1, TopP: 1, RepeatPenalty: 1}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var once sync.Once
	pieces := 0
	res, err := svc.Summarize(ctx, doc(meeting(2)), Options{Settings: set}, func(e Event) {
		if _, ok := e.(Piece); ok {
			pieces++
			once.Do(cancel) // Stop, mid-stream
		}
	})
	if !errors.Is(err, context.Canceled) || pieces != 1 {
		t.Fatalf("err = %v after %d pieces (stats %+v), want context.Canceled after 1", err, pieces, res.Stats)
	}
	s, err := remote.Connect(context.Background(), remote.Options{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for {
		slots, err := s.Slots(context.Background())
		busy := 0
		for _, sl := range slots {
			if sl.Processing {
				busy++
			}
		}
		if err == nil && busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot still busy a minute after Stop: %+v %v", slots, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServerFailuresKeepWhatCame: a server that cuts its stream mid-answer
// fails the run with a message saying so, after the pieces that came were
// delivered (the window keeps them with a note).
func TestServerFailuresKeepWhatCame(t *testing.T) {
	var calls int
	var mu sync.Mutex
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/props":
			io.WriteString(w, `{"total_slots":1,"default_generation_settings":{"n_ctx":2048}}`)
		case "/slots":
			io.WriteString(w, `[{"id":0,"is_processing":false}]`)
		case "/tokenize":
			io.WriteString(w, `{"tokens":[2,7,7,7]}`)
		case "/completion":
			mu.Lock()
			calls++
			mu.Unlock()
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "data: {\"content\":\"1. 예산 \",\"stop\":false}\n\n")
			w.(http.Flusher).Flush()
			// then the connection ends without the stop event
		default:
			http.NotFound(w, r)
		}
	}))
	defer fake.Close()
	svc := NewService(Config{})
	defer svc.Close()
	var rec recorder
	_, err := svc.Summarize(context.Background(), doc("짧은 회의록입니다."), Options{Settings: serverSettings(fake.URL)}, rec.emit)
	if !errors.Is(err, remote.ErrStreamCut) {
		t.Fatalf("err = %v, want ErrStreamCut", err)
	}
	if msg := Message(err, "ko"); !strings.Contains(msg, "끊겼습니다") || !strings.Contains(msg, "남겨 두었습니다") {
		t.Errorf("message %q", msg)
	}
	got := ""
	for _, e := range rec.events {
		if p, ok := e.(Piece); ok {
			got += p.Text
		}
	}
	if got != "1. 예산 " {
		t.Errorf("pieces delivered %q, want what came before the cut", got)
	}
	if f, ok := rec.events[len(rec.events)-1].(Failed); !ok || !errors.Is(f.Err, remote.ErrStreamCut) {
		t.Errorf("last event %#v, want Failed", rec.events[len(rec.events)-1])
	}
}

func TestServerMessages(t *testing.T) {
	tests := []struct {
		err    error
		ko, en string
	}{
		{remote.ErrUnreachable, "서버에 연결할 수 없습니다", "Cannot connect to the server"},
		{remote.ErrNotServer, "그 주소에는 요약 서버", "No inference server"},
		{remote.ErrUnauthorized, "API 키를 거부", "refused the API key"},
		{remote.ErrModelNotFound, "그 모델이 없습니다", "does not have that model"},
		{remote.ErrServerGone, "응답을 멈췄습니다", "stopped responding"},
		{remote.ErrNoAnswer, "답하지 않았습니다", "did not answer in time"},
		{remote.ErrStalled, "멈췄습니다", "stalled"},
		{remote.ErrBadStream, "알 수 없는 형식", "unknown format"},
		{remote.ErrServer, "서버에서 오류", "server reported an error"},
		{remote.ErrBadURL, "서버 주소가 올바르지", "server address is not valid"},
	}
	for _, tt := range tests {
		err := errors.Join(errors.New("x"), tt.err)
		if ko, en := Message(err, "ko"), Message(err, "en"); !strings.Contains(ko, tt.ko) || !strings.Contains(en, tt.en) {
			t.Errorf("%v: %q / %q", tt.err, ko, en)
		}
	}
}

// maxBusySlots reads llama-server's log and returns the most slots that
// were processing a task at once.
func maxBusySlots(log string) int {
	busy, most := 0, 0
	for _, line := range strings.Split(log, "\n") {
		switch {
		case strings.Contains(line, "launch_slot_") && strings.Contains(line, "processing task"):
			busy++
			most = max(most, busy)
		case strings.Contains(line, "release") && strings.Contains(line, "stop processing"):
			busy--
		}
	}
	return most
}

// TestServerContextTooSmall: a server whose slot cannot hold the template,
// an answer and some text is refused before anything is generated.
func TestServerContextTooSmall(t *testing.T) {
	completions := 0
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/props":
			io.WriteString(w, `{"total_slots":4,"default_generation_settings":{"n_ctx":32}}`)
		case "/tokenize":
			io.WriteString(w, `{"tokens":[2,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7]}`)
		case "/completion":
			completions++
		default:
			http.NotFound(w, r)
		}
	}))
	defer fake.Close()
	svc := NewService(Config{})
	defer svc.Close()
	_, err := svc.Summarize(context.Background(), doc(meeting(3)), Options{Settings: serverSettings(fake.URL)}, nil)
	if !errors.Is(err, ErrContextTooSmall) || completions != 0 {
		t.Fatalf("err = %v after %d completions; want ErrContextTooSmall before any", err, completions)
	}
	if msg := Message(err, "en"); !strings.HasPrefix(msg, "The context is too small") {
		t.Errorf("message %q", msg)
	}
}

// TestServerRunNeedsNoLocalModel: with a server chosen, reading ahead loads
// no local model (the server caches prompts itself).
func TestServerRunNeedsNoLocalModel(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return nil }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	if err := svc.Prefill(context.Background(), doc(meeting(3)), Options{Settings: serverSettings("http://127.0.0.1:1")}, nil); err != nil {
		t.Fatal(err)
	}
	if len(eng.loads) != 0 {
		t.Errorf("%d local loads for a server run", len(eng.loads))
	}
}
