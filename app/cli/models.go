package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/gguf"
)

// modelsTTY reports whether a stream is an interactive terminal; a
// variable so tests can pretend.
var modelsTTY = isTerminal

const modelsUsage = `usage: yoyak models list
       yoyak models pull [NAME] [--accept-license] [--base-url URL]
       yoyak models pull --url URL --sha256 HEX [--name NAME]
       yoyak models add FILE [--name NAME] [--copy]
       yoyak models rm NAME
       yoyak models info FILE|NAME
Models are kept in $YOYAK_DATA_DIR/models (default: the per-user data folder, yoyak/models).
$YOYAK_MODEL_BASE_URL points catalog downloads at a mirror.`

// runModels lists, pulls, adds, removes and describes models.
func runModels(ctx context.Context, e env) int {
	if len(e.args) == 0 {
		fmt.Fprintln(e.stderr, usageText(usererr.LangFromEnv(nil), modelsUsageKo, modelsUsage))
		return exitUsage
	}
	sub, args := e.args[0], e.args[1:]
	switch sub {
	case "list", "ls":
		return modelsList(e, args)
	case "pull":
		return modelsPull(ctx, e, args)
	case "add":
		return modelsAdd(ctx, e, args)
	case "rm", "remove":
		return modelsRemove(ctx, e, args)
	case "info":
		return modelsInfo(e, args)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(e.stdout, usageText(usererr.LangFromEnv(nil), modelsUsageKo, modelsUsage))
		return exitOK
	}
	fmt.Fprintf(e.stderr, "yoyak models: %s\n%s\n", say(usererr.LangFromEnv(nil),
		fmt.Sprintf("모르는 하위 명령입니다: %q", sub), fmt.Sprintf("unknown subcommand %q", sub)), modelsUsage)
	return exitUsage
}

// parseModelArgs parses flags that may come before or after the positional
// arguments ("pull NAME --accept-license").
func parseModelArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseQuiet(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func modelFlags(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("models "+name, flag.ContinueOnError)
	quietFlags(fs, e.stderr, usageText(usererr.LangFromEnv(nil), modelsUsageKo, modelsUsage))
	return fs
}

// parseModelFlags parses a subcommand's arguments; on an error it says so
// (in the user's language) and returns false.
func parseModelFlags(e env, fs *flag.FlagSet, args []string) ([]string, bool) {
	pos, err := parseModelArgs(fs, args)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(e.stderr, "yoyak "+fs.Name()+": "+flagError(err, usererr.LangFromEnv(nil)))
		}
		return nil, false
	}
	return pos, true
}

func openModelStore(e env) (*models.Store, bool) {
	s, err := models.OpenStore("")
	if err != nil {
		modelsError(e.stderr, err)
		return nil, false
	}
	return s, true
}

func modelsList(e env, args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(e.stderr, modelsUsage)
		return exitUsage
	}
	s, ok := openModelStore(e)
	if !ok {
		return exitFailure
	}
	stored, err := s.List()
	if err != nil {
		modelsError(e.stderr, err)
		return exitFailure
	}
	lang := usererr.LangFromEnv(nil)
	var tw table
	tw.add(say(lang, "이름", "NAME"), say(lang, "크기", "SIZE"), say(lang, "상태", "STATUS"), say(lang, "정보", "DETAILS"))
	have := map[string]bool{}
	for _, m := range stored {
		have[m.Name] = true
		status := say(lang, "추가함", "added")
		switch m.Source {
		case models.SourceCatalog, models.SourceURL:
			status = say(lang, "받음", "downloaded")
		}
		path := m.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.Root(), path)
		}
		if _, err := os.Stat(path); err != nil {
			status = say(lang, "파일 없음", "missing")
		}
		details := strings.TrimSpace(m.Architecture + " " + m.Quantization)
		if m.Source == models.SourceAdded {
			details += "  " + path
		}
		tw.add(m.Name, modelSize(m.Size, false), status, details)
	}
	listPartials(&tw, s, have, lang)
	def := models.Default().Name
	for _, c := range models.Catalog() {
		if have[c.Name] {
			continue
		}
		details := c.Title
		if c.Name == def {
			details += say(lang, " (기본)", " (default)")
		}
		tw.add(c.Name, modelSize(c.Size, c.SizeApprox), say(lang, "받을 수 있음", "available"), details)
	}
	tw.write(e.stdout)
	if !have[def] {
		fmt.Fprintf(e.stdout, "\n%s yoyak models pull %s\n", say(lang, "기본 모델 받기:", "Get the default model with:"), def)
	}
	return exitOK
}

