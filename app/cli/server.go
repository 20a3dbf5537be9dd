package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/usererr"
)

const serverUsage = `usage: yoyak server check [flags] [URL]

Connect to an inference server (llama-server, vLLM, Ollama) and print what it
is: kind, model, context per request, slots, and whether it counts tokens.
URL defaults to $YOYAK_SERVER_URL, the key to $YOYAK_API_KEY.

flags:
`

const serverUsageKo = `사용법: yoyak server check [옵션] [URL]

추론 서버(llama-server, vLLM, Ollama)에 연결해 무엇인지 보여 줍니다: 종류, 모델,
요청당 컨텍스트, 슬롯, 토큰을 셀 수 있는지. URL의 기본값은 $YOYAK_SERVER_URL,
키의 기본값은 $YOYAK_API_KEY입니다.

옵션:
`

// runServer is `yoyak server check URL`: the command line's "test
// connection".
func runServer(ctx context.Context, e env) int {
	lang := usererr.LangFromEnv(nil)
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	quietFlags(fs, e.stderr, usageText(lang, serverUsageKo, serverUsage))
	var srv serverFlags
	fs.StringVar(&srv.key, "api-key", "", "the server's API `KEY` (default $YOYAK_API_KEY)")
	fs.StringVar(&srv.model, "server-model", "", "the server's model `NAME` (default: its only or first one)")
	localizeFlags(fs, lang, summarizeFlagsKo)
	if len(e.args) == 0 || e.args[0] != "check" {
		fs.Usage()
		return exitUsage
	}
	if err := fs.Parse(e.args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		fmt.Fprintln(e.stderr, "yoyak server: "+flagError(err, lang))
		return exitUsage
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return exitUsage
	}
	srv.url = fs.Arg(0)
	srv.fromEnv()
	if srv.url == "" {
		fmt.Fprintln(e.stderr, "yoyak server: "+say(lang,
			"서버 주소(URL)를 주거나 $YOYAK_SERVER_URL을 설정하세요.",
			"Give the server's URL, or set $YOYAK_SERVER_URL."))
		return exitUsage
	}
	svc := app.NewService(app.Config{})
	defer svc.Close()
	set := app.ServerSettings{On: true, URL: srv.url, APIKey: srv.key, Model: srv.model}
	info, err := svc.CheckServer(ctx, set)
	if err != nil {
		fmt.Fprintln(e.stderr, "yoyak: "+sumOneLine(app.Messagef(srv.url, err, lang)))
		return failExit(ctx, err)
	}
	fmt.Fprint(e.stdout, describeServer(info, lang))
	if info.Insecure {
		fmt.Fprintln(e.stderr, "yoyak: "+say(lang,
			"경고: 암호화되지 않은 http로 다른 컴퓨터에 연결합니다. 글이 네트워크에서 그대로 보입니다. https를 쓰세요.",
			"warning: plain http to another machine: the text would cross the network unencrypted. Use https."))
	}
	return exitOK
}

// describeServer is the check's report, one "name: value" line each.
func describeServer(i app.ServerInfo, lang string) string {
	ko := usererr.IsKorean(lang)
	var b strings.Builder
	row := func(k, en, v string) {
		fmt.Fprintf(&b, "%-9s %s\n", say(lang, k, en)+":", v)
	}
	row("서버", "server", i.URL)
	row("종류", "kind", i.Kind)
	row("모델", "model", i.Model)
	if len(i.Models) > 1 {
		row("모델 목록", "models", strings.Join(i.Models, ", "))
	}
	ctx := fmt.Sprintf("%d tokens per request", i.Context)
	if ko {
		ctx = fmt.Sprintf("요청당 %d 토큰", i.Context)
	}
	if !i.ContextKnown {
		ctx += say(lang, " (서버가 알려주지 않아 가정한 값)", " (assumed: the server does not say)")
	}
	row("컨텍스트", "context", ctx)
	slots := say(lang, "알 수 없음 (서버가 알아서 나눔)", "not reported (the server batches)")
	if i.Slots > 0 {
		slots = fmt.Sprint(i.Slots)
	}
	row("슬롯", "slots", slots)
	tok := say(lang, "서버의 토크나이저로 셈", "counted by the server's tokenizer")
	if !i.CountsTokens {
		tok = say(lang, "글자 수로 어림함 (여유 50%)", "estimated from characters (50% margin)")
	}
	row("토큰", "tokens", tok)
	return b.String()
}
