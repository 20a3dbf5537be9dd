// Command bench compares Yoyak's engine with node-llama-cpp — the same
// pinned llama.cpp release, the same libraries — on the gemma-2b-shaped
// synthetic model: load time, prompt reading and generation speed, and peak
// memory. `make bench` runs it (`go run ./bench`).
//
// Each measurement runs in a child process (this program with -child, or
// node on bench/peer/bench.mjs), so peak RSS is the child's rusage maxrss
// for both. Runs alternate which implementation goes first; each figure is
// the median over the repetitions. Two comparisons:
//
//   - same settings: threads = -threads for prompt and generation, batch
//     512, weight repacking on (node-llama-cpp cannot turn it off), mmap,
//     flash attention, the same context size, greedy sampling;
//     prompt_ratio and gen_ratio are Yoyak ÷ node-llama-cpp tokens/s.
//   - defaults: each engine as it ships (Yoyak: cores-1 generation threads,
//     all cores for the prompt, a threadpool kept for the context, weight
//     repacking, context sized to the request;
//     node-llama-cpp: its own thread count, context and repacking);
//     default_ratio is node-llama-cpp's end-to-end time (load + prompt +
//     generation) ÷ Yoyak's, i.e. Yoyak's end-to-end speed ÷ node's.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"github.com/yoyak/yoyak/inference"
)

// config is what one child measures; it travels as JSON.
type config struct {
	Model      string     `json:"model"`
	PromptFile string     `json:"promptFile"`
	Gen        int        `json:"gen"`
	Ctx        int        `json:"ctx"`
	Batch      int        `json:"batch"`
	Threads    int        `json:"threads"`
	Defaults   bool       `json:"defaults"`         // each engine's own defaults instead of the settings above
	GPU        bool       `json:"gpu"`              // Yoyak only: every layer on the GPU (-gpu comparison)
	Passes     []nodePass `json:"passes,omitempty"` // node only: replay these passes (long_e2e)
	Warm       int        `json:"warm,omitempty"`   // Yoyak only: generate this many tokens first (a model that has run before)
}

// measurement is what a child reports (plus RSS, taken by the parent).
type measurement struct {
	LoadS         float64 `json:"load_s"`
	PromptDecodes int     `json:"prompt_decodes"`
	PromptS       float64 `json:"prompt_s"`
	GenTokens     int     `json:"gen_tokens"`
	GenDecodes    int     `json:"gen_decodes"`
	GenS          float64 `json:"gen_s"`
	Context       int     `json:"context"`
	Threads       int     `json:"threads"`
	Device        string  `json:"device,omitempty"`
	RSSBytes      int64   `json:"-"`
}

func (m measurement) promptTPS() float64 { return div(float64(m.PromptDecodes), m.PromptS) }
func (m measurement) genTPS() float64    { return div(float64(m.GenDecodes), m.GenS) }
func (m measurement) total() float64     { return m.LoadS + m.PromptS + m.GenS }

