package inference

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestTokenizeKoreanRoundTrip(t *testing.T) {
	texts := []string{
		"안녕하세요 회의를 요약합니다",
		"김 팀장: 다음 주 월요일까지 보고서를 제출해 주세요.",
		"뷁 😀 漢字 — mixed 텍스트 123",
		"줄바꿈\n\t탭과 공백  두 칸",
	}
	for _, text := range texts {
		toks, err := tinyModel.Tokenize(text, false)
		if err != nil {
			t.Fatalf("Tokenize(%q): %v", text, err)
		}
		if len(toks) == 0 {
			t.Fatalf("Tokenize(%q): no tokens", text)
		}
		got, err := tinyModel.Detokenize(toks)
		if err != nil {
			t.Fatalf("Detokenize: %v", err)
		}
		if got != text {
			t.Errorf("round trip:\n got %q\nwant %q", got, text)
		}
		// Pieces concatenated give the same bytes (but for the space a
		// SentencePiece vocabulary may put in front, which Detokenize drops).
		var b strings.Builder
		for _, tok := range toks {
			b.WriteString(tinyModel.TokenPiece(tok))
		}
		if strings.TrimPrefix(b.String(), " ") != text {
			t.Errorf("pieces = %q, want %q", b.String(), text)
		}
	}
	withBOS, err := tinyModel.Tokenize("안녕하세요", true)
	if err != nil {
		t.Fatal(err)
	}
	without, _ := tinyModel.Tokenize("안녕하세요", false)
	if len(withBOS) != len(without)+1 {
		t.Errorf("BOS: %v vs %v", withBOS, without)
	}
}

func TestTokenizeLongTextGrowsBuffer(t *testing.T) {
	text := strings.Repeat("회의록 요약 ", 2000)
	toks, err := tinyModel.Tokenize(text, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) < 2000 {
		t.Errorf("%d tokens", len(toks))
	}
	if _, err := tinyModel.Tokenize("", false); err != nil {
		t.Errorf("empty text: %v", err)
	}
}

func sampled(seed uint32) Sampling {
	return Sampling{Temperature: 1, TopK: 40, TopP: 0.95, RepeatPenalty: 1.1, RepeatLastN: -1, Seed: seed}
}

