package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/app/usererr"
)

// summarizeUsage is the command's help, in English like every flag text.
const summarizeUsage = `usage: yoyak summarize [flags] FILE|-|DIR

Summarize a transcript (a file, - for stdin) with the local model (or a server). The summary
goes to stdout, progress to stderr (a live line on a terminal, plain lines
otherwise).

  --format text   streams the model's text live, line by line (a line the
                  repetition guard may still cut is held back until the end);
  --format md|json print the finished summary at the end.
  --format docx|hwpx write a Word or Hangul document; give --out (or DIR).

A long transcript is split into parts that fit the context, each part is
summarized, then the partial summaries are summarized into the final one.

--print-prompt prints the exact prompt text the model would get (what follows
BOS) and exits without generating: the prompt alone, byte for byte. When the
transcript is split, each part's prompt follows a line of its own,
  ----- part I/N: B bytes -----
and is exactly B bytes long, then a newline; the byte count makes the parts
unambiguous even where a transcript line looks like that line.

DIR summarizes every transcript in the folder (not its subfolders) into
NAME.summary.md beside it (NAME.summary.docx or .hwpx with --format docx or
hwpx), written whole or not at all; existing summaries are skipped unless
--force. A count line ends the run.

--server URL summarizes on a shared inference server (llama-server, vLLM or
Ollama) instead of this computer: the prompt text goes to that address. The
parts of a long transcript run at once up to the server's free slots; with
DIR, --jobs N keeps N transcripts in flight (default: the server's slots).

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted (Ctrl+C
stops at once and leaves no half-written file).

flags:
`

// promptHeader heads each part's prompt in --print-prompt's output of a
// split transcript: the part, the parts, and the prompt's length in bytes,
// which frames it whatever lines it holds.
const promptHeader = "----- part %d/%d: %d bytes -----\n"

// summaryExt is appended to a transcript's stem in folder mode.
const summaryExt = ".summary.md"

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
	sources     bool        // --sources: Markdown with source references
	srv         serverFlags // --server, --api-key, --server-model, --jobs
}

// parseSummarizeFlags reads args; it returns a usage error message (in the
// user's language) when they are wrong.
func parseSummarizeFlags(args []string, stderr io.Writer, lang string) (summarizeFlags, int, bool) {
	var f summarizeFlags
	fs := flag.NewFlagSet("summarize", flag.ContinueOnError)
	quietFlags(fs, stderr, usageText(lang, summarizeUsageKo, summarizeUsage))
	format := fs.String("format", "text", "output `format`: text, md, json, docx or hwpx")
	fs.StringVar(&f.model, "model", "", "model: a .gguf `PATH` or a catalog NAME (default: the catalog's default model)")
	fs.IntVar(&f.threads, "threads", 0, "generation threads (0: every CPU, one fewer while another process competes)")
	fs.IntVar(&f.ctx, "ctx", 0, "context size in `tokens` (0: the model's; capped by its trained context)")
	fs.IntVar(&f.maxTokens, "max-tokens", app.DefaultMaxTokens, "most `tokens` of one answer")
	fs.BoolVar(&f.cpu, "cpu", false, "keep the model off the GPU")
	fs.BoolVar(&f.printPrompt, "print-prompt", false, "print the prompt(s) and exit without generating")
	fs.BoolVar(&f.force, "force", false, "overwrite an existing --out file or existing summaries in folder mode")
	fs.StringVar(&f.out, "out", "", "write the summary to `FILE` (atomically) instead of stdout")
	fs.BoolVar(&f.sources, "sources", false, "with --format md, append each point's transcript lines and unsupported words")
	f.srv.add(fs)
	localizeFlags(fs, lang, summarizeFlagsKo)
	if err := parseQuiet(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return f, exitOK, false
		}
		fmt.Fprintln(stderr, "yoyak summarize: "+flagError(err, lang)+dashFileHint(err, lang))
		return f, exitUsage, false
	}
	f.srv.fromEnv()
	var err error
	if f.format, err = parseOutFormat(*format); err != nil {
		fmt.Fprintln(stderr, "yoyak summarize: "+say(lang,
			fmt.Sprintf("--format은 text, md, json, docx, hwpx 중 하나여야 합니다 (%q).", *format),
			fmt.Sprintf("--format must be text, md, json, docx or hwpx (%q).", *format)))
		return f, exitUsage, false
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "yoyak summarize: "+say(lang,
			"요약할 파일(FILE), 표준 입력(-) 또는 폴더(DIR)를 하나 주세요.",
			"Give one FILE, - (stdin) or DIR to summarize."))
		fs.Usage()
		return f, exitUsage, false
	}
	f.input = fs.Arg(0)
	return f, 0, true
}