func modelsPull(ctx context.Context, e env, args []string) int {
	fs := modelFlags(e, "pull")
	accept := fs.Bool("accept-license", false, "accept the model's licence without asking")
	rawURL := fs.String("url", "", "download a GGUF file from this `URL` instead of the catalog")
	sum := fs.String("sha256", "", "expected sha256 (`hex`) of the file at --url")
	name := fs.String("name", "", "store the --url model under this `name`")
	base := fs.String("base-url", "", "mirror `URL` replacing the catalog's host (default $"+models.BaseURLEnv+")")
	pos, ok := parseModelFlags(e, fs, args)
	if !ok {
		return exitUsage
	}
	req := models.PullRequest{BaseURL: *base}
	switch {
	case *rawURL != "":
		if len(pos) > 0 || *sum == "" {
			fmt.Fprintln(e.stderr, "yoyak models pull: "+say(usererr.LangFromEnv(nil),
				"--url에는 --sha256 HEX가 필요하고 모델 이름은 --name으로 줍니다.",
				"--url needs --sha256 HEX and no model name (use --name)."))
			return exitUsage
		}
		req.URL, req.SHA256, req.Name = *rawURL, *sum, *name
	case *sum != "" || *name != "":
		fmt.Fprintln(e.stderr, "yoyak models pull: "+say(usererr.LangFromEnv(nil),
			"--sha256과 --name은 --url과 함께 씁니다.",
			"--sha256 and --name go with --url."))
		return exitUsage
	case len(pos) > 1:
		fmt.Fprintln(e.stderr, modelsUsage)
		return exitUsage
	case len(pos) == 1:
		req.Name = pos[0]
	default:
		req.Name = models.Default().Name
	}
	s, ok := openModelStore(e)
	if !ok {
		return exitFailure
	}
	if req.URL == "" {
		entry, ok := models.Lookup(req.Name)
		if !ok {
			modelsError(e.stderr, errNoSuchModel(req.Name))
			return exitFailure
		}
		if _, done := s.LicenseAccepted(entry.Name); !done {
			if code, ok := askLicense(ctx, e, entry, *accept); !ok {
				return code
			}
			if err := s.AcceptLicense(ctx, entry.Name); err != nil {
				modelsError(e.stderr, err)
				return exitFailure
			}
		}
	}
	bar := newDownloadBar(e.stderr, modelsTTY(e.stderr))
	m, err := s.Pull(ctx, req, bar.update)
	bar.finish(err == nil)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = errPullCancelled(err)
		}
		modelsError(e.stderr, err)
		return failExit(ctx, err)
	}
	path, _ := s.Path(m.Name)
	fmt.Fprintf(e.stdout, "%s: %s %s\n", m.Name, modelSize(m.Size, false),
		say(usererr.LangFromEnv(nil), "준비됨: "+path, "ready at "+path))
	return exitOK
}

