package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/app/usererr"
)

// summarizeUsage is the command's help, in English like every flag text.
const summarizeUsage = `usage: yoyak summarize [flags] FILE|-|DIR

Summarize a transcript (a file, - for stdin) with the local model. The summary
goes to stdout, progress to stderr (a live line on a terminal, plain lines
otherwise).

  --format text   streams the model's text live, line by line (a line the
                  repetition guard may still cut is held back until the end);
  --format md|json print the finished summary at the end.

A long transcript is split into parts that fit the context, each part is
summarized, then the partial summaries are summarized into the final one.

--print-prompt prints the exact prompt text the model would get (what follows
BOS) and exits without generating. When the transcript is split, it prints
each part's prompt, separated by a line of its own holding "` + promptSeparator + `".

DIR summarizes every transcript in the folder (not its subfolders) into
NAME.summary.md beside it, written whole or not at all; existing summaries
are skipped unless --force. A count line ends the run.

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl+C
stops at once and leaves no half-written file).

flags:
`

// promptSeparator is the line between parts' prompts of --print-prompt.
const promptSeparator = "-----"

// summaryExt is appended to a transcript's stem in folder mode.
const summaryExt = ".summary.md"

// exitInterrupted is the conventional status of a command stopped by SIGINT.
const exitInterrupted = 130

// summarizeFlags are the parsed command line.
type summarizeFlags struct {
	model       string
	format      summary.Format
	threads     int
	ctx         int
	maxTokens   int
	cpu         bool
	printPrompt bool
	force       bool
	out         string
	input       string
}

// parseSummarizeFlags reads args; it returns a usage error message (in the
// user's language) when they are wrong.
func parseSummarizeFlags(args []string, stderr io.Writer) (summarizeFlags, int, bool) {
	var f summarizeFlags
	fs := flag.NewFlagSet("summarize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, summarizeUsage)
		fs.PrintDefaults()
	}
	format := fs.String("format", "text", "output `format`: text, md or json")
	fs.StringVar(&f.model, "model", "", "model: a .gguf `PATH` or a catalog NAME (default: the catalog's default model)")
	fs.IntVar(&f.threads, "threads", 0, "generation threads (0: one fewer than the CPUs)")
	fs.IntVar(&f.ctx, "ctx", 0, "context size in `tokens` (0: the model's; capped by its trained context)")
	fs.IntVar(&f.maxTokens, "max-tokens", app.DefaultMaxTokens, "most `tokens` of one answer")
	fs.BoolVar(&f.cpu, "cpu", false, "keep the model off the GPU")
	fs.BoolVar(&f.printPrompt, "print-prompt", false, "print the prompt(s) and exit without generating")
	fs.BoolVar(&f.force, "force", false, "overwrite existing summaries in folder mode")
	fs.StringVar(&f.out, "out", "", "write the summary to `FILE` (atomically) instead of stdout")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return f, exitOK, false
		}
		return f, exitUsage, false
	}
	var err error
	if f.format, err = summary.ParseFormat(*format); err != nil {
		fmt.Fprintf(stderr, "yoyak summarize: %v\n", err)
		return f, exitUsage, false
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "yoyak summarize: want one FILE, - or DIR")
		fs.Usage()
		return f, exitUsage, false
	}
	f.input = fs.Arg(0)
	return f, 0, true
}

// settings are the defaults with the flags applied.
func (f summarizeFlags) settings() app.Settings {
	s := app.DefaultSettings()
	s.Model = f.model
	s.Threads = f.threads
	s.ContextSize = f.ctx
	s.MaxTokens = f.maxTokens
	s.GPU = !f.cpu
	return s
}

func runSummarize(ctx context.Context, e env) int {
	f, code, ok := parseSummarizeFlags(e.args, e.stderr)
	if !ok {
		return code
	}
	lang := usererr.LangFromEnv(nil)
	c := &summarizeCmd{env: e, flags: f, lang: lang}
	set := f.settings()
	if err := set.Validate(); err != nil {
		c.fail("", err)
		return exitUsage
	}
	c.opts = app.Options{Settings: set}
	c.svc = app.NewService(app.Config{})
	defer c.svc.Close()

	var info os.FileInfo
	if f.input != "-" {
		var err error
		if info, err = os.Stat(f.input); err != nil {
			c.fail(f.input, err)
			return exitFailure
		}
	}
	if info != nil && info.IsDir() {
		if f.out != "" || f.printPrompt {
			fmt.Fprintln(e.stderr, "yoyak summarize: --out and --print-prompt take a FILE, not a folder")
			return exitUsage
		}
		if f.format != summary.Markdown && f.format != summary.Text {
			fmt.Fprintln(e.stderr, "yoyak summarize: a folder is summarized to Markdown; --format must be md")
			return exitUsage
		}
		return c.folder(ctx, f.input)
	}
	return c.single(ctx)
}

// summarizeCmd is one run of the command.
type summarizeCmd struct {
	env   env
	flags summarizeFlags
	lang  string
	svc   *app.Service
	opts  app.Options
}

