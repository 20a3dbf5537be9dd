package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/app/usererr"
)

// checkUsage is the command's help, in English like every flag text.
const checkUsage = `usage: yoyak check [flags] TRANSCRIPT SUMMARY

Check a summary against a transcript: print each point (title, headings,
bullets) with the transcript lines that support it, best first, and the
names, numbers, amounts, dates and times it states that the transcript does
not say. The summary may be Yoyak's answer ("제목:", "1.", "- "), Markdown,
Yoyak's JSON, or plain lines (one point each), written by anyone. Either
file may be - (stdin), not both.

  --format text   one block per point (default)
  --format json   the summary as summarize --format json prints it, with
                  title_sources, heading_sources and bullet_sources

Exit status: 0 checked (whatever was found), 1 a file could not be read,
2 usage error.

flags:
`

// maxSummaryBytes caps a summary file; summaries are short.
const maxSummaryBytes = 10 << 20

func runCheck(ctx context.Context, e env) int {
	lang := usererr.LangFromEnv(nil)
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	quietFlags(fs, e.stderr, checkUsage)
	format := fs.String("format", "text", "output `format`: text or json")
	args, err := parseInterspersed(fs, e.args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(e.stderr, "yoyak check: "+flagError(err, lang))
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintln(e.stderr, "yoyak check: "+say(lang,
			fmt.Sprintf("--format은 text 또는 json이어야 합니다 (%q).", *format),
			fmt.Sprintf("--format must be text or json (%q).", *format)))
		return exitUsage
	}
	if len(args) != 2 || (args[0] == "-" && args[1] == "-") {
		fmt.Fprintln(e.stderr, "yoyak check: "+say(lang,
			"전사문(TRANSCRIPT)과 요약(SUMMARY) 파일을 하나씩 주세요. 표준 입력(-)은 둘 중 하나만 됩니다.",
			"Give one TRANSCRIPT and one SUMMARY file; only one of them may be - (stdin)."))
		fs.Usage()
		return exitUsage
	}
	c := &summarizeCmd{env: e, lang: lang}
	doc, err := c.read(ctx, args[0])
	if err != nil {
		c.fail(args[0], err)
		return failExit(ctx, err)
	}
	sum, err := readSummary(args[1], e.stdin)
	if err != nil {
		c.fail(args[1], err)
		return exitFailure
	}
	sum = summary.NewLinker(grounding.New(doc)).Ground(sum, false)
	if *format == "json" {
		io.WriteString(e.stdout, summary.Render(sum, summary.JSON))
		return exitOK
	}
	io.WriteString(e.stdout, checkReport(doc, sum, usererr.IsKorean(lang)))
	return exitOK
}

// parseInterspersed parses flags given before, between or after the
// positional arguments ("check a.srt b.md --format json").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readSummary reads and parses the summary at path ("-": r).
func readSummary(path string, r io.Reader) (summary.Summary, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(r, maxSummaryBytes+1))
	} else {
		// Looked at first, as transcripts are: opening a FIFO would wait
		// for a writer, past Ctrl+C.
		if st, serr := os.Stat(path); serr == nil && !st.IsDir() && !st.Mode().IsRegular() {
			return summary.Summary{}, fmt.Errorf("read summary %s: %v: %w", path, st.Mode().Type(), transcript.ErrNotRegular)
		}
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = io.ReadAll(io.LimitReader(f, maxSummaryBytes+1))
			f.Close()
		}
	}
	if err != nil {
		return summary.Summary{}, fmt.Errorf("read summary: %w", err)
	}
	if len(data) > maxSummaryBytes {
		return summary.Summary{}, fmt.Errorf("read summary %s: %w", path, transcript.ErrTooLarge)
	}
	return parseAnySummary(string(data)), nil
}

// parseAnySummary reads Yoyak's JSON, its answer form or Markdown; free
// text becomes one point per non-empty line.
func parseAnySummary(text string) summary.Summary {
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "{") {
		if s, ok := summary.ParseJSON(t); ok {
			return s
		}
	}
	s := summary.Parse(text)
	if s.Structured() {
		return s
	}
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return summary.Summary{}
	}
	return summary.Summary{Sections: []summary.Section{{Bullets: lines}}}
}