// askLicense shows the licence and gets it accepted: by the flag, or by a
// "y" typed on a terminal. ok false means stop with code.
func askLicense(ctx context.Context, e env, entry models.Entry, accepted bool) (code int, ok bool) {
	lang := usererr.LangFromEnv(nil)
	if accepted {
		fmt.Fprintln(e.stderr, say(lang,
			fmt.Sprintf("%s 모델의 사용 조건(%s, %s)에 동의합니다.", entry.Name, entry.License, entry.LicenseURL),
			fmt.Sprintf("Accepting the %s for %s (%s).", entry.License, entry.Name, entry.LicenseURL)))
		return 0, true
	}
	if !modelsTTY(e.stdin) {
		fmt.Fprintln(e.stderr, "yoyak models pull: "+say(lang,
			fmt.Sprintf("%s 모델은 사용 조건(%s, %s)에 따라 쓸 수 있습니다. 읽어 본 뒤 --accept-license를 붙여 다시 실행해 동의하세요.", entry.Name, entry.License, entry.LicenseURL),
			fmt.Sprintf("%s is under the %s (%s). Read it, then run again with --accept-license to accept it.", entry.Name, entry.License, entry.LicenseURL)))
		return exitFailure, false
	}
	fmt.Fprint(e.stderr, say(lang,
		fmt.Sprintf("%s 모델(%s)은 사용 조건(%s)에 따라 쓸 수 있습니다:\n  %s\n사용 조건에 동의하고 내려받을까요? [y/N] ", entry.Name, modelSize(entry.Size, entry.SizeApprox), entry.License, entry.LicenseURL),
		fmt.Sprintf("%s (%s) is under the %s:\n  %s\nAccept the licence and download? [y/N] ", entry.Name, modelSize(entry.Size, entry.SizeApprox), entry.License, entry.LicenseURL)))
	// Ctrl+C at the question stops at once, not at the next Enter.
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(e.stdin).ReadString('\n')
		answer <- line
	}()
	var line string
	select {
	case line = <-answer:
	case <-ctx.Done():
		fmt.Fprintln(e.stderr)
		modelsError(e.stderr, ctx.Err())
		return exitInterrupted, false
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "예", "네", "ㅇ":
		return 0, true
	}
	fmt.Fprintln(e.stderr, say(lang, "동의하지 않아 아무것도 받지 않았습니다.", "Licence not accepted; nothing downloaded."))
	return exitFailure, false
}

func modelsAdd(ctx context.Context, e env, args []string) int {
	fs := modelFlags(e, "add")
	name := fs.String("name", "", "store under this `name` (default: the file name)")
	cp := fs.Bool("copy", false, "copy the file into the store (default: use it where it is)")
	pos, ok := parseModelFlags(e, fs, args)
	if !ok {
		return exitUsage
	}
	if len(pos) != 1 {
		fmt.Fprintln(e.stderr, modelsUsage)
		return exitUsage
	}
	s, ok := openModelStore(e)
	if !ok {
		return exitFailure
	}
	// A trial load in a child process first: a file llama.cpp would abort
	// on is refused here, not later in the window.
	if err := app.NewService(app.Config{ModelsDir: s.Root()}).ProbeModel(ctx, pos[0]); err != nil {
		modelsError(e.stderr, err)
		return failExit(ctx, err) // 130 for Ctrl+C, like summarize
	}
	m, info, err := s.Add(ctx, pos[0], models.AddOptions{Name: *name, Copy: *cp})
	if err != nil {
		modelsError(e.stderr, err)
		return failExit(ctx, err)
	}
	lang := usererr.LangFromEnv(nil)
	printModelInfo(e.stdout, info, lang)
	fmt.Fprintln(e.stdout, say(lang, fmt.Sprintf("%s(이)라는 이름으로 추가했습니다.", m.Name), "added as "+m.Name))
	return exitOK
}