// fail prints err as one line in the user's language, after subject (a file).
func (c *summarizeCmd) fail(subject string, err error) {
	fmt.Fprintln(c.env.stderr, "yoyak: "+sumOneLine(app.Messagef(subject, err, c.lang)))
}

// sumOneLine joins a multi-line message, so every error is one line.
func sumOneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// sumExit maps a run's error to the exit status.
func sumExit(ctx context.Context, err error) int {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return exitFailure
}

// read reads the input transcript.
func (c *summarizeCmd) read(path string) (transcript.Document, error) {
	var doc transcript.Document
	var err error
	if path == "-" {
		doc, err = transcript.ReadFrom("-", c.env.stdin)
	} else {
		doc, err = transcript.ReadFile(path)
	}
	if err != nil {
		return doc, err
	}
	for _, w := range doc.Warnings {
		fmt.Fprintln(c.env.stderr, "yoyak: "+w.Message(c.lang))
	}
	return doc, nil
}

// single summarizes one file or stdin.
func (c *summarizeCmd) single(ctx context.Context) int {
	doc, err := c.read(c.flags.input)
	if err != nil {
		c.fail(c.flags.input, err)
		return exitFailure
	}
	if c.flags.printPrompt {
		return c.printPrompts(ctx, doc)
	}
	stream := c.flags.out == "" && c.flags.format == summary.Text
	var ts *textStream
	if stream {
		ts = &textStream{w: c.env.stdout}
	}
	pv := newSumProgress(c.env.stderr, c.lang)
	pv.streaming = ts != nil
	res, err := c.svc.Summarize(ctx, doc, c.opts, func(ev app.Event) {
		pv.event(ev)
		if p, ok := ev.(app.Piece); ok && ts != nil && p.Pass.Result() {
			pv.clear()
			ts.write(p.Text)
		}
	})
	pv.clear()
	if err != nil {
		if ts != nil {
			ts.abandon()
		}
		c.fail("", err) // the model's or the run's error: the input is not the subject
		return sumExit(ctx, err)
	}
	out := res.Render(c.flags.format)
	switch {
	case ts != nil:
		ts.finish(out)
	case c.flags.out != "":
		if err := writeSummaryFile(c.flags.out, []byte(out)); err != nil {
			c.fail(c.flags.out, err)
			return exitFailure
		}
	default:
		io.WriteString(c.env.stdout, out)
	}
	pv.done(res.Stats)
	return exitOK
}

// printPrompts prints the prompt text(s), byte for byte, nothing else.
func (c *summarizeCmd) printPrompts(ctx context.Context, doc transcript.Document) int {
	prompts, err := c.svc.Prompts(ctx, doc, c.opts)
	if err != nil {
		c.fail("", err)
		return sumExit(ctx, err)
	}
	io.WriteString(c.env.stdout, strings.Join(prompts, "\n"+promptSeparator+"\n"))
	return exitOK
}

// folder summarizes every transcript in dir into NAME.summary.md beside it.
func (c *summarizeCmd) folder(ctx context.Context, dir string) int {
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.fail(dir, err)
		return exitFailure
	}
	exts := transcript.Extensions()
	var inputs []string
	for _, de := range ents {
		name := de.Name()
		if de.IsDir() || strings.HasPrefix(name, ".") || strings.HasSuffix(strings.ToLower(name), summaryExt) ||
			!slices.Contains(exts, strings.ToLower(filepath.Ext(name))) {
			continue
		}
		inputs = append(inputs, name)
	}
	// One summary per stem; two transcripts of one stem (a.txt, a.srt) keep
	// their extensions in the summary's name.
	stems := map[string]int{}
	for _, n := range inputs {
		stems[strings.TrimSuffix(n, filepath.Ext(n))]++
	}
	var done, skipped, failed int
	for _, name := range inputs {
		stem := strings.TrimSuffix(name, filepath.Ext(name))
		if stems[stem] > 1 {
			stem = name
		}
		out := filepath.Join(dir, stem+summaryExt)
		if _, err := os.Stat(out); err == nil && !c.flags.force {
			fmt.Fprintln(c.env.stderr, c.say("건너뜀 (이미 있음): ", "skipped (exists): ")+out)
			skipped++
			continue
		}
		fmt.Fprintln(c.env.stderr, c.say("요약: ", "summarizing: ")+filepath.Join(dir, name))
		code := c.file(ctx, filepath.Join(dir, name), out)
		if code == exitInterrupted {
			return code
		}
		if code != exitOK {
			failed++
			continue
		}
		done++
	}
	fmt.Fprintln(c.env.stdout, c.say(
		fmt.Sprintf("요약 %d개, 건너뜀 %d개, 실패 %d개", done, skipped, failed),
		fmt.Sprintf("%d summarized, %d skipped, %d failed", done, skipped, failed)))
	if failed > 0 {
		return exitFailure
	}
	return exitOK
}