// quietFlags makes fs print nothing of its own: its usage prints help (to
// stderr), and the caller says a parse error with flagError, in the user's
// language, as the last line.
func quietFlags(fs *flag.FlagSet, stderr io.Writer, help string) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintln(stderr, strings.TrimRight(help, "\n"))
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// flagError says a flag package parse error in lang.
func flagError(err error, lang string) string {
	msg := err.Error()
	if m := badFlagValue.FindStringSubmatch(msg); m != nil {
		return say(lang, fmt.Sprintf("%s 옵션의 값 %s이(가) 올바르지 않습니다.", m[2], m[1]), msg)
	}
	for _, m := range []struct{ prefix, ko string }{
		{"flag provided but not defined: ", "없는 옵션입니다: "},
		{"flag needs an argument: ", "옵션에 값이 필요합니다: "},
		{"bad flag syntax: ", "옵션을 쓰는 방법이 잘못되었습니다: "},
	} {
		if rest, ok := strings.CutPrefix(msg, m.prefix); ok {
			return say(lang, m.ko+rest, msg)
		}
	}
	return msg
}

// badFlagValue matches the flag package's `invalid value "x" for flag -n: …`
// (and its boolean form).
var badFlagValue = regexp.MustCompile(`^invalid (?:boolean )?value ("[^"]*") for (?:flag )?(-[^\s:]+)`)

// settings are the defaults with the flags applied.
func (f summarizeFlags) settings() app.Settings {
	s := app.DefaultSettings()
	s.Model = f.model
	s.Threads = f.threads
	s.ContextSize = f.ctx
	s.MaxTokens = f.maxTokens
	s.GPU = !f.cpu
	f.srv.apply(&s)
	return s
}