func modelsRemove(ctx context.Context, e env, args []string) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(e.stderr, modelsUsage)
		return exitUsage
	}
	s, ok := openModelStore(e)
	if !ok {
		return exitFailure
	}
	m, err := s.Get(args[0])
	if errors.Is(err, models.ErrUnknownModel) {
		return removePartial(ctx, e, s, args[0])
	}
	if err == nil {
		err = s.Remove(ctx, args[0])
	}
	if err != nil {
		if errors.Is(err, models.ErrUnknownModel) {
			err = errNoSuchModel(args[0])
		}
		modelsError(e.stderr, err)
		return failExit(ctx, err)
	}
	lang := usererr.LangFromEnv(nil)
	if m.Owned() {
		fmt.Fprintln(e.stdout, say(lang, fmt.Sprintf("%s을(를) 삭제했습니다(파일도 지웠습니다).", m.Name),
			fmt.Sprintf("removed %s (its file is deleted)", m.Name)))
	} else {
		fmt.Fprintln(e.stdout, say(lang, fmt.Sprintf("%s을(를) 목록에서 뺐습니다. 파일은 그 자리에 그대로 있습니다: %s", m.Name, m.File),
			fmt.Sprintf("removed %s (your file stays where it is: %s)", m.Name, m.File)))
	}
	return exitOK
}

func modelsInfo(e env, args []string) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(e.stderr, modelsUsage)
		return exitUsage
	}
	target := args[0]
	path := target
	if _, err := os.Stat(target); err != nil {
		// Not a file: a stored model, or a catalog entry not downloaded yet.
		s, ok := openModelStore(e)
		if !ok {
			return exitFailure
		}
		p, perr := s.Path(target)
		switch {
		case perr == nil:
			path = p
		default:
			entry, found := models.Lookup(target)
			if !found {
				modelsError(e.stderr, errNoSuchModel(target))
				return exitFailure
			}
			printCatalogEntry(e.stdout, entry, usererr.LangFromEnv(nil))
			return exitOK
		}
	}
	info, err := gguf.Inspect(path)
	if err != nil {
		modelsError(e.stderr, err)
		return exitFailure
	}
	printModelInfo(e.stdout, info, usererr.LangFromEnv(nil))
	return exitOK
}

// printModelInfo describes a GGUF file, one "label: value" line each, in
// lang.
func printModelInfo(w io.Writer, info gguf.Info, lang string) {
	var tw table
	tw.add(say(lang, "파일:", "file:"), info.Path)
	if info.Name != "" {
		tw.add(say(lang, "이름:", "name:"), info.Name)
	}
	tw.add(say(lang, "구조:", "architecture:"), info.Architecture)
	tw.add(say(lang, "양자화:", "quantization:"), info.Quantization)
	if info.ContextLength > 0 {
		tw.add(say(lang, "컨텍스트 길이:", "context length:"), fmt.Sprint(info.ContextLength))
	}
	tw.add(say(lang, "크기:", "size:"), say(lang, fmt.Sprintf("%s (%d바이트)", modelSize(info.Size, false), info.Size),
		fmt.Sprintf("%s (%d bytes)", modelSize(info.Size, false), info.Size)))
	tw.add(say(lang, "매개변수:", "parameters:"), paramCount(info.Parameters))
	if info.VocabSize > 0 {
		tw.add(say(lang, "어휘:", "vocabulary:"), say(lang, fmt.Sprintf("토큰 %d개", info.VocabSize), fmt.Sprintf("%d tokens", info.VocabSize)))
	}
	tw.write(w)
}

// printCatalogEntry describes a catalog model not downloaded yet, in lang.
func printCatalogEntry(w io.Writer, entry models.Entry, lang string) {
	var tw table
	tw.add(say(lang, "이름:", "name:"), say(lang, fmt.Sprintf("%s (받지 않음: yoyak models pull %s)", entry.Name, entry.Name),
		fmt.Sprintf("%s (not downloaded: yoyak models pull %s)", entry.Name, entry.Name)))
	tw.add(say(lang, "제목:", "title:"), entry.Title)
	desc := entry.Description
	if usererr.IsKorean(lang) && entry.DescriptionKo != "" {
		desc = entry.DescriptionKo
	}
	tw.add(say(lang, "설명:", "description:"), desc)
	tw.add(say(lang, "크기:", "size:"), modelSize(entry.Size, entry.SizeApprox))
	tw.add(say(lang, "컨텍스트 길이:", "context length:"), fmt.Sprint(entry.ContextLength))
	tw.add(say(lang, "사용 조건:", "licence:"), fmt.Sprintf("%s (%s)", entry.License, entry.LicenseURL))
	tw.add(say(lang, "주소:", "url:"), entry.URL)
	tw.add("sha256:", entry.SHA256)
	tw.write(w)
}

