package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/transcript"
)

func init() {
	summarizeFlagsKo["server"] = "이 컴퓨터 대신 `URL`의 추론 서버(llama-server, vLLM, Ollama)에서 요약합니다 (기본: $YOYAK_SERVER_URL)"
	summarizeFlagsKo["api-key"] = "서버의 API `키` (기본: $YOYAK_API_KEY; 환경 변수로 주면 프로세스 목록에 보이지 않습니다)"
	summarizeFlagsKo["server-model"] = "서버의 모델 `이름` (기본: 서버의 유일한 또는 첫 모델)"
	summarizeFlagsKo["jobs"] = "--server로 폴더를 요약할 때 동시에 보낼 회의록 수 (0: 서버의 슬롯 수)"
	commandSummaryKo["server"] = "요약할 추론 서버를 확인합니다 (server check URL)"
}

// serverFlags choose a shared inference server instead of this computer.
type serverFlags struct {
	url, key, model string
	jobs            int
}

// add registers the flags. The key's default is not shown in --help: it is
// read from $YOYAK_API_KEY after parsing (see fromEnv), never printed.
func (s *serverFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&s.url, "server", "", "summarize on the inference server at `URL` (llama-server, vLLM, Ollama; default $YOYAK_SERVER_URL)")
	fs.StringVar(&s.key, "api-key", "", "the server's API `KEY` (default $YOYAK_API_KEY; the environment keeps it out of the process list)")
	fs.StringVar(&s.model, "server-model", "", "the server's model `NAME` (default: its only or first one)")
	fs.IntVar(&s.jobs, "jobs", 0, "transcripts of a folder in flight at once with --server (0: the server's slots)")
}

// fromEnv fills what the flags left empty from the environment.
func (s *serverFlags) fromEnv() {
	if s.url == "" {
		s.url = strings.TrimSpace(os.Getenv("YOYAK_SERVER_URL"))
	}
	if s.key == "" {
		s.key = strings.TrimSpace(os.Getenv("YOYAK_API_KEY"))
	}
}

// apply sets the engine of set.
func (s serverFlags) apply(set *app.Settings) {
	set.Server = app.ServerSettings{On: s.url != "", URL: s.url, APIKey: s.key, Model: s.model}
}

// serverNotice says on stderr where the text goes when a server is chosen,
// and warns when it goes unencrypted to another machine.
func (c *summarizeCmd) serverNotice() {
	srv := c.opts.Settings.Server
	if !srv.On {
		return
	}
	fmt.Fprintln(c.env.stderr, c.say("서버에서 요약: ", "summarizing on server: ")+srv.Host())
	if srv.Insecure() {
		fmt.Fprintln(c.env.stderr, "yoyak: "+c.say(
			"경고: 암호화되지 않은 http로 다른 컴퓨터에 글을 보냅니다. 같은 네트워크의 누구나 읽을 수 있습니다. https를 쓰세요.",
			"warning: the text goes to another machine over plain http, readable by anyone on the network. Use https."))
	}
}

// folderJobs is folder mode with several transcripts in flight on a
// server: up to jobs at once (the server's slots when 0). Each file's
// progress is one line when it starts and one when it ends.
func (c *summarizeCmd) folderJobs(ctx context.Context, dir string, inputs []string, stems map[string]int) int {
	jobs := c.serverJobs(ctx)
	var (
		mu                    sync.Mutex
		done, skipped, failed int
		wg                    sync.WaitGroup
		sem                   = make(chan struct{}, jobs)
		interrupted           bool
	)
	for _, name := range inputs {
		mu.Lock() // workers print too
		out, skip, fail := c.folderTarget(dir, name, stems)
		skipped, failed = skipped+b2i(skip), failed+b2i(fail)
		mu.Unlock()
		if skip || fail {
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break // counted as interrupted below
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			code := c.fileQuiet(ctx, &mu, filepath.Join(dir, name), out)
			mu.Lock()
			defer mu.Unlock()
			switch code {
			case exitOK:
				done++
			case exitInterrupted:
				interrupted = true
			default:
				failed++
			}
		}()
	}
	wg.Wait()
	c.count(done, skipped, failed)
	switch {
	case interrupted || ctx.Err() != nil:
		return exitInterrupted
	case failed > 0:
		return exitFailure
	}
	return exitOK
}

// fileQuiet summarizes one transcript of a folder into out, printing only
// its start and end lines (under mu: several run at once).
func (c *summarizeCmd) fileQuiet(ctx context.Context, mu *sync.Mutex, in, out string) int {
	say := func(line string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(c.env.stderr, line)
	}
	say(c.say("요약: ", "summarizing: ") + in)
	doc, err := transcript.ReadFile(in)
	if err != nil {
		say("yoyak: " + sumOneLine(app.Messagef(in, err, c.lang)))
		return failExit(ctx, err)
	}
	for _, w := range doc.Warnings {
		say("yoyak: " + w.Message(c.lang))
	}
	res, err := c.svc.Summarize(ctx, doc, c.opts, nil)
	if err != nil {
		say("yoyak: " + sumOneLine(app.Messagef(in, err, c.lang)))
		return failExit(ctx, err)
	}
	text, err := renderResult(res, c.folderFormat(), in)
	if err != nil {
		say("yoyak: " + sumOneLine(app.Messagef(in, err, c.lang)))
		return exitFailure
	}
	if err := writeOutput(out, in, text); err != nil {
		say("yoyak: " + sumOneLine(app.Messagef(out, err, c.lang)))
		return exitFailure
	}
	s := res.Stats
	say(c.say(fmt.Sprintf("완료: %s (%d 토큰, %d 부분)", out, s.Tokens, s.Parts),
		fmt.Sprintf("done: %s (%d tokens, %d part(s))", out, s.Tokens, s.Parts)))
	for _, n := range s.Notes(c.lang) {
		say("yoyak: " + filepath.Base(in) + ": " + n)
	}
	return exitOK
}

// serverJobs is --jobs, or the server's slots when 0 (1 when it cannot
// say).
func (c *summarizeCmd) serverJobs(ctx context.Context) int {
	if c.flags.srv.jobs > 0 {
		return c.flags.srv.jobs
	}
	info, err := c.svc.CheckServer(ctx, c.opts.Settings.Server)
	if err != nil || info.Slots < 1 {
		return 1
	}
	return info.Slots
}
