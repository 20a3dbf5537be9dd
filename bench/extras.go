package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/yoyak/yoyak/models/synthetic"
)

// extrasConfig sizes the figures beyond the prompt/gen/default/rss ratios.
type extrasConfig struct {
	model, peerDir string
	reps           int
	reuseTokens    int // transcript for reuse_ratio, edit_ratio, prefill_ttft
	longTokens     int // transcript for long_e2e
	longCtx        int
	longGen        int
	threadsGen     int // tokens generated per thread measurement
	threadsPrompt  string
}

// runExtras measures and prints reuse_ratio, edit_ratio, prefill_ttft,
// long_e2e/long_ratio and the thread default against fixed counts.
func runExtras(ctx context.Context, c extrasConfig) error {
	if want("reuse") {
		if err := runReuse(ctx, c); err != nil {
			return err
		}
	}
	if want("long") {
		if err := runLong(ctx, c); err != nil {
			return err
		}
	}
	if want("threads") {
		return runThreads(ctx, c)
	}
	return nil
}

// runReuse measures and prints reuse_ratio, edit_ratio and prefill_ttft.
func runReuse(ctx context.Context, c extrasConfig) error {
	var rs []reuseResult
	for rep := range c.reps {
		var r reuseResult
		if err := runJSONChild(ctx, "reuse", reuseConfig{Model: c.model, Tokens: c.reuseTokens, Ctx: 8192, Gen: 16}, &r); err != nil {
			return fmt.Errorf("reuse, repetition %d: %w", rep+1, err)
		}
		fmt.Fprintf(os.Stderr, "reuse rep %d: %+v\n", rep+1, r)
		rs = append(rs, r)
	}
	med := func(f func(reuseResult) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		return median(v)
	}
	fmt.Println()
	fmt.Printf("reuse_ratio=%.3f  (time to first token of the same %d-token prompt again ÷ the first: %.2fs ÷ %.2fs; goal ≤ 0.05)\n",
		med(func(r reuseResult) float64 { return r.SameS / r.FirstS }), rs[0].PromptTokens, med(func(r reuseResult) float64 { return r.SameS }), med(func(r reuseResult) float64 { return r.FirstS }))
	fmt.Printf("edit_ratio=%.3f  (after changing one line near the end: %.2fs)\n",
		med(func(r reuseResult) float64 { return r.EditS / r.FirstS }), med(func(r reuseResult) float64 { return r.EditS }))
	fmt.Printf("prefill_ttft=%.2fs  (pressed %.1fs after opening; %d of its prompt tokens already read; goal ≤ 1 s)\n",
		med(func(r reuseResult) float64 { return r.PrefillS }), med(func(r reuseResult) float64 { return r.OpenedS }), rs[len(rs)/2].Cached)
	return nil
}

// runLong measures long_e2e, and long_ratio against node-llama-cpp when it
// is installed.
func runLong(ctx context.Context, c extrasConfig) error {
	out := filepath.Join(cacheDir(), "long-passes.json")
	var l longResult
	if err := runJSONChild(ctx, "long", reuseConfig{Model: c.model, Tokens: c.longTokens, Ctx: c.longCtx, Gen: c.longGen, OutFile: out}, &l); err != nil {
		return fmt.Errorf("long: %w", err)
	}
	fmt.Printf("long_e2e=%.1fs  (%d-token transcript, %d-token context: %d parts, %d passes, %d answer tokens each; model loaded)\n",
		l.E2ES, l.Tokens, c.longCtx, l.Parts, l.Passes, c.longGen)
	fmt.Printf("long_again=%.1fs  (the same transcript summarized again: parts' caches kept)\n", l.AgainS)
	if c.peerDir == "" {
		return nil
	}
	var passes []nodePass
	data, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &passes); err != nil || len(passes) == 0 {
		return fmt.Errorf("long passes: %v", err)
	}
	cfg := config{Model: c.model, PromptFile: passes[0].PromptFile, Ctx: c.longCtx, Batch: 512, Threads: runtime.NumCPU(), Passes: passes}
	m, err := measure(ctx, "node", c.peerDir, cfg)
	if err != nil {
		return fmt.Errorf("long, node-llama-cpp: %w", err)
	}
	fmt.Printf("long_ratio=%.2f  (node-llama-cpp running the same %d passes one after another, no reuse, %.1fs ÷ Yoyak %.1fs)\n",
		div(m.GenS, l.E2ES), len(passes), m.GenS, l.E2ES)
	return nil
}