// downloadBar draws download progress: a redrawn bar on a terminal, a line
// per tenth of the way otherwise (logs, CI).
type downloadBar struct {
	w        io.Writer
	tty      bool
	lastTen  int
	drawn    bool
	lastLine time.Time
	lang     string
}

func newDownloadBar(w io.Writer, tty bool) *downloadBar {
	return &downloadBar{w: w, tty: tty, lastTen: -1, lang: usererr.LangFromEnv(nil)}
}

func (b *downloadBar) update(p models.Progress) {
	frac := 0.0
	if p.Total > 0 {
		frac = float64(p.Done) / float64(p.Total)
	}
	stats := modelSize(p.Done, false)
	if p.Total > 0 {
		stats += " / " + modelSize(p.Total, false)
	}
	if p.BytesPerSec > 0 {
		stats += "  " + modelSize(int64(p.BytesPerSec), false) + "/s"
	}
	if p.ETA > 0 {
		stats += "  " + say(b.lang, "남은 시간 ", "") + p.ETA.Round(time.Second).String() + say(b.lang, "", " left")
	}
	if b.tty {
		const width = 30
		n := int(frac * width)
		fmt.Fprintf(b.w, "\r[%s%s] %3d%%  %s\x1b[K", strings.Repeat("=", n), strings.Repeat(" ", width-n), int(frac*100), stats)
		b.drawn = true
		return
	}
	ten := int(frac * 10)
	if p.Total <= 0 {
		// Unknown length: a line a minute at most.
		if time.Since(b.lastLine) < time.Minute {
			return
		}
		b.lastLine = time.Now()
	} else if ten == b.lastTen {
		return
	}
	b.lastTen = ten
	fmt.Fprintf(b.w, "%s: %d%%  %s\n", say(b.lang, "내려받는 중", "downloading"), int(frac*100), stats)
}

func (b *downloadBar) finish(ok bool) {
	if b.tty && b.drawn {
		fmt.Fprintln(b.w)
	}
}

// modelSize prints bytes as download sizes are quoted, "~" when approximate.
func modelSize(n int64, approx bool) string {
	if approx {
		return "~" + models.FormatSize(n)
	}
	return models.FormatSize(n)
}

func paramCount(n uint64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.2f B", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f M", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f K", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

// modelsError prints err as one line in the user's language: the words
// app.Message gives it, the same as the window's.
func modelsError(w io.Writer, err error) {
	fmt.Fprintln(w, "yoyak models: "+sumOneLine(app.Message(err, usererr.LangFromEnv(nil))))
}

// errPullCancelled is a cancelled download: its .part stays for the next pull.
func errPullCancelled(err error) error {
	return usererr.New("취소했습니다. 같은 명령을 다시 실행하면 받던 곳부터 이어서 받습니다.",
		"Cancelled. Run the same command again to resume where it stopped.", err)
}

// errNoSuchModel names a model neither stored nor in the catalog, and says
// where to look.
func errNoSuchModel(name string) error {
	return usererr.New(
		fmt.Sprintf("%q라는 모델이 없습니다. `yoyak models list`로 확인하세요.", name),
		fmt.Sprintf("There is no model named %q; see `yoyak models list`.", name),
		fmt.Errorf("%s: %w", name, models.ErrUnknownModel))
}