// file summarizes one transcript of a folder into out.
func (c *summarizeCmd) file(ctx context.Context, in, out string) int {
	doc, err := c.read(in)
	if err != nil {
		c.fail(in, err)
		return exitFailure
	}
	pv := newSumProgress(c.env.stderr, c.lang)
	res, err := c.svc.Summarize(ctx, doc, c.opts, pv.event)
	pv.clear()
	if err != nil {
		c.fail(in, err)
		return sumExit(ctx, err)
	}
	if err := writeSummaryFile(out, []byte(res.Render(summary.Markdown))); err != nil {
		c.fail(out, err)
		return exitFailure
	}
	pv.done(res.Stats)
	return exitOK
}

func (c *summarizeCmd) say(ko, en string) string {
	if usererr.IsKorean(c.lang) {
		return ko
	}
	return en
}

// writeSummaryFile writes data to path through a synced temporary file in the
// same folder and a rename: the file appears whole or not at all.
func writeSummaryFile(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.part")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// textStream writes the answer as it arrives, a complete line at a time. A
// line that repeats an earlier one is held back, since the repetition guard
// may cut it from the final text; finish writes what the final text has
// beyond what was written.
type textStream struct {
	w       io.Writer
	line    strings.Builder // the unfinished line
	written strings.Builder // everything written
	held    strings.Builder // complete lines held back
	seen    map[string]bool
}

func (t *textStream) write(piece string) {
	if t.seen == nil {
		t.seen = map[string]bool{}
	}
	for piece != "" {
		i := strings.IndexByte(piece, '\n')
		if i < 0 {
			t.line.WriteString(piece)
			return
		}
		t.line.WriteString(piece[:i+1])
		piece = piece[i+1:]
		l := t.line.String()
		t.line.Reset()
		key := strings.TrimSpace(l)
		if t.held.Len() > 0 || (key != "" && t.seen[key]) {
			t.held.WriteString(l)
			continue
		}
		t.seen[key] = true
		io.WriteString(t.w, l)
		t.written.WriteString(l)
	}
}

// finish writes the rest of final: all of it past what was already written
// when that is its beginning (the usual case), else past the longest
// beginning they share.
func (t *textStream) finish(final string) {
	w := t.written.String()
	n := 0
	for n < len(w) && n < len(final) && w[n] == final[n] {
		n++
	}
	if n < len(w) && n > 0 && !strings.HasSuffix(w, "\n") {
		io.WriteString(t.w, "\n")
	}
	io.WriteString(t.w, final[n:])
}

// abandon ends the line of a stopped stream.
func (t *textStream) abandon() {
	if w := t.written.String(); w != "" && !strings.HasSuffix(w, "\n") {
		io.WriteString(t.w, "\n")
	}
}

// sumProgress shows progress on stderr: one live line redrawn in place on a
// terminal (at most ten times a second), plain lines at each new step
// otherwise.
type sumProgress struct {
	w     io.Writer
	lang  string
	tty   bool
	last  time.Time
	step  string // the last step a plain line was printed for
	drawn bool
	// streaming: the answer streams to stdout, which on a terminal shares
	// the screen; the live line stops when the answer starts.
	streaming bool
	silent    bool
}

func newSumProgress(w io.Writer, lang string) *sumProgress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &sumProgress{w: w, lang: lang, tty: tty}
}

func (v *sumProgress) event(ev app.Event) {
	p, ok := ev.(app.Progress)
	if !ok {
		return
	}
	if v.tty {
		if v.streaming && p.Phase == app.PhaseGenerating && p.Pass.Result() {
			v.silent = true // the text itself shows the progress now
			return
		}
		if v.silent || time.Since(v.last) < 100*time.Millisecond && p.Done != p.Total {
			return
		}
		v.last = time.Now()
		line := strings.TrimSpace(sumBar(p.Fraction(), p.Total > 0 && p.Phase != app.PhaseGenerating) + " " + p.Describe(v.lang))
		fmt.Fprint(v.w, "\r\x1b[K"+line)
		v.drawn = true
		return
	}
	// Plain lines: one per step (phase of a pass of a part).
	step := fmt.Sprintf("%d/%d/%d/%d", p.Phase, p.Pass, p.Part, p.Parts)
	if step == v.step {
		return
	}
	v.step = step
	fmt.Fprintln(v.w, p.Step(v.lang))
}

// sumBar draws frac as a 20-cell bar, or nothing when there is no total.
func sumBar(frac float64, show bool) string {
	if !show {
		return ""
	}
	n := int(frac * 20)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", 20-n) + "]"
}

// clear removes the live line.
func (v *sumProgress) clear() {
	if v.tty && v.drawn {
		fmt.Fprint(v.w, "\r\x1b[K")
		v.drawn = false
	}
}

// done prints the run's numbers.
func (v *sumProgress) done(s app.Stats) {
	if usererr.IsKorean(v.lang) {
		fmt.Fprintf(v.w, "완료: %d 토큰, 초당 %.1f 토큰, %s, %d 부분\n", s.Tokens, s.TokensPerSec, s.Elapsed.Round(100*time.Millisecond), s.Parts)
		return
	}
	fmt.Fprintf(v.w, "done: %d tokens, %.1f tokens/s, %s, %d part(s)\n", s.Tokens, s.TokensPerSec, s.Elapsed.Round(100*time.Millisecond), s.Parts)
}