// runThreads compares the default (adaptive) generation threads with every
// fixed count, on an idle machine and with a competing CPU-burning process,
// each after a warm-up generation in the same process.
func runThreads(ctx context.Context, c extrasConfig) error {
	cores := runtime.NumCPU()
	counts := []int{0} // 0: the default
	for n := 1; n <= cores; n++ {
		counts = append(counts, n)
	}
	if len(counts) > 6 { // many cores: the default, one, and the top few
		counts = append([]int{0, 1}, counts[len(counts)-4:]...)
	}
	for _, loaded := range []bool{false, true} {
		var stop func()
		if loaded {
			var err error
			if stop, err = startBurner(ctx); err != nil {
				return err
			}
		}
		speed := map[int][]float64{}
		for rep := range c.reps {
			for _, n := range counts {
				// Warm: the model has generated before, as in a window after
				// its first pass (the default remembers how that run ended).
				cfg := config{Model: c.model, PromptFile: c.threadsPrompt, Gen: c.threadsGen, Ctx: 1024, Batch: 512, Threads: n, Warm: c.threadsGen}
				m, err := measure(ctx, "yoyak", "", cfg)
				if err != nil {
					if stop != nil {
						stop()
					}
					return fmt.Errorf("threads %d: %w", n, err)
				}
				fmt.Fprintf(os.Stderr, "threads rep %d loaded=%v %d: gen %.2f tok/s\n", rep+1, loaded, n, m.genTPS())
				speed[n] = append(speed[n], m.genTPS())
			}
		}
		if stop != nil {
			stop()
		}
		best, bestN := 0.0, 0
		var fixed []string
		for _, n := range counts[1:] {
			s := median(speed[n])
			fixed = append(fixed, fmt.Sprintf("%d: %.2f", n, s))
			if s > best {
				best, bestN = s, n
			}
		}
		def := median(speed[0])
		name := "threads_idle"
		if loaded {
			name = "threads_loaded"
		}
		fmt.Printf("%s=%.2f  (default %.2f tok/s ÷ best fixed count %d: %.2f; fixed %s)\n", name, div(def, best), def, bestN, best, strings.Join(fixed, ", "))
	}
	return nil
}

// startBurner starts a child that keeps one core busy until stopped.
func startBurner(ctx context.Context) (func(), error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe, "-child", "burn", "{}")
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return func() {
		cmd.Process.Kill()
		cmd.Wait()
	}, nil
}

// runJSONChild runs this program as a child of kind impl with cfg and
// decodes its last output line into out.
func runJSONChild(ctx context.Context, impl string, cfg any, out any) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	arg, _ := json.Marshal(cfg)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "-child", impl, string(arg))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%w: %s", err, lastLines(stderr.String(), 8))
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	return json.Unmarshal([]byte(lines[len(lines)-1]), out)
}

// runExtraChild is the child side of runJSONChild and startBurner.
func runExtraChild(impl string, args []string) int {
	if impl == "burn" { // one busy core, as another program would be
		x := 1.0
		for {
			x = x*1.0000001 + 1e-9
			if x > 1e300 {
				x = 1
			}
		}
	}
	var cfg reuseConfig
	if len(args) != 1 || json.Unmarshal([]byte(args[0]), &cfg) != nil {
		fmt.Fprintln(os.Stderr, "bench -child reuse|long CONFIG-JSON")
		return 2
	}
	run := runReuseChild
	if impl == "long" {
		run = runLongChild
	}
	res, err := run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	data, _ := json.Marshal(res)
	fmt.Println(string(data))
	return 0
}

// quickMode: -quick, a smoke run on a smaller model with the same vocabulary.
var quickMode bool

var (
	extrasFlag  = flag.Bool("extras", true, "also measure reuse_ratio, edit_ratio, prefill_ttft, long_e2e/long_ratio and the thread default")
	figuresFlag = flag.String("figures", "reuse,long,threads", "which of those: reuse (reuse, edit, prefill), long, threads")
)

func want(figure string) bool { return strings.Contains(","+*figuresFlag+",", ","+figure+",") }

// benchModel is the model the benchmark runs: Gemma-2B's shape with Gemma's
// vocabulary, or the quick shape with it for -quick.
func benchModel() (string, error) {
	if quickMode {
		return ensureGemmaModel(filepath.Join(cacheDir(), "gemma-quick-gemmavocab.gguf"), quickShape)
	}
	return ensureGemmaModel(filepath.Join(cacheDir(), "gemma-2b-gemmavocab.gguf"), synthetic.Gemma2B)
}

// extrasMain runs runExtras after the main comparison, sized for -quick.
func extrasMain(reps int, modelPath string, peer, gpu bool) error {
	if !*extrasFlag || gpu {
		return nil
	}
	ctx := context.Background()
	var err error
	if modelPath == "" {
		if modelPath, err = benchModel(); err != nil {
			return err
		}
	}
	c := extrasConfig{model: modelPath, reps: reps, reuseTokens: 1500, longTokens: 12000, longCtx: 8192, longGen: 64, threadsGen: 128}
	if quickMode {
		c.reuseTokens, c.longTokens, c.longCtx, c.longGen, c.threadsGen = 1500, 12000, 8192, 32, 128
	}
	if peer {
		if c.peerDir, err = ensurePeer(ctx); err != nil {
			return err
		}
	}
	c.threadsPrompt = filepath.Join(cacheDir(), "threads-prompt.txt")
	if _, err := writePrompt(ctx, modelPath, c.threadsPrompt, 64); err != nil {
		return err
	}
	return runExtras(ctx, c)
}
