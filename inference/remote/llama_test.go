package remote

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/inference/remote/servertest"
	"github.com/yoyak/yoyak/models/synthetic"
)

// These tests run the real llama-server (packaging/build-llama-server.sh)
// on loopback with the tiny synthetic model; its random weights write
// nonsense, so they check the protocol, counts and slots, never words.

func tinyServer(t *testing.T, o servertest.Options) (*servertest.Server, string) {
	t.Helper()
	servertest.Binary(t) // skip (or fail under CI) before writing the model
	model := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := synthetic.Write(model, synthetic.Tiny); err != nil {
		t.Fatal(err)
	}
	o.Model = model
	return servertest.Start(t, o), model
}

// warm sampling: random weights under the card's near-greedy sampling
// repeat one token; a warm sampler writes varied pieces.
var warm = inference.Sampling{Temperature: 1, TopP: 1, RepeatPenalty: 1}

// greedy sampling makes the tiny model repeat the prompt's last word for as
// long as it is asked to: a stream that is whole UTF-8 every time. Warm
// sampling sometimes writes stray bytes, and llama-server then ends the
// stream on its own after a few tokens (the shared notes), which a test of
// cancelling must not race against.
var greedy = inference.Sampling{Temperature: 0, TopK: 1, RepeatPenalty: 1}

func TestRealLlamaServer(t *testing.T) {
	srv, _ := tinyServer(t, servertest.Options{Parallel: 2, CtxSlot: 1024, APIKey: "office-key"})
	ctx := context.Background()
	if _, err := Connect(ctx, Options{URL: srv.URL}); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("no key: err = %v, want ErrUnauthorized", err)
	}
	s, err := Connect(ctx, Options{URL: srv.URL, APIKey: "office-key"})
	if err != nil {
		t.Fatal(err)
	}
	info := s.Info()
	if info.Kind != LlamaServer || info.Context != 1024 || info.Slots != 2 || !info.CountsTokens {
		t.Errorf("info = %+v, want llama-server, 1024 per slot, 2 slots, counting", info)
	}
	toks, err := s.Tokenize(ctx, "회의록 요약", true)
	if err != nil || len(toks) < 2 || toks[0] != 2 {
		t.Fatalf("Tokenize = %v, %v; want BOS (2) first", toks, err)
	}
	bare, _ := s.Tokenize(ctx, "회의록 요약", false)
	if len(bare) != len(toks)-1 {
		t.Errorf("without BOS %d tokens, with %d", len(bare), len(toks))
	}

	var pieces int
	res, err := s.Generate(ctx, inference.Request{Prompt: "Instruction: 요약 할 문장 :\n[회의\n]\n output:", MaxTokens: 24, ContextSize: 1024, Sampling: warm},
		func(ev inference.Event) bool {
			if _, ok := ev.(inference.Piece); ok {
				pieces++
			}
			return true
		})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stop != inference.TokenLimit && res.Stop != inference.EndOfGeneration {
		t.Errorf("stop = %v", res.Stop)
	}
	// A limit that cuts a character spelled in byte tokens ends in the
	// server's Content-only-format error (shared notes): the stop event and
	// its final count are lost, the count of the last piece stays.
	if res.PromptTokens < 10 || res.GeneratedTokens > 24 || (res.Stop == inference.TokenLimit && res.GeneratedTokens == 0) {
		t.Errorf("result %+v: prompt tokens and the limit not reported", res)
	}
	if pieces == 0 && res.GeneratedTokens > 0 {
		t.Error("no pieces streamed")
	}
}

// cancelAfterFirstPiece starts a long completion and, at its first piece,
// counts the free slots, then cancels it (how "cancel") or asks it to stop
// ("stop").
func cancelAfterFirstPiece(ctx context.Context, s *Server, how string) (free int, res inference.Result, err error) {
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free = -1
	res, err = s.Generate(gctx, inference.Request{Prompt: "회의", MaxTokens: 4000, ContextSize: 4096, Sampling: greedy},
		func(ev inference.Event) bool {
			if _, ok := ev.(inference.Piece); !ok || free >= 0 {
				return true
			}
			n, ferr := s.FreeSlots(ctx) // the slot is working on it now
			if free = n; ferr != nil {
				free = -2
			}
			if how == "stop" {
				return false
			}
			cancel()
			return true
		})
	return free, res, err
}

// TestRealCancelFreesTheSlot cancels a long completion after its first
// piece: Generate returns at once and the server frees the slot (it sees
// the connection close and stops generating).
func TestRealCancelFreesTheSlot(t *testing.T) {
	srv, _ := tinyServer(t, servertest.Options{Parallel: 2, CtxSlot: 4096})
	ctx := context.Background()
	s, err := Connect(ctx, Options{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	for _, how := range []string{"cancel", "stop"} {
		t.Run(how, func(t *testing.T) {
			releases, cancels := len(srv.Lines(releaseLine)), len(srv.Lines("cancel task"))
			free, res, err := cancelAfterFirstPiece(ctx, s, how)
			if free != 1 {
				t.Errorf("while generating: %d free slots, want 1", free)
			}
			switch how {
			case "cancel":
				if !errors.Is(err, context.Canceled) || res.Stop != inference.Cancelled {
					t.Fatalf("err %v stop %v; want Canceled", err, res.Stop)
				}
			case "stop":
				if err != nil || res.Stop != inference.Stopped {
					t.Fatalf("err %v stop %v; want Stopped", err, res.Stop)
				}
			}
			// The server stopped the task early: its release line counts
			// the tokens in the slot, far fewer than the 4000 asked for,
			// after a "cancel task" line.
			n := waitRelease(t, s, srv, releases)
			t.Logf("released after %d tokens", n)
			if n <= 0 || n >= 1000 || len(srv.Lines("cancel task")) == cancels {
				t.Errorf("slot released after %d tokens, cancelled by the server %d times: the request was not closed early",
					n, len(srv.Lines("cancel task"))-cancels)
			}
		})
	}
}

// releaseLine is llama-server's log line for a slot that ends its task.
const releaseLine = "stop processing: n_tokens = "

// waitRelease waits until every slot is idle and the server has logged
// more than before releases, and returns the tokens the last released slot
// held. The log reaches the test through a pipe, after /slots already says
// the slot is free; a "cancel task" line comes before its release.
func waitRelease(t *testing.T, s *Server, srv *servertest.Server, before int) int {
	t.Helper()
	waitIdle(t, s)
	var rel []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if rel = srv.Lines(releaseLine); len(rel) > before {
			last := rel[len(rel)-1]
			var n int
			fmt.Sscanf(last[strings.Index(last, releaseLine)+len(releaseLine):], "%d", &n)
			return n
		}
	}
	t.Fatalf("no new release in the server log:\n%s", srv.Log())
	return 0
}

// waitIdle waits until every slot is idle again (a minute at most: the
// server notices a closed connection at its next token).
func waitIdle(t *testing.T, s *Server) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		n, err := s.FreeSlots(context.Background())
		if err == nil && n == s.Info().Slots {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the slot was not released: %d of %d free (%v)", n, s.Info().Slots, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