func div(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func main() {
	child := flag.String("child", "", "internal: run one measurement (yoyak) with the JSON config given as argument")
	reps := flag.Int("reps", 3, "repetitions (medians are reported)")
	quick := flag.Bool("quick", false, "one repetition, a 300-token prompt and 32 tokens: a smoke test")
	threads := flag.Int("threads", runtime.NumCPU(), "threads for the same-settings comparison")
	promptTokens := flag.Int("prompt-tokens", 1500, "prompt length in tokens (Korean text)")
	genTokens := flag.Int("gen-tokens", 128, "tokens to generate")
	modelPath := flag.String("model", "", "GGUF model (default: the gemma-2b-shaped synthetic model, generated once into the cache)")
	peer := flag.Bool("peer", true, "also run node-llama-cpp (needs node and npm)")
	defaults := flag.Bool("defaults", true, "also compare each engine's default settings")
	defaultReps := flag.Int("default-reps", 1, "repetitions of the defaults comparison (node-llama-cpp's default threads can make it slow on few cores)")
	gpu := flag.Bool("gpu", false, "instead: Yoyak with every layer on the GPU against Yoyak on the CPU")
	server := flag.Bool("server", false, "instead: a folder of transcripts, local engine vs llama-server --parallel 1 and 4 (bench/server.go)")
	serverTB := flag.Int("server-tb", 0, "the -server scenario's llama-server -tb (batch threads; 0: all cores, like the local engine's prompt reading)")
	serverModel := flag.String("server-model", "", "the -server scenario's model: a GGUF path, \"tiny\", or \"\" for the gemma-2b-shaped one")
	flag.Parse()
	if *server {
		b := serverBench{files: 8, lines: 6, maxTokens: 48, model: *serverModel, parallel: []int{1, 4}, batchThr: *serverTB}
		if *quick {
			b.files, b.lines, b.maxTokens = 4, 3, 16
		}
		if err := runServerBench(b); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if *child != "" {
		os.Exit(runChild(*child, flag.Args()))
	}
	if *quick {
		*reps, *promptTokens, *genTokens = 1, 300, 32
		quickMode = true
	}
	if *gpu {
		*peer, *defaults = false, false
	}
	if err := run(*reps, *defaultReps, *threads, *promptTokens, *genTokens, *modelPath, *peer, *defaults, *gpu); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	if err := extrasMain(*reps, *modelPath, *peer, *gpu); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func cacheDir() string { return filepath.Join(xdg.CacheHome, "yoyak", "bench") }

// benchMode is one comparison: its name in the table and the settings every
// implementation runs it with.
type benchMode struct {
	name string
	cfg  config
}

// resultKey files a measurement by implementation and comparison.
type resultKey struct{ impl, mode string }

// benchResults holds every repetition's measurement, so each figure can be
// the median over repetitions.
type benchResults map[resultKey][]measurement

// med is the median figures of impl in mode.
func (r benchResults) med(impl, mode string) summary { return summarize(r[resultKey{impl, mode}]) }

// run measures the same-settings comparison (and the defaults and -gpu ones
// when asked) and prints a table of medians and the ratios between them.
func run(reps, defaultReps, threads, promptTokens, genTokens int, modelPath string, peer, defaults, gpu bool) error {
	ctx := context.Background()
	modelPath, peerDir, promptFile, n, err := prepareRun(ctx, modelPath, peer, promptTokens)
	if err != nil {
		return err
	}
	nctx := (n + genTokens + 255) / 256 * 256
	same := config{Model: modelPath, PromptFile: promptFile, Gen: genTokens, Ctx: nctx, Batch: 512, Threads: threads}
	st, _ := os.Stat(modelPath)
	fmt.Printf("model %s (%.2f GB); prompt %d tokens; generate %d; %d CPUs; threads %d (same settings); %d repetitions (defaults: %d)\n",
		modelPath, float64(st.Size())/1e9, n, genTokens, runtime.NumCPU(), threads, reps, min(reps, defaultReps))

	impls := []string{"yoyak"}
	if peer {
		impls = append(impls, "node")
	}
	modes := benchModes(same, defaults, gpu)
	results, err := measureAll(ctx, reps, defaultReps, impls, modes, peerDir)
	if err != nil {
		return err
	}
	printTable(results, impls, modes, threads)
	printRatios(results, n, genTokens, peer, defaults, gpu)
	return nil
}

// prepareRun readies what every child needs before any is timed: the cache
// folder, the model (the synthetic one unless modelPath names one),
// node-llama-cpp when peer, and a prompt file of promptTokens tokens, whose
// exact length n sizes the context.
func prepareRun(ctx context.Context, modelPath string, peer bool, promptTokens int) (model, peerDir, promptFile string, n int, err error) {
	if err = os.MkdirAll(cacheDir(), 0o700); err != nil {
		return "", "", "", 0, err
	}
	if modelPath == "" {
		if modelPath, err = benchModel(); err != nil {
			return "", "", "", 0, err
		}
	}
	if peer {
		if peerDir, err = ensurePeer(ctx); err != nil {
			return "", "", "", 0, fmt.Errorf("node-llama-cpp: %w (run with -peer=false to measure Yoyak alone)", err)
		}
	}
	promptFile = filepath.Join(cacheDir(), fmt.Sprintf("prompt-%d.txt", promptTokens))
	if n, err = writePrompt(ctx, modelPath, promptFile, promptTokens); err != nil {
		return "", "", "", 0, err
	}
	return modelPath, peerDir, promptFile, n, nil
}

// benchModes lists the comparisons to run, in the table's order: same
// settings always, then each engine's defaults and Yoyak on the GPU when
// asked.
func benchModes(same config, defaults, gpu bool) []benchMode {
	modes := []benchMode{{"same", same}}
	if defaults {
		def := same
		def.Defaults = true
		modes = append(modes, benchMode{"defaults", def})
	}
	if gpu {
		on := same
		on.GPU = true
		modes = append(modes, benchMode{"gpu", on})
	}
	return modes
}

// measureAll runs every repetition of every mode and implementation,
// swapping which implementation goes first on odd repetitions so neither
// always goes first; the defaults mode runs only its first defaultReps
// repetitions. Each measurement is logged to stderr as it lands.
func measureAll(ctx context.Context, reps, defaultReps int, impls []string, modes []benchMode, peerDir string) (benchResults, error) {
	results := benchResults{}
	for rep := range reps {
		for _, mode := range modes {
			if mode.name == "defaults" && rep >= defaultReps {
				continue
			}
			order := slices.Clone(impls)
			if rep%2 == 1 {
				slices.Reverse(order)
			}
			for _, impl := range order {
				m, err := measure(ctx, impl, peerDir, mode.cfg)
				if err != nil {
					return nil, fmt.Errorf("%s (%s), repetition %d: %w", impl, mode.name, rep+1, err)
				}
				fmt.Fprintf(os.Stderr, "rep %d %-8s %-5s load %.2fs prompt %.1f tok/s gen %.2f tok/s rss %.0f MB (ctx %d, threads %d)\n",
					rep+1, mode.name, impl, m.LoadS, m.promptTPS(), m.genTPS(), float64(m.RSSBytes)/1e6, m.Context, m.Threads)
				results[resultKey{impl, mode.name}] = append(results[resultKey{impl, mode.name}], m)
				if m.Device != "" && mode.cfg.GPU {
					gpuName = m.Device
				}
			}
		}
	}
	return results, nil
}

// printTable prints the medians, one row per implementation and mode.
func printTable(results benchResults, impls []string, modes []benchMode, threads int) {
	fmt.Println()
	fmt.Printf("%-34s %8s %14s %11s %11s %10s\n", "", "load s", "prompt tok/s", "gen tok/s", "total s", "peak RSS")
	for _, mode := range modes {
		for _, impl := range impls {
			s := results.med(impl, mode.name)
			fmt.Printf("%-34s %8.2f %14.1f %11.2f %11.1f %7.0f MB\n", label(impl, mode.name, threads), s.load, s.prompt, s.gen, s.total, s.rss/1e6)
		}
	}
}

// printRatios prints the key=value ratios of the medians (described in the
// package comment) that the README quotes; n is the prompt's length in
// tokens.
func printRatios(results benchResults, n, genTokens int, peer, defaults, gpu bool) {
	if gpu {
		c, g := results.med("yoyak", "same"), results.med("yoyak", "gpu")
		fmt.Printf("gpu_prompt_ratio=%.2f  (GPU ÷ CPU, %s)\ngpu_gen_ratio=%.2f\n", div(g.prompt, c.prompt), gpuName, div(g.gen, c.gen))
	}
	if !peer {
		return
	}
	y, p := results.med("yoyak", "same"), results.med("node", "same")
	fmt.Printf("rss_ratio=%.2f\n", div(y.rss, p.rss))
	if defaults {
		yd, pd := results.med("yoyak", "defaults"), results.med("node", "defaults")
		fmt.Printf("default_prompt_ratio=%.2f\ndefault_gen_ratio=%.2f\ndefault_rss_ratio=%.2f\n",
			div(yd.prompt, pd.prompt), div(yd.gen, pd.gen), div(yd.rss, pd.rss))
		fmt.Printf("default_ratio=%.2f  (end-to-end time for load + %d-token prompt + %d tokens: node-llama-cpp %.1fs ÷ Yoyak %.1fs, both with their defaults)\n",
			div(pd.total, yd.total), n, genTokens, pd.total, yd.total)
	}
	fmt.Printf("prompt_ratio=%.2f\ngen_ratio=%.2f\n", div(y.prompt, p.prompt), div(y.gen, p.gen))
}

// gpuName is the GPU the -gpu comparison ran on, from the children's reports.
var gpuName = "no GPU"

func label(impl, mode string, threads int) string {
	name := map[string]string{"yoyak": "Yoyak", "node": "node-llama-cpp 3.21.1"}[impl]
	if mode == "gpu" {
		return name + " (all layers on GPU)"
	}
	if mode == "same" {
		return fmt.Sprintf("%s (same, %d thr)", name, threads)
	}
	if impl == "yoyak" {
		g, b := inference.DefaultThreads(runtime.NumCPU())
		return fmt.Sprintf("%s (defaults, %d/%d thr)", name, g, b)
	}
	return name + " (defaults)"
}

type summary struct{ load, prompt, gen, total, rss float64 }

func summarize(ms []measurement) summary {
	pick := func(f func(measurement) float64) float64 {
		v := make([]float64, len(ms))
		for i, m := range ms {
			v[i] = f(m)
		}
		return median(v)
	}
	return summary{
		load:   pick(func(m measurement) float64 { return m.LoadS }),
		prompt: pick(measurement.promptTPS),
		gen:    pick(measurement.genTPS),
		total:  pick(measurement.total),
		rss:    pick(func(m measurement) float64 { return float64(m.RSSBytes) }),
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// measure runs one child and reads its JSON line and peak RSS.
func measure(ctx context.Context, impl, peerDir string, cfg config) (measurement, error) {
	arg, _ := json.Marshal(cfg)
	var cmd *exec.Cmd
	ctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	switch impl {
	case "yoyak":
		exe, err := os.Executable()
		if err != nil {
			return measurement{}, err
		}
		cmd = exec.CommandContext(ctx, exe, "-child", "yoyak", string(arg))
	case "node":
		cmd = exec.CommandContext(ctx, "node", filepath.Join(peerDir, "bench.mjs"), string(arg))
		cmd.Dir = peerDir
		cmd.Env = append(os.Environ(), "NODE_LLAMA_CPP_SKIP_DOWNLOAD=true")
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return measurement{}, fmt.Errorf("%w: %s", err, lastLines(stderr.String(), 8))
	}
	var m measurement
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
		return measurement{}, fmt.Errorf("child output %q: %w", lastLines(string(out), 3), err)
	}
	m.RSSBytes = maxRSS(cmd.ProcessState)
	return m, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// runChild is the Yoyak side: OpenRuntime + LoadModel (timed as load), then
// one Generate whose prompt and generation times the engine reports.
func runChild(impl string, args []string) int {
	if impl == "reuse" || impl == "long" || impl == "burn" {
		return runExtraChild(impl, args)
	}
	if impl != "yoyak" || len(args) != 1 {
		fmt.Fprintln(os.Stderr, "bench -child yoyak CONFIG-JSON")
		return 2
	}
	var cfg config
	if err := json.Unmarshal([]byte(args[0]), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	text, err := os.ReadFile(cfg.PromptFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	start := time.Now()
	// YOYAK_BENCH_RUNTIME picks a runtime folder (e.g. to compare builds).
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{ForceCPU: !cfg.GPU, Dir: os.Getenv("YOYAK_BENCH_RUNTIME")})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	device := ""
	for _, d := range rt.Info().Devices {
		if cfg.GPU && (d.Type == "GPU" || d.Type == "iGPU") {
			device = d.Name + ": " + d.Description
			break
		}
	}
	if cfg.GPU && device == "" {
		fmt.Fprintf(os.Stderr, "no GPU device in %s: %+v\n", rt.Info().Dir, rt.Info().Devices)
		return 1
	}
	// Both comparisons load with the defaults: they repack weights, as
	// node-llama-cpp always does.
	opts := inference.DefaultModelOptions()
	opts.ForceCPU = !cfg.GPU
	// YOYAK_BENCH_PER_DECODE_THREADS=1 measures without Yoyak's threadpool.
	opts.PerDecodeThreads = os.Getenv("YOYAK_BENCH_PER_DECODE_THREADS") == "1"
	m, err := rt.LoadModel(context.Background(), cfg.Model, opts, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer m.Close()
	load := time.Since(start)
	req := inference.Request{Prompt: string(text), AddBOS: true, MaxTokens: cfg.Gen, BatchSize: 512}
	if !cfg.Defaults {
		req.ContextSize, req.Threads, req.BatchSize = cfg.Ctx, cfg.Threads, cfg.Batch
	}
	if cfg.Warm > 0 {
		warm := req
		warm.MaxTokens = cfg.Warm
		if _, err := m.Generate(context.Background(), warm, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	res, err := m.Generate(context.Background(), req, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	threads := cfg.Threads
	if cfg.Defaults {
		threads, _ = inference.DefaultThreads(runtime.NumCPU())
	}
	// Decodes: the prompt's tokens, then one per generated token but the last.
	out, _ := json.Marshal(measurement{
		LoadS: load.Seconds(), PromptDecodes: res.PromptTokens, PromptS: res.PromptTime.Seconds(),
		GenTokens: res.GeneratedTokens, GenDecodes: max(0, res.GeneratedTokens-1), GenS: res.GenTime.Seconds(),
		Context: res.ContextSize, Threads: threads, Device: device,
	})
	fmt.Println(string(out))
	return 0
}

// writePrompt writes Korean meeting-transcript text of at least tokens
// tokens (counted with the model's own vocabulary) and returns the count.
func writePrompt(ctx context.Context, modelPath, path string, tokens int) (int, error) {
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{ForceCPU: true})
	if err != nil {
		return 0, err
	}
	m, err := rt.LoadModel(ctx, modelPath, inference.ModelOptions{VocabOnly: true, UseMmap: true}, nil)
	if err != nil {
		return 0, err
	}
	defer m.Close()
	var b strings.Builder
	n := 0
	for i := 0; n < tokens; i++ {
		b.WriteString(transcriptLine(i))
		toks, err := m.Tokenize(b.String(), true)
		if err != nil {
			return 0, err
		}
		n = len(toks)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		return 0, err
	}
	return n, nil
}

var (
	speakers = []string{"김 팀장", "이 대리", "박 과장", "최 주임", "정 부장"}
	lines    = []string{
		"오늘 회의에서는 다음 분기 예산과 일정에 대해 논의하겠습니다.",
		"지난주에 말씀드린 보고서는 금요일까지 제출하겠습니다.",
		"고객사에서 요청한 기능 변경 사항을 먼저 검토해야 할 것 같습니다.",
		"개발 일정이 두 주 정도 지연될 가능성이 있습니다.",
		"마케팅 팀과 협의해서 출시 날짜를 다시 정하겠습니다.",
		"예산이 부족하면 인력 충원은 내년으로 미루는 게 좋겠습니다.",
		"테스트 결과는 다음 회의 전까지 공유해 주세요.",
		"그 부분은 제가 확인하고 오늘 오후에 메일로 정리해서 보내겠습니다.",
		"회의록은 이 대리님이 작성해서 공유 폴더에 올려 주세요.",
		"다음 회의는 수요일 오전 열 시에 하겠습니다.",
	}
)

func transcriptLine(i int) string {
	return fmt.Sprintf("%s: %s\n", speakers[i%len(speakers)], lines[(i*7+i/len(lines))%len(lines)])
}

// ensurePeer installs node-llama-cpp from bench/peer's lock file (integrity
// pinned) into the cache with `npm ci`, once per lock file, and copies
// bench.mjs beside it. Install scripts are skipped and optional packages
// omitted (no GPU builds, no download or compile of llama.cpp): the prebuilt
// linux-x64 package is a direct dependency.
func ensurePeer(ctx context.Context) (string, error) {
	src, err := peerSource()
	if err != nil {
		return "", err
	}
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cacheDir(), "peer")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	for _, f := range []string{"package.json", "bench.mjs"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			return "", err
		}
	}
	stamp := filepath.Join(dir, "installed-lock.json")
	if old, err := os.ReadFile(stamp); err == nil && string(old) == string(lock) && dirExists(filepath.Join(dir, "node_modules", "node-llama-cpp")) {
		return dir, nil
	}
	if err := os.WriteFile(filepath.Join(dir, "package-lock.json"), lock, 0o600); err != nil {
		return "", err
	}
	fmt.Fprintf(os.Stderr, "installing node-llama-cpp 3.21.1 into %s (npm ci)...\n", dir)
	cmd := exec.CommandContext(ctx, "npm", "ci", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NODE_LLAMA_CPP_SKIP_DOWNLOAD=true")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm ci: %w", err)
	}
	if err := os.WriteFile(stamp, lock, 0o600); err != nil {
		return "", err
	}
	return dir, nil
}

// peerSource finds bench/peer in the source checkout (the working directory
// or above).
func peerSource() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "bench", "peer")
		if dirExists(p) {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("bench/peer not found: run from the source checkout")
		}
	}
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