func TestGenerateStreamsWholeUTF8(t *testing.T) {
	var pieces []string
	var progress []PromptProgress
	res, err := tinyModel.Generate(context.Background(), Request{
		Prompt: "<start_of_turn>user\n회의 내용을 요약해 주세요.<end_of_turn>\n<start_of_turn>model\n", AddBOS: true,
		MaxTokens: 64, Sampling: sampled(42),
	}, func(ev Event) bool {
		switch e := ev.(type) {
		case Piece:
			pieces = append(pieces, e.Text)
		case PromptProgress:
			progress = append(progress, e)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.GeneratedTokens == 0 || (res.Stop != TokenLimit && res.Stop != EndOfGeneration) {
		t.Fatalf("result %+v", res)
	}
	if res.Stop == TokenLimit && res.GeneratedTokens != 64 {
		t.Errorf("token limit at %d tokens", res.GeneratedTokens)
	}
	for i, p := range pieces {
		if p == "" || !utf8.ValidString(p) {
			t.Errorf("piece %d = %q: not whole UTF-8", i, p)
		}
	}
	// The first report is what the KV cache already held (cache.go): on
	// this shared model at least BOS may be kept from an earlier test.
	if len(progress) < 2 || progress[0].Done != res.CachedTokens || progress[len(progress)-1].Done != res.PromptTokens {
		t.Errorf("prompt progress %v for %d tokens", progress, res.PromptTokens)
	}
	t.Logf("%d tokens: %q", res.GeneratedTokens, strings.Join(pieces, ""))
}

func collect(t *testing.T, m *Model, req Request) (string, Result) {
	t.Helper()
	var b strings.Builder
	res, err := m.Generate(context.Background(), req, func(ev Event) bool {
		if p, ok := ev.(Piece); ok {
			b.WriteString(p.Text)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), res
}

func TestTwoRunsInARowOnOneModel(t *testing.T) {
	// Fixed threads: the default adapts to load (threads.go), and a
	// sampled token can change with the thread count.
	req := Request{Prompt: "회의 요약:", AddBOS: true, MaxTokens: 24, Threads: 2, Sampling: sampled(7)}
	a, ra := collect(t, tinyModel, req)
	b, rb := collect(t, tinyModel, req)
	if a != b || ra.GeneratedTokens != rb.GeneratedTokens {
		t.Errorf("same seed, different runs:\n%q\n%q", a, b)
	}
	// A larger request than the cached context gets a new one.
	req.MaxTokens = 600
	req.Prompt = strings.Repeat("긴 회의 ", 300)
	if _, res := collect(t, tinyModel, req); res.GeneratedTokens == 0 {
		t.Errorf("third run: %+v", res)
	}
	greedy := Request{Prompt: "안녕하세요", AddBOS: true, MaxTokens: 8}
	g1, _ := collect(t, tinyModel, greedy)
	// Other thread counts replace the context's threadpool; the output stays.
	greedy.Threads, greedy.BatchThreads = 1, 3
	g2, _ := collect(t, tinyModel, greedy)
	if g1 != g2 {
		t.Errorf("greedy differs: %q vs %q", g1, g2)
	}
}

func TestCancelWhileReadingPrompt(t *testing.T) {
	long := strings.Repeat("오늘 회의에서는 예산과 일정에 대해 논의했습니다. ", 150)
	for _, name := range []string{"in callback", "from goroutine"} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var last PromptProgress
			var pieces int
			first := make(chan struct{})
			var once sync.Once
			if name == "from goroutine" {
				go func() { <-first; cancel() }()
			}
			res, err := tinyModel.Generate(ctx, Request{Prompt: long, AddBOS: true, MaxTokens: 16, BatchSize: 32, Sampling: sampled(1)},
				func(ev Event) bool {
					switch e := ev.(type) {
					case PromptProgress:
						last = e
						if name == "in callback" {
							cancel()
						} else {
							once.Do(func() { close(first) })
						}
					case Piece:
						pieces++
					}
					return true
				})
			if !errors.Is(err, context.Canceled) || res.Stop != Cancelled {
				t.Fatalf("err %v, result %+v; want cancelled", err, res)
			}
			if pieces != 0 || last.Done >= last.Total {
				t.Errorf("prompt read to %d/%d, %d pieces after cancel", last.Done, last.Total, pieces)
			}
		})
	}
	// The model still works afterwards.
	if _, res := collect(t, tinyModel, Request{Prompt: "다음", AddBOS: true, MaxTokens: 4, Sampling: sampled(3)}); res.GeneratedTokens == 0 {
		t.Errorf("after cancel: %+v", res)
	}
}

func TestCancelWhileGenerating(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pieces := 0
	// Greedy: the random tiny model then repeats a token, never ending early.
	res, err := tinyModel.Generate(ctx, Request{Prompt: "요약", AddBOS: true, MaxTokens: 200}, func(ev Event) bool {
		if _, ok := ev.(Piece); ok {
			pieces++
			if pieces == 3 {
				cancel()
			}
		}
		return true
	})
	if !errors.Is(err, context.Canceled) || res.Stop != Cancelled {
		t.Fatalf("err %v, result %+v", err, res)
	}
	if res.GeneratedTokens >= 200 || pieces > 4 {
		t.Errorf("went on after cancel: %+v, %d pieces", res, pieces)
	}
}

func TestStopFromCallback(t *testing.T) {
	n := 0
	res, err := tinyModel.Generate(context.Background(), Request{Prompt: "요약", AddBOS: true, MaxTokens: 100}, func(ev Event) bool {
		if _, ok := ev.(Piece); ok {
			n++
			return n < 2
		}
		return true
	})
	if err != nil || res.Stop != Stopped || n != 2 {
		t.Errorf("err %v, result %+v, %d pieces", err, res, n)
	}
}

func TestPromptTooLong(t *testing.T) {
	_, err := tinyModel.Generate(context.Background(), Request{
		Prompt: strings.Repeat("회의 ", 200), AddBOS: true, MaxTokens: 10, ContextSize: 64,
	}, nil)
	if !errors.Is(err, ErrPromptTooLong) {
		t.Errorf("err = %v, want ErrPromptTooLong", err)
	}
}

func TestGenerateConcurrentCallsAreSerialized(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := tinyModel.Generate(context.Background(), Request{Prompt: "회의", AddBOS: true, MaxTokens: 8, Sampling: sampled(uint32(i + 1))}, nil)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestVocabOnlyModel(t *testing.T) {
	m, err := testRuntime.LoadModel(context.Background(), tinyPath, ModelOptions{VocabOnly: true, UseMmap: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	a, _ := m.Tokenize("회의를 요약합니다", true)
	b, _ := tinyModel.Tokenize("회의를 요약합니다", true)
	if len(a) == 0 || len(a) != len(b) {
		t.Errorf("vocab-only tokens %v, full model %v", a, b)
	}
	if _, err := m.Generate(context.Background(), Request{Prompt: "x", MaxTokens: 1}, nil); err == nil {
		t.Error("Generate on a vocab-only model succeeded")
	}
}

func TestLoadProgressAndClose(t *testing.T) {
	var fracs []float64
	m, err := testRuntime.LoadModel(context.Background(), tinyPath, ModelOptions{UseMmap: false}, func(f float64) { fracs = append(fracs, f) })
	if err != nil {
		t.Fatal(err)
	}
	if len(fracs) == 0 || fracs[len(fracs)-1] != 1 {
		t.Errorf("progress %v", fracs)
	}
	if info := m.Info(); info.Architecture != "gemma" || info.VocabSize == 0 || info.TrainedContext == 0 {
		t.Errorf("info %+v", info)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := m.Tokenize("x", false); !errors.Is(err, ErrClosed) {
		t.Errorf("Tokenize after Close: %v", err)
	}
	if _, err := m.Generate(context.Background(), Request{Prompt: "x"}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Generate after Close: %v", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	_, err := testRuntime.LoadModel(ctx, tinyPath, DefaultModelOptions(), func(float64) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	cancel()
}

// A MaxTokens so large that prompt + MaxTokens overflows an int is capped
// by the context like any other too-large value, not turned negative.
func TestHugeMaxTokensIsCappedByContext(t *testing.T) {
	toks, err := tinyModel.Tokenize("요약", true)
	if err != nil {
		t.Fatal(err)
	}
	limit := len(toks) + 4
	res, err := tinyModel.Generate(context.Background(), Request{
		Prompt: "요약", AddBOS: true, MaxTokens: math.MaxInt, ContextSize: limit,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.GeneratedTokens > 4 || res.ContextSize < limit {
		t.Errorf("result %+v, want at most 4 tokens in a context of at least %d", res, limit)
	}
}

// TestThreadSettingsChangeOftenOnOneContext switches one cached context
// between threadpools again and again (fixed counts, the adaptive default).
// The CPU backend keeps a pointer to the pool it last computed on and
// pauses it when the next graph runs on another
// (ggml_backend_cpu_set_threadpool): a pool freed at the switch was then
// locked after free, which crashed ("__pthread_tpp_change_priority:
// Assertion") or hung in llama_decode in about one package run in eight.
func TestThreadSettingsChangeOftenOnOneContext(t *testing.T) {
	m := tinyModel
	settings := []Request{
		{Threads: 2}, {}, {Threads: 1, BatchThreads: 3}, {Threads: 2}, {Threads: 1}, {},
	}
	for round := range 12 {
		for i, s := range settings {
			s.Prompt, s.AddBOS, s.MaxTokens = fmt.Sprintf("회의 %d %d", round, i), true, 2
			if _, res := collect(t, m, s); res.GeneratedTokens == 0 {
				t.Fatalf("round %d setting %d: no token: %+v", round, i, res)
			}
		}
	}
}
