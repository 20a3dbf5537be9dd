package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/yoyak/yoyak/inference"
)

// runGenerate streams a raw completion of a prompt to stdout, with load and
// prompt progress and a timing line on stderr: a diagnostic of the engine
// (no template, no summarizing).
func runGenerate(ctx context.Context, e env) int {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	model := fs.String("model", "", "GGUF model `file` (required)")
	maxTokens := fs.Int("max-tokens", 128, "most tokens to generate")
	threads := fs.Int("threads", 0, "CPU threads (default: cores-1 generating, all cores reading the prompt)")
	ctxSize := fs.Int("ctx", 0, "context size cap in tokens (default: the model's trained context)")
	batch := fs.Int("batch", 0, "prompt tokens per decode (default 512)")
	seed := fs.Uint("seed", 0, "sampling seed (0: random)")
	temp := fs.Float64("temp", 0.7, "temperature (0: greedy)")
	topK := fs.Int("top-k", 40, "top-k (0: off)")
	topP := fs.Float64("top-p", 0.95, "top-p (1: off)")
	repeat := fs.Float64("repeat-penalty", 1.1, "repetition penalty over the whole context (1: off)")
	prompt := fs.String("prompt", "", "prompt `text`; \"-\" reads stdin")
	cpu := fs.Bool("cpu", false, "use no GPU")
	repack := fs.Bool("repack", false, "repack weights for the CPU (faster prompt, slower load, more memory)")
	runtimeDir := fs.String("runtime", "", "llama.cpp runtime `folder` (default: discovered)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: yoyak generate --model FILE [--max-tokens N] [--threads N] [--ctx N] [--seed N] [--temp T] [--prompt TEXT | -]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(e.args); err != nil {
		return exitUsage
	}
	if *model == "" || fs.NArg() > 1 || *seed > math.MaxUint32 {
		fs.Usage()
		return exitUsage
	}
	text := *prompt
	if fs.NArg() == 1 {
		if text != "" {
			fs.Usage()
			return exitUsage
		}
		text = fs.Arg(0)
	}
	if text == "-" {
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			fmt.Fprintf(e.stderr, "yoyak generate: read stdin: %v\n", err)
			return exitFailure
		}
		text = string(data)
	}
	if text == "" {
		fmt.Fprintln(e.stderr, "yoyak generate: empty prompt (give --prompt TEXT or --prompt - for stdin)")
		return exitUsage
	}

	rt, err := inference.OpenRuntime(inference.RuntimeOptions{Dir: *runtimeDir, ForceCPU: *cpu})
	if err != nil {
		printError(e.stderr, err)
		return exitFailure
	}
	opts := inference.DefaultModelOptions()
	opts.ForceCPU = *cpu
	opts.Repack = *repack
	// On a terminal the progress redraws one line; elsewhere (a log, a pipe)
	// only the finished steps are written, one line each.
	live := isTerminal(e.stderr)
	start := time.Now()
	lastPct := -1
	m, err := rt.LoadModel(ctx, *model, opts, func(f float64) {
		if pct := int(f * 100); live && pct/10 != lastPct/10 {
			lastPct = pct
			fmt.Fprintf(e.stderr, "\rloading model %3d%%", pct)
		}
	})
	if lastPct >= 0 {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		printError(e.stderr, err)
		return exitFailure
	}
	defer m.Close()
	loadTime := time.Since(start)

	req := inference.Request{
		Prompt: text, AddBOS: true, MaxTokens: *maxTokens, ContextSize: *ctxSize,
		Threads: *threads, BatchSize: *batch,
		Sampling: inference.Sampling{
			Temperature: float32(*temp), TopK: *topK, TopP: float32(*topP),
			RepeatPenalty: float32(*repeat), RepeatLastN: -1, Seed: uint32(*seed),
		},
	}
	var writeErr error
	res, err := m.Generate(ctx, req, func(ev inference.Event) bool {
		switch ev := ev.(type) {
		case inference.PromptProgress:
			switch {
			case live:
				fmt.Fprintf(e.stderr, "\rreading prompt %d/%d tokens", ev.Done, ev.Total)
				if ev.Done == ev.Total {
					fmt.Fprintln(e.stderr)
				}
			case ev.Done == ev.Total:
				fmt.Fprintf(e.stderr, "read the prompt: %d tokens\n", ev.Total)
			}
		case inference.Piece:
			if _, werr := io.WriteString(e.stdout, ev.Text); werr != nil {
				writeErr = werr
				return false
			}
		}
		return true
	})
	fmt.Fprintln(e.stdout)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(e.stderr, "yoyak generate: cancelled")
		} else {
			printError(e.stderr, err)
		}
		return exitFailure
	}
	if writeErr != nil {
		fmt.Fprintf(e.stderr, "yoyak generate: write: %v\n", writeErr)
		return exitFailure
	}
	fmt.Fprintf(e.stderr, "load %.2fs; prompt %d tokens in %.2fs (%.1f tokens/s); generated %d tokens in %.2fs (%.1f tokens/s); stop: %s; context %d\n",
		loadTime.Seconds(), res.PromptTokens, res.PromptTime.Seconds(), rate(res.PromptTokens, res.PromptTime),
		res.GeneratedTokens, res.GenTime.Seconds(), rate(res.GeneratedTokens, res.GenTime), res.Stop, res.ContextSize)
	return exitOK
}

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
