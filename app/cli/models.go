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
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/gguf"
)

// modelsTTY reports whether a stream is an interactive terminal; a
// variable so tests can pretend.
var modelsTTY = func(s any) bool {
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

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
		fmt.Fprintln(e.stderr, modelsUsage)
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
		fmt.Fprintln(e.stdout, modelsUsage)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "yoyak models: unknown subcommand %q\n%s\n", sub, modelsUsage)
	return exitUsage
}

// parseArgs parses flags that may come before or after the positional
// arguments ("pull NAME --accept-license").
func parseModelArgs(fs *flag.FlagSet, args []string) ([]string, error) {
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

func modelFlags(e env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("models "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, modelsUsage)
		fs.PrintDefaults()
	}
	return fs
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
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSIZE\tSTATUS\tDETAILS")
	have := map[string]bool{}
	for _, m := range stored {
		have[m.Name] = true
		status := m.Source
		switch m.Source {
		case models.SourceCatalog, models.SourceURL:
			status = "downloaded"
		}
		path := m.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(s.Root(), path)
		}
		if _, err := os.Stat(path); err != nil {
			status = "missing"
		}
		details := strings.TrimSpace(m.Architecture + " " + m.Quantization)
		if m.Source == models.SourceAdded {
			details += "  " + path
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.Name, modelSize(m.Size, false), status, details)
	}
	def := models.Default().Name
	for _, c := range models.Catalog() {
		if have[c.Name] {
			continue
		}
		details := c.Title
		if c.Name == def {
			details += " (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, modelSize(c.Size, c.SizeApprox), "available", details)
	}
	tw.Flush()
	if !have[def] {
		fmt.Fprintf(e.stdout, "\nGet the default model with: yoyak models pull %s\n", def)
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
	pos, err := parseModelArgs(fs, args)
	if err != nil {
		return exitUsage
	}
	req := models.PullRequest{BaseURL: *base}
	switch {
	case *rawURL != "":
		if len(pos) > 0 || *sum == "" {
			fmt.Fprintln(e.stderr, "yoyak models pull: --url needs --sha256 HEX and no model name (use --name)")
			return exitUsage
		}
		req.URL, req.SHA256, req.Name = *rawURL, *sum, *name
	case *sum != "" || *name != "":
		fmt.Fprintln(e.stderr, "yoyak models pull: --sha256 and --name go with --url")
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
			modelsError(e.stderr, fmt.Errorf("pull %q: %w", req.Name, models.ErrUnknownModel))
			return exitFailure
		}
		if _, done := s.LicenseAccepted(entry.Name); !done {
			if code, ok := askLicense(e, entry, *accept); !ok {
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
		modelsError(e.stderr, err)
		return exitFailure
	}
	path, _ := s.Path(m.Name)
	fmt.Fprintf(e.stdout, "%s: %s ready at %s\n", m.Name, modelSize(m.Size, false), path)
	return exitOK
}

// askLicense shows the licence and gets it accepted: by the flag, or by a
// "y" typed on a terminal. ok false means stop with code.
func askLicense(e env, entry models.Entry, accepted bool) (code int, ok bool) {
	if accepted {
		fmt.Fprintf(e.stderr, "Accepting the %s for %s (%s).\n", entry.License, entry.Name, entry.LicenseURL)
		return 0, true
	}
	if !modelsTTY(e.stdin) {
		fmt.Fprintf(e.stderr, "yoyak models pull: %s is under the %s (%s).\n"+
			"  Read it, then run again with --accept-license to accept it.\n", entry.Name, entry.License, entry.LicenseURL)
		return exitFailure, false
	}
	fmt.Fprintf(e.stderr, "%s (%s) is under the %s:\n  %s\nAccept the licence and download? [y/N] ",
		entry.Name, modelSize(entry.Size, entry.SizeApprox), entry.License, entry.LicenseURL)
	line, _ := bufio.NewReader(e.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "예", "네":
		return 0, true
	}
	fmt.Fprintln(e.stderr, "Licence not accepted; nothing downloaded.")
	return exitFailure, false
}

func modelsAdd(ctx context.Context, e env, args []string) int {
	fs := modelFlags(e, "add")
	name := fs.String("name", "", "store under this `name` (default: the file name)")
	cp := fs.Bool("copy", false, "copy the file into the store (default: use it where it is)")
	pos, err := parseModelArgs(fs, args)
	if err != nil {
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
	m, info, err := s.Add(ctx, pos[0], models.AddOptions{Name: *name, Copy: *cp})
	if err != nil {
		modelsError(e.stderr, err)
		return exitFailure
	}
	printModelInfo(e.stdout, info)
	fmt.Fprintf(e.stdout, "added as %s\n", m.Name)
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
	if err := s.Remove(ctx, args[0]); err != nil {
		modelsError(e.stderr, err)
		return exitFailure
	}
	fmt.Fprintf(e.stdout, "removed %s\n", args[0])
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
				modelsError(e.stderr, fmt.Errorf("%s: %w", target, models.ErrUnknownModel))
				return exitFailure
			}
			printCatalogEntry(e.stdout, entry)
			return exitOK
		}
	}
	info, err := gguf.Inspect(path)
	if err != nil {
		modelsError(e.stderr, err)
		return exitFailure
	}
	printModelInfo(e.stdout, info)
	return exitOK
}