func runSummarize(ctx context.Context, e env) int {
	lang := usererr.LangFromEnv(nil)
	f, code, ok := parseSummarizeFlags(e.args, e.stderr, lang)
	if !ok {
		return code
	}
	c := &summarizeCmd{env: e, flags: f, lang: lang}
	set := f.settings()
	if err := set.Validate(); err != nil {
		c.fail("", err)
		return exitUsage
	}
	c.opts = app.Options{Settings: set}
	c.svc = app.NewService(app.Config{})
	defer c.svc.Close()
	c.serverNotice()

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
			fmt.Fprintln(e.stderr, "yoyak summarize: "+say(lang,
				"--out과 --print-prompt는 폴더가 아닌 파일에 씁니다.",
				"--out and --print-prompt take a FILE, not a folder."))
			return exitUsage
		}
		if f.format != summary.Markdown && f.format != summary.Text && !isDocument(f.format) {
			fmt.Fprintln(e.stderr, "yoyak summarize: "+say(lang,
				"폴더는 Markdown, Word, 한글 문서로 요약합니다. --format은 md, docx, hwpx 중 하나여야 합니다.",
				"A folder is summarized to Markdown, Word or Hangul documents; --format must be md, docx or hwpx."))
			return exitUsage
		}
		return c.folder(ctx, f.input)
	}
	if isDocument(f.format) && f.out == "" && !f.printPrompt {
		fmt.Fprintln(e.stderr, "yoyak summarize: "+say(lang,
			"docx와 hwpx는 파일로 저장합니다. --out 파일 이름을 주세요.",
			"docx and hwpx are written to a file: give --out FILE."))
		return exitUsage
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

// read reads the input transcript. Ctrl+C stops a read of stdin at once
// (a terminal waiting for input would otherwise hold the command until
// Ctrl+D); the blocked read is left to the exiting process.
func (c *summarizeCmd) read(ctx context.Context, path string) (transcript.Document, error) {
	var doc transcript.Document
	var err error
	if path == "-" {
		type result struct {
			doc transcript.Document
			err error
		}
		got := make(chan result, 1)
		go func() {
			d, err := transcript.ReadFrom("-", c.env.stdin)
			got <- result{d, err}
		}()
		select {
		case r := <-got:
			doc, err = r.doc, r.err
		case <-ctx.Done():
			return doc, ctx.Err()
		}
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
	if c.flags.out != "" {
		// Before minutes of generating, not after.
		if err := c.checkOutput(c.flags.out, c.flags.input); err != nil {
			c.fail(c.flags.out, err)
			return exitFailure
		}
	}
	doc, err := c.read(ctx, c.flags.input)
	if err != nil {
		subject := c.flags.input
		if subject == "-" {
			subject = c.say("표준 입력", "stdin")
		}
		c.fail(subject, err)
		return failExit(ctx, err)
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
	// The answer itself shows the progress when it streams to the screen;
	// redirected to a file, the bar goes on.
	pv.streaming = ts != nil && isTerminal(c.env.stdout)
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
		return failExit(ctx, err)
	}
	out, err := renderResult(res, c.flags.format, c.flags.input)
	if err != nil {
		c.fail("", err)
		return exitFailure
	}
	if c.flags.sources && c.flags.format == summary.Markdown {
		out = summary.MarkdownWithSources(res.Summary, usererr.IsKorean(c.lang))
	}
	switch {
	case ts != nil:
		ts.finish(out)
	case c.flags.out != "":
		if err := writeOutput(c.flags.out, c.flags.input, out); err != nil {
			c.fail(c.flags.out, err)
			return exitFailure
		}
	default:
		io.WriteString(c.env.stdout, out)
	}
	pv.done(res.Stats)
	c.notes(res.Stats)
	return exitOK
}

// notes tells what the user should know about a finished run on stderr.
func (c *summarizeCmd) notes(s app.Stats) {
	for _, n := range s.Notes(c.lang) {
		fmt.Fprintln(c.env.stderr, "yoyak: "+n)
	}
}

// printPrompts prints the prompt text, byte for byte, nothing else; the
// parts of a split transcript each after a promptHeader and before a
// newline.
func (c *summarizeCmd) printPrompts(ctx context.Context, doc transcript.Document) int {
	prompts, err := c.svc.Prompts(ctx, doc, c.opts)
	if err != nil {
		c.fail("", err)
		return failExit(ctx, err)
	}
	if len(prompts) == 1 {
		io.WriteString(c.env.stdout, prompts[0])
		return exitOK
	}
	var b strings.Builder
	for i, p := range prompts {
		fmt.Fprintf(&b, promptHeader, i+1, len(prompts), len(p))
		b.WriteString(p)
		b.WriteByte('\n')
	}
	io.WriteString(c.env.stdout, b.String())
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
		if de.IsDir() || strings.HasPrefix(name, ".") || isSummaryName(name) ||
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
	if c.opts.Settings.Server.On {
		return c.folderJobs(ctx, dir, inputs, stems)
	}
	var done, skipped, failed int
	for _, name := range inputs {
		out, skip, fail := c.folderTarget(dir, name, stems)
		if skip || fail {
			skipped, failed = skipped+b2i(skip), failed+b2i(fail)
			continue
		}
		fmt.Fprintln(c.env.stderr, c.say("요약: ", "summarizing: ")+filepath.Join(dir, name))
		code := c.file(ctx, filepath.Join(dir, name), out)
		if code == exitInterrupted {
			c.count(done, skipped, failed) // what was finished before Ctrl+C stays
			return code
		}
		if code != exitOK {
			failed++
			continue
		}
		done++
	}
	c.count(done, skipped, failed)
	if failed > 0 {
		return exitFailure
	}
	return exitOK
}

// folderTarget is where the summary of the folder's transcript name goes,
// or why it is not summarized: an existing summary without --force or a
// special file is skipped, an output the rules refuse fails; either is
// said on stderr before any work.
func (c *summarizeCmd) folderTarget(dir, name string, stems map[string]int) (out string, skipped, failed bool) {
	in := filepath.Join(dir, name)
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if stems[stem] > 1 {
		stem = name
	}
	out = filepath.Join(dir, stem+summaryFileExt(c.flags.format))
	if _, err := os.Stat(out); err == nil && !c.flags.force {
		fmt.Fprintln(c.env.stderr, c.say("건너뜀 (이미 있음): ", "skipped (exists): ")+out)
		return out, true, false
	}
	if skip := c.folderSkip(in); skip != "" {
		fmt.Fprintln(c.env.stderr, skip)
		return out, true, false
	}
	if err := c.checkOutput(out, in); err != nil {
		c.fail(out, err)
		return out, false, true
	}
	return out, false, false
}

// b2i counts a true as one.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// count prints the line that ends a folder run.
func (c *summarizeCmd) count(done, skipped, failed int) {
	fmt.Fprintln(c.env.stdout, c.say(
		fmt.Sprintf("요약 %d개, 건너뜀 %d개, 실패 %d개", done, skipped, failed),
		fmt.Sprintf("%d summarized, %d skipped, %d failed", done, skipped, failed)))
}

// file summarizes one transcript of a folder into out.
func (c *summarizeCmd) file(ctx context.Context, in, out string) int {
	doc, err := c.read(ctx, in)
	if err != nil {
		c.fail(in, err)
		return failExit(ctx, err)
	}
	pv := newSumProgress(c.env.stderr, c.lang)
	res, err := c.svc.Summarize(ctx, doc, c.opts, pv.event)
	pv.clear()
	if err != nil {
		c.fail(in, err)
		return failExit(ctx, err)
	}
	text, err := renderResult(res, c.folderFormat(), in)
	if err != nil {
		c.fail(in, err)
		return exitFailure
	}
	if err := writeOutput(out, in, text); err != nil {
		c.fail(out, err)
		return exitFailure
	}
	pv.done(res.Stats)
	c.notes(res.Stats)
	return exitOK
}

func (c *summarizeCmd) say(ko, en string) string { return say(c.lang, ko, en) }

// say picks the Korean or the English text for lang.
func say(lang, ko, en string) string {
	if usererr.IsKorean(lang) {
		return ko
	}
	return en
}

// textStream writes the answer as it arrives, a line at a time, as the
// repetition guard will leave it. It runs its own summary.Guard over the
// same pieces as the pipeline's (same settings, same text, same verdicts)
// and writes the guard's Trim of the text up to the last line end the guard
// has settled, so a line shown is never one a later repeat cuts. Blank
// lines wait for the text after them, and a long line that repeats an
// earlier one waits for the end (more copies would drop it), with all
// after it.
// finish writes what the final text has beyond what was written.
//
// The text before the guard's last quiet line end is trimmed once, into
// base; each settled line trims only what follows it, so a long answer
// costs the same per line as a short one.
type textStream struct {
	w       io.Writer
	guard   summary.Guard
	raw     strings.Builder // everything received
	runes   int             // runes of raw
	ends    []lineEnd       // raw's line ends not settled yet
	marks   []lineEnd       // settled line ends after the checkpoint
	check   lineEnd         // raw[:check.bytes] is trimmed for good, into base
	base    strings.Builder // Trim of raw[:check.bytes]
	started bool            // lead is known: the trimmed text has begun
	lead    int             // bytes of white space opening the trimmed text
	written strings.Builder // everything written: the trimmed text from lead on
	seen    map[string]bool // lines written
	held    bool            // a repeated line is waiting: write nothing more until finish
}

func (t *textStream) write(piece string) {
	t.raw.WriteString(piece)
	t.guard.Feed(piece)
	start := t.raw.Len() - len(piece)
	for i, r := range piece {
		if r == '\n' {
			t.ends = append(t.ends, lineEnd{start + i + 1, t.runes + 1})
		}
		t.runes++
	}
	if t.held {
		return
	}
	k, e := t.guard.Settled(), 0
	for e < len(t.ends) && t.ends[e].runes <= k {
		e++
	}
	if e == 0 {
		return
	}
	end := t.ends[e-1]
	t.marks = append(t.marks, t.ends[:e]...)
	t.ends = t.ends[e:]
	raw := t.raw.String()
	// Move the checkpoint to the last settled line end that is quiet.
	q, m := t.guard.Quiet(), 0
	for m < len(t.marks) && t.marks[m].runes <= q {
		m++
	}
	if m > 0 {
		seg := t.guard.Trim(raw[t.check.bytes:t.marks[m-1].bytes])
		if !t.agrees(t.base.Len(), seg) {
			t.held = true // not expected; finish sorts it out
			return
		}
		t.base.WriteString(seg)
		t.check = t.marks[m-1]
		t.marks = t.marks[m:]
	}
	// Trim up to the settled point itself (a point inside a repeat is not
	// settled, whatever line ends lie there), then show the whole lines.
	off := end.bytes
	for n := end.runes; n < k; n++ {
		_, size := utf8.DecodeRuneInString(raw[off:])
		off += size
	}
	t.show(t.base.String(), t.guard.Trim(raw[t.check.bytes:off]))
}

// agrees reports whether seg, placed at offset at of the trimmed text,
// matches what was written there.
func (t *textStream) agrees(at int, seg string) bool {
	if !t.started {
		return true
	}
	w := t.written.String()
	lo, hi := max(t.lead, at), min(t.lead+len(w), at+len(seg))
	return lo >= hi || w[lo-t.lead:hi-t.lead] == seg[lo-at:hi-at]
}

// show writes the whole lines of the trimmed text base+window not written
// yet. The final text is trimmed of white space at both ends: so is what
// shows, a line's end waiting for the text after it.
func (t *textStream) show(base, window string) {
	notSpace := func(r rune) bool { return !unicode.IsSpace(r) }
	if !t.started {
		i := strings.IndexFunc(base, notSpace)
		if i < 0 {
			if i = strings.IndexFunc(window, notSpace); i < 0 {
				return
			}
			i += len(base)
		}
		t.lead, t.started = i, true
	}
	if !t.agrees(len(base), window) {
		t.held = true
		return
	}
	from := t.lead + t.written.Len()
	tail := window[max(from-len(base), 0):]
	if from < len(base) {
		tail = base[from:] + tail
	}
	tail = strings.TrimRightFunc(tail[:strings.LastIndexByte(tail, '\n')+1], unicode.IsSpace)
	if tail == "" {
		return
	}
	if t.seen == nil {
		t.seen = map[string]bool{}
	}
	// After something was written, tail's first line only ends the last
	// line written; the lines after it are new.
	i := 0
	if t.written.Len() > 0 {
		i = strings.IndexByte(tail, '\n') + 1
	}
	for i < len(tail) {
		line := tail[i:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		// Only a line long enough for the guard's line rule can lose a
		// later copy to it.
		if key := strings.TrimSpace(line); utf8.RuneCountInString(key) >= t.guard.MinLineRunes {
			if t.seen[key] {
				tail = strings.TrimRightFunc(tail[:i], unicode.IsSpace)
				t.held = true
				break
			}
			t.seen[key] = true
		}
		i += len(line) + 1
	}
	io.WriteString(t.w, tail)
	t.written.WriteString(tail)
}

// lineEnd is where a line of the answer ends, just past its '\n'.
type lineEnd struct{ bytes, runes int }

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
	return &sumProgress{w: w, lang: lang, tty: isTerminal(w)}
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w any) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
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
