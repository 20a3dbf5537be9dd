package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/yoyak/yoyak/app/usererr"
)

// parseQuiet parses args without the flag package's habit of printing the
// whole help after every mistake (47 lines for a mistyped file name):
// the caller says the one-line error; only -h prints the help.
func parseQuiet(fs *flag.FlagSet, args []string) error {
	show := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = show
	if errors.Is(err, flag.ErrHelp) {
		show()
	}
	return err
}

// dashFileHint is the advice for an unknown flag that looks like a file
// name ("-rf.txt"): flags end at "--", and "./" makes it a path.
func dashFileHint(err error, lang string) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok || !strings.Contains(name, ".") {
		if _, serr := os.Stat(name); !ok || serr != nil {
			return ""
		}
	}
	return " " + say(lang,
		fmt.Sprintf("-로 시작하는 파일 이름은 -- 뒤에 쓰거나(-- %s) ./%s처럼 쓰세요.", name, name),
		fmt.Sprintf("For a file name that starts with -, put it after -- (-- %s) or write ./%s.", name, name))
}

// localizeFlags puts the flags' descriptions in the user's language: the
// help of a Korean locale is Korean (the flag names stay as typed).
func localizeFlags(fs *flag.FlagSet, lang string, ko map[string]string) {
	if !usererr.IsKorean(lang) {
		return
	}
	fs.VisitAll(func(f *flag.Flag) {
		if s, ok := ko[f.Name]; ok {
			f.Usage = s
		}
	})
}

// usageText picks a command's help text for lang.
func usageText(lang, ko, en string) string { return say(lang, ko, en) }

// commandSummaryKo are the command table's summaries in Korean.
var commandSummaryKo = map[string]string{
	"version":   "앱 버전, llama.cpp 빌드, 찾은 장치를 보여 줍니다",
	"generate":  "모델의 출력을 그대로 스트리밍합니다 (진단용)",
	"summarize": "회의록 파일, 표준 입력(-) 또는 폴더를 요약합니다",
	"models":    "모델 목록 보기, 받기, 추가, 삭제",
	"help":      "이 도움말을 보여 줍니다",
}

func writeUsage(w io.Writer, lang string, names []string) {
	fmt.Fprintln(w, say(lang, "사용법: yoyak [파일]            창을 엽니다 (회의록 파일을 주면 그 파일로)",
		"usage: yoyak [FILE]            open the window (optionally on a transcript)"))
	fmt.Fprintln(w, say(lang, "        yoyak 명령 [인자]       명령을 실행합니다:", "       yoyak COMMAND [ARGS]    run a command:"))
	for _, n := range names {
		s := commands[n].summary
		if ko, ok := commandSummaryKo[n]; ok && usererr.IsKorean(lang) {
			s = ko
		}
		fmt.Fprintf(w, "  %-10s %s\n", n, s)
	}
}

// summarizeUsageKo is summarizeUsage in Korean.
const summarizeUsageKo = `사용법: yoyak summarize [옵션] 파일|-|폴더

회의록(파일, 또는 표준 입력은 -)을 이 컴퓨터의 모델로 요약합니다. 요약은
표준 출력으로, 진행 상황은 표준 오류로 나갑니다(터미널에서는 한 줄이 바뀌며,
그 밖에는 줄마다).

  --format text   모델의 글을 한 줄씩 바로 보여 줍니다(반복 방지가 아직 자를 수
                  있는 줄은 끝까지 기다립니다);
  --format md|json 끝난 요약을 마지막에 한 번에 씁니다.
  --format docx|hwpx 워드 또는 한글 문서로 씁니다. --out(또는 폴더)을 주세요.

긴 회의록은 컨텍스트에 맞게 나누어 부분마다 요약한 뒤, 부분 요약들을 다시
하나로 요약합니다.

--print-prompt는 모델이 받을 프롬프트(BOS 다음의 글)를 바이트 그대로 쓰고
생성하지 않고 끝냅니다. 회의록을 나눌 때는 부분마다
  ----- part I/N: B bytes -----
줄 다음에 정확히 B바이트의 프롬프트와 줄바꿈이 옵니다.

폴더를 주면 그 안의 회의록마다(하위 폴더 제외) 옆에 이름.summary.md를
(--format docx나 hwpx이면 이름.summary.docx나 .hwpx를) 온전히 쓰거나 아예
쓰지 않습니다. 이미 있는 요약은 --force가 없으면 건너뜁니다.
마지막에 개수를 한 줄로 보여 줍니다.

--server URL이면 이 컴퓨터 대신 공유 추론 서버(llama-server, vLLM, Ollama)에서
요약합니다. 프롬프트 글이 그 주소로 갑니다. 긴 회의록의 부분들은 서버의 빈
슬롯 수만큼 한꺼번에 보내고, 폴더는 --jobs N개씩 동시에 요약합니다(기본: 서버의
슬롯 수).

--out 파일은 원본, 장치, FIFO일 수 없고, 이미 있으면 --force가 있어야 덮어씁니다.
-로 시작하는 파일 이름은 -- 뒤에 쓰거나 ./-이름.txt처럼 쓰세요.

종료 코드: 0 성공, 1 실패, 2 사용법 오류, 130 중단(Ctrl+C는 바로 멈추고 반쯤
쓴 파일을 남기지 않습니다).

옵션:
`

// summarizeFlagsKo are the summarize flags' descriptions in Korean.
var summarizeFlagsKo = map[string]string{
	"format":       "출력 `형식`: text, md, json, docx, hwpx",
	"model":        "모델: .gguf `경로` 또는 카탈로그 이름 (기본: 카탈로그의 기본 모델)",
	"threads":      "생성 스레드 수 (0: CPU 수보다 하나 적게)",
	"ctx":          "컨텍스트 크기(`토큰`) (0: 모델의 값, 학습된 컨텍스트가 상한)",
	"max-tokens":   "답 하나의 최대 `토큰` 수",
	"cpu":          "GPU를 쓰지 않습니다",
	"print-prompt": "프롬프트를 쓰고 생성하지 않고 끝냅니다",
	"force":        "이미 있는 --out 파일이나 폴더의 요약을 덮어씁니다",
	"out":          "요약을 표준 출력 대신 `파일`에 (온전히) 씁니다",
	"sources":      "--format md에서 요점마다 근거가 된 회의록 줄과 근거 없는 낱말을 덧붙입니다",
}

// modelsUsageKo is modelsUsage in Korean.
const modelsUsageKo = `사용법: yoyak models list
        yoyak models pull [이름] [--accept-license] [--base-url URL]
        yoyak models pull --url URL --sha256 HEX [--name 이름]
        yoyak models add 파일 [--name 이름] [--copy]
        yoyak models rm 이름
        yoyak models info 파일|이름
모델은 $YOYAK_DATA_DIR/models(기본: 사용자 데이터 폴더의 yoyak/models)에 둡니다.
받다 만 모델(.part)도 list에 나오며 rm으로 지울 수 있습니다.
$YOYAK_MODEL_BASE_URL은 카탈로그 내려받기를 미러로 돌립니다.`