func printModelInfo(w io.Writer, info gguf.Info) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "file:\t%s\n", info.Path)
	if info.Name != "" {
		fmt.Fprintf(tw, "name:\t%s\n", info.Name)
	}
	fmt.Fprintf(tw, "architecture:\t%s\n", info.Architecture)
	fmt.Fprintf(tw, "quantization:\t%s\n", info.Quantization)
	if info.ContextLength > 0 {
		fmt.Fprintf(tw, "context length:\t%d\n", info.ContextLength)
	}
	fmt.Fprintf(tw, "size:\t%s (%d bytes)\n", modelSize(info.Size, false), info.Size)
	fmt.Fprintf(tw, "parameters:\t%s\n", paramCount(info.Parameters))
	if info.VocabSize > 0 {
		fmt.Fprintf(tw, "vocabulary:\t%d tokens\n", info.VocabSize)
	}
	tw.Flush()
}

func printCatalogEntry(w io.Writer, entry models.Entry) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "name:\t%s (not downloaded: yoyak models pull %s)\n", entry.Name, entry.Name)
	fmt.Fprintf(tw, "title:\t%s\n", entry.Title)
	fmt.Fprintf(tw, "description:\t%s\n", entry.Description)
	fmt.Fprintf(tw, "size:\t%s\n", modelSize(entry.Size, entry.SizeApprox))
	fmt.Fprintf(tw, "context length:\t%d\n", entry.ContextLength)
	fmt.Fprintf(tw, "licence:\t%s (%s)\n", entry.License, entry.LicenseURL)
	fmt.Fprintf(tw, "url:\t%s\n", entry.URL)
	fmt.Fprintf(tw, "sha256:\t%s\n", entry.SHA256)
	tw.Flush()
}

// downloadBar draws download progress: a redrawn bar on a terminal, a line
// per tenth of the way otherwise (logs, CI).
type downloadBar struct {
	w        io.Writer
	tty      bool
	lastTen  int
	drawn    bool
	lastLine time.Time
}

func newDownloadBar(w io.Writer, tty bool) *downloadBar {
	return &downloadBar{w: w, tty: tty, lastTen: -1}
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
		stats += "  " + p.ETA.Round(time.Second).String() + " left"
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
	fmt.Fprintf(b.w, "downloading: %d%%  %s\n", int(frac*100), stats)
}

func (b *downloadBar) finish(ok bool) {
	if b.tty && b.drawn {
		fmt.Fprintln(b.w)
	}
}

