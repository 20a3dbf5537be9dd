package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/inference/remote/servertest"
	"github.com/yoyak/yoyak/models/synthetic"
)

// The server scenario (go run ./bench -server): throughput of summarizing a
// folder of transcripts with the local engine (one at a time, as
// `yoyak summarize DIR` does), then through llama-server built from the same
// llama.cpp release (packaging/build-llama-server.sh) with --parallel 1 and
// --parallel 4, the transcripts in flight up to the slots (as
// `--server URL --jobs N` does). Same model, same threads (one fewer than
// the cores for generation, all for the prompt), same answer length.
// It prints each engine's wall time and generated tokens/s, and the ratios
// server ÷ local. Generation of several sequences in one batch costs little
// more than one on a memory-bound machine: that is what slots buy.

// serverBench is the scenario's settings.
type serverBench struct {
	files     int    // transcripts in the folder
	lines     int    // utterances per transcript
	maxTokens int    // answer length
	model     string // GGUF; "" the synthetic gemma-2b-shaped one, "tiny" the tiny one
	parallel  []int  // llama-server --parallel values to measure
	batchThr  int    // llama-server -tb; 0: all cores, as the local engine reads prompts
}

// runServerBench runs the scenario.
func runServerBench(b serverBench) error {
	ctx := context.Background()
	bin := os.Getenv("YOYAK_LLAMA_SERVER")
	if bin == "" {
		root, _ := os.Getwd()
		bin = filepath.Join(os.Getenv("HOME"), ".cache", "yoyak", "llama-server-"+runtimeVersion(root), "bin", "llama-server")
	}
	if _, err := os.Stat(bin); err != nil {
		return fmt.Errorf("llama-server not built (%w): run packaging/build-llama-server.sh", err)
	}
	if err := os.MkdirAll(cacheDir(), 0o700); err != nil {
		return err
	}
	model, err := benchServerModel(b.model)
	if err != nil {
		return err
	}
	docs := benchFolder(b.files, b.lines)
	gen, batch := inference.DefaultThreads(runtime.NumCPU())
	serverBatch := batch
	if b.batchThr > 0 {
		serverBatch = b.batchThr
	}
	fmt.Printf("server scenario: %d transcripts of %d utterances, %d answer tokens, model %s, %d CPUs (gen threads %d, prompt threads %d; llama-server -t %d -tb %d)\n",
		b.files, b.lines, b.maxTokens, filepath.Base(model), runtime.NumCPU(), gen, batch, gen, serverBatch)

	set := app.DefaultSettings()
	set.Model, set.GPU, set.MaxTokens, set.ContextSize = model, false, b.maxTokens, 2048
	// Random weights: a warm sampler writes to the token limit (the card's
	// near-greedy one repeats a token and the guard stops it early), so
	// every engine writes about the same number of tokens.
	set.Sampling = app.SamplingSettings{Custom: true, Temperature: 1, TopK: 0, TopP: 1, RepeatPenalty: 1}
	local, err := benchRun(ctx, set, docs, 1)
	if err != nil {
		return fmt.Errorf("local: %w", err)
	}
	fmt.Printf("local engine:              %6.1f s, %5d tokens, %6.2f tokens/s\n", local.wall.Seconds(), local.tokens, local.tps())
	var ratios []string
	for _, p := range b.parallel {
		srv, err := servertest.Launch(bin, servertest.Options{Model: model, Parallel: p, CtxSlot: 2048, Threads: gen, BatchThreads: serverBatch})
		if err != nil {
			return err
		}
		s := set
		s.Server = app.ServerSettings{On: true, URL: srv.URL}
		r, err := benchRun(ctx, s, docs, p)
		srv.Stop()
		if err != nil {
			return fmt.Errorf("llama-server --parallel %d: %w", p, err)
		}
		fmt.Printf("llama-server --parallel %d: %6.1f s, %5d tokens, %6.2f tokens/s\n", p, r.wall.Seconds(), r.tokens, r.tps())
		ratios = append(ratios, fmt.Sprintf("server_p%d_ratio=%.2f", p, div(local.wall.Seconds(), r.wall.Seconds())),
			fmt.Sprintf("server_p%d_gen_ratio=%.2f", p, div(r.tps(), local.tps())))
	}
	fmt.Println(strings.Join(ratios, " "))
	fmt.Println("(ratio: the folder's wall time, local ÷ server — transcripts per second against the local engine's; gen_ratio: generated tokens/s ÷ the local engine's)")
	return nil
}

// benchResult is one engine's run over the folder.
type benchResult struct {
	wall   time.Duration
	tokens int
}

func (r benchResult) tps() float64 { return div(float64(r.tokens), r.wall.Seconds()) }

// benchRun summarizes every document, jobs at once (a server run; the
// local engine takes them one at a time whatever jobs is).
func benchRun(ctx context.Context, set app.Settings, docs []transcript.Document, jobs int) (benchResult, error) {
	svc := app.NewService(app.Config{})
	defer svc.Close()
	// Warm up outside the clock: the local engine loads the model, and both
	// bring its pages into memory with one short summary.
	warm := transcript.Document{Name: "warm-up.txt", Text: "화자 1: 준비 운동입니다.\n"}
	if _, err := svc.Summarize(ctx, warm, app.Options{Settings: set}, nil); err != nil {
		return benchResult{}, fmt.Errorf("warm-up: %w", err)
	}
	var (
		mu   sync.Mutex
		res  benchResult
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, jobs)
	)
	start := time.Now()
	for _, d := range docs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r, err := svc.Summarize(ctx, d, app.Options{Settings: set}, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			res.tokens += r.Stats.Tokens
		}()
	}
	wg.Wait()
	res.wall = time.Since(start)
	if len(errs) > 0 {
		return res, errs[0]
	}
	return res, nil
}

// benchFolder is n synthetic meeting transcripts.
func benchFolder(n, lines int) []transcript.Document {
	var out []transcript.Document
	for f := range n {
		var b strings.Builder
		for i := range lines {
			fmt.Fprintf(&b, "화자 %d: %d번 회의의 %d번째 안건은 예산 편성과 일정 조정에 관한 것입니다. 다음 회의까지 세부안을 준비하겠습니다.\n", i%3+1, f+1, i+1)
		}
		out = append(out, transcript.Document{Name: fmt.Sprintf("meeting-%02d.txt", f+1), Text: b.String()})
	}
	return out
}

// benchServerModel is the model file for the scenario.
func benchServerModel(name string) (string, error) {
	switch name {
	case "":
		return benchModel() // the gemma-2b-shaped model with Gemma's vocabulary, as make bench uses
	case "tiny":
		p := filepath.Join(cacheDir(), "tiny.gguf")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		return p, synthetic.Write(p, synthetic.Tiny)
	}
	return name, nil
}

// runtimeVersion is the linux-x64 version in packaging/runtime.lock.
func runtimeVersion(root string) string {
	b, err := os.ReadFile(filepath.Join(root, "packaging", "runtime.lock"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "linux-x64" {
			return f[1]
		}
	}
	return ""
}
