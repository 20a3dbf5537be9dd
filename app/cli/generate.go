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

// generateFlags are generate's parsed command line, with the prompt text
// already resolved from --prompt, the argument or stdin.
type generateFlags struct {
	model      string
	maxTokens  int
	threads    int
	ctxSize    int
	batch      int
	seed       uint
	temp       float64
	topK       int
	topP       float64
	repeat     float64
	text       string
	cpu        bool
	repack     bool
	runtimeDir string
}

// runGenerate streams a raw completion of a prompt to stdout, with load and
// prompt progress and a timing line on stderr: a diagnostic of the engine
// (no template, no summarizing).
func runGenerate(ctx context.Context, e env) int {
	f, code, ok := parseGenerateFlags(e)
	if !ok {
		return code
	}
	// On a terminal the progress redraws one line; elsewhere (a log, a pipe)
	// only the finished steps are written, one line each.
	live := isTerminal(e.stderr)
	m, loadTime, err := loadGenerateModel(ctx, e, f, live)
	if err != nil {
		printError(e.stderr, err)
		return exitFailure
	}
	defer m.Close()
	res, ok := streamGenerate(ctx, e, m, generateRequest(f), live)
	if !ok {
		return exitFailure
	}
	fmt.Fprintf(e.stderr, "load %.2fs; prompt %d tokens in %.2fs (%.1f tokens/s); generated %d tokens in %.2fs (%.1f tokens/s); stop: %s; context %d\n",
		loadTime.Seconds(), res.PromptTokens, res.PromptTime.Seconds(), rate(res.PromptTokens, res.PromptTime),
		res.GeneratedTokens, res.GenTime.Seconds(), rate(res.GeneratedTokens, res.GenTime), res.Stop, res.ContextSize)
	return exitOK
}

// parseGenerateFlags reads e.args and the prompt; when ok is false the
// command ends with code, its usage or error already written to stderr.
func parseGenerateFlags(e env) (f generateFlags, code int, ok bool) {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&f.model, "model", "", "GGUF model `file` (required)")
	fs.IntVar(&f.maxTokens, "max-tokens", 128, "most tokens to generate")
	fs.IntVar(&f.threads, "threads", 0, "CPU threads (default: cores-1 generating, all cores reading the prompt)")
	fs.IntVar(&f.ctxSize, "ctx", 0, "context size cap in tokens (default: the model's trained context)")
	fs.IntVar(&f.batch, "batch", 0, "prompt tokens per decode (default 512)")
	fs.UintVar(&f.seed, "seed", 0, "sampling seed (0: random)")
	fs.Float64Var(&f.temp, "temp", 0.7, "temperature (0: greedy)")
	fs.IntVar(&f.topK, "top-k", 40, "top-k (0: off)")
	fs.Float64Var(&f.topP, "top-p", 0.95, "top-p (1: off)")
	fs.Float64Var(&f.repeat, "repeat-penalty", 1.1, "repetition penalty over the whole context (1: off)")
	prompt := fs.String("prompt", "", "prompt `text`; \"-\" reads stdin")
	fs.BoolVar(&f.cpu, "cpu", false, "use no GPU")
	fs.BoolVar(&f.repack, "repack", false, "repack weights for the CPU (faster prompt, slower load, more memory)")
	fs.StringVar(&f.runtimeDir, "runtime", "", "llama.cpp runtime `folder` (default: discovered)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: yoyak generate --model FILE [--max-tokens N] [--threads N] [--ctx N] [--seed N] [--temp T] [--prompt TEXT | -]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(e.args); err != nil {
		return f, exitUsage, false
	}
	if f.model == "" || fs.NArg() > 1 || f.seed > math.MaxUint32 {
		fs.Usage()
		return f, exitUsage, false
	}
	f.text = *prompt
	if fs.NArg() == 1 {
		if f.text != "" {
			fs.Usage()
			return f, exitUsage, false
		}
		f.text = fs.Arg(0)
	}
	if f.text == "-" {
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			fmt.Fprintf(e.stderr, "yoyak generate: read stdin: %v\n", err)
			return f, exitFailure, false
		}
		f.text = string(data)
	}
	if f.text == "" {
		fmt.Fprintln(e.stderr, "yoyak generate: empty prompt (give --prompt TEXT or --prompt - for stdin)")
		return f, exitUsage, false
	}
	return f, 0, true
}

// loadGenerateModel opens the runtime and loads the model, drawing the load
// progress on a live terminal; it returns how long loading took, which the
// timing line reports apart from prompt reading and generation.
func loadGenerateModel(ctx context.Context, e env, f generateFlags, live bool) (*inference.Model, time.Duration, error) {
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{Dir: f.runtimeDir, ForceCPU: f.cpu})
	if err != nil {
		return nil, 0, err
	}
	opts := inference.DefaultModelOptions()
	opts.ForceCPU = f.cpu
	opts.Repack = f.repack
	start := time.Now()
	lastPct := -1
	m, err := rt.LoadModel(ctx, f.model, opts, func(frac float64) {
		if pct := int(frac * 100); live && pct/10 != lastPct/10 {
			lastPct = pct
			fmt.Fprintf(e.stderr, "\rloading model %3d%%", pct)
		}
	})
	if lastPct >= 0 {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return nil, 0, err
	}
	return m, time.Since(start), nil
}

// generateRequest is the raw completion the flags ask for: the prompt as
// given (with BOS, no template) and the sampling settings.
func generateRequest(f generateFlags) inference.Request {
	return inference.Request{
		Prompt: f.text, AddBOS: true, MaxTokens: f.maxTokens, ContextSize: f.ctxSize,
		Threads: f.threads, BatchSize: f.batch,
		Sampling: inference.Sampling{
			Temperature: float32(f.temp), TopK: f.topK, TopP: float32(f.topP),
			RepeatPenalty: float32(f.repeat), RepeatLastN: -1, Seed: uint32(f.seed),
		},
	}
}

// streamGenerate runs req, writing pieces to stdout as they come and the
// prompt progress to stderr; a failed write to stdout stops generating.
// ok is false when the run failed, the reason already written to stderr.
func streamGenerate(ctx context.Context, e env, m *inference.Model, req inference.Request, live bool) (res inference.Result, ok bool) {
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
		return res, false
	}
	if writeErr != nil {
		fmt.Fprintf(e.stderr, "yoyak generate: write: %v\n", writeErr)
		return res, false
	}
	return res, true
}

func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