// modelSize prints bytes in decimal units, as download sizes are quoted.
func modelSize(n int64, approx bool) string {
	s := ""
	switch {
	case n >= 1e9:
		s = fmt.Sprintf("%.2f GB", float64(n)/1e9)
	case n >= 1e6:
		s = fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		s = fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		s = fmt.Sprintf("%d B", n)
	}
	if approx {
		s = "~" + s
	}
	return s
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

// modelSentences are the user messages for the models errors, checked in order.
var modelSentences = []struct {
	err    error
	ko, en string
}{
	{context.Canceled, "취소했습니다. 같은 명령을 다시 실행하면 이어서 받습니다.", "Cancelled. Run the same command again to resume."},
	{models.ErrLicenseNotAccepted, "모델 라이선스에 동의하지 않았습니다. --accept-license로 동의하세요.", "The model's licence has not been accepted; accept it with --accept-license."},
	{models.ErrUnknownModel, "그런 모델이 없습니다. `yoyak models list`로 확인하세요.", "No such model; see `yoyak models list`."},
	{models.ErrExists, "같은 이름의 모델이 이미 있습니다. 다른 --name을 쓰거나 먼저 지우세요.", "A model of that name already exists; choose another --name or remove it first."},
	{models.ErrNotFound, "서버에 모델 파일이 없습니다 (404). 주소를 확인하세요.", "The model file is not on the server (404); check the address."},
	{models.ErrForbidden, "서버가 모델 파일 접근을 거부했습니다 (403).", "The server refused access to the model file (403)."},
	{models.ErrChecksum, "받은 파일의 체크섬이 맞지 않아 지웠습니다. 다시 받으세요.", "The downloaded file failed its checksum and was deleted; pull it again."},
	{models.ErrStalled, "내려받기가 멈췄습니다. 네트워크를 확인하고 다시 실행하면 이어서 받습니다.", "The download stalled; check the network and run again to resume."},
	{models.ErrDiskFull, "디스크 공간이 부족합니다. 공간을 비우고 다시 실행하면 이어서 받습니다.", "Not enough disk space; free some and run again to resume."},
	{models.ErrNetwork, "네트워크 연결이 끊겼습니다. 다시 실행하면 이어서 받습니다.", "The network connection was lost; run again to resume."},
	{models.ErrHTTP, "서버가 예상하지 못한 응답을 보냈습니다.", "The server sent an unexpected response."},
	{gguf.ErrNotGGUF, "GGUF 모델 파일이 아닙니다.", "Not a GGUF model file."},
	{gguf.ErrVersion, "지원하지 않는 GGUF 버전입니다.", "Unsupported GGUF version."},
	{gguf.ErrTruncated, "모델 파일이 잘려 있습니다 (내려받기나 복사가 끊겼나요?).", "The model file is cut short (an interrupted download or copy?)."},
	{gguf.ErrCorrupt, "모델 파일이 손상되었습니다.", "The model file is damaged."},
	{gguf.ErrUnsupportedArch, "이 모델의 구조는 지원하지 않습니다.", "This model's architecture is not supported."},
	{os.ErrNotExist, "파일을 찾을 수 없습니다.", "File not found."},
	{os.ErrPermission, "파일에 접근할 권한이 없습니다.", "Permission denied."},
}

// modelsError prints one clear line (in the user's language) and the cause.
func modelsError(w io.Writer, err error) {
	lang := usererr.LangFromEnv(nil)
	msg := ""
	if m, ok := usererr.Find(err); ok {
		msg = m.Message(lang)
	} else {
		for _, s := range modelSentences {
			if errors.Is(err, s.err) {
				msg = s.en
				if usererr.IsKorean(lang) {
					msg = s.ko
				}
				break
			}
		}
	}
	if msg == "" {
		fmt.Fprintf(w, "yoyak models: %v\n", err)
		return
	}
	fmt.Fprintf(w, "yoyak models: %s\n  (%v)\n", msg, err)
}
