package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/inference/remote"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/gguf"
)

// Message returns what to tell a person about err, in lang ("ko…" Korean,
// else English): one line, the same words in the window and on the command
// line. An error that carries its own user message (*usererr.Error,
// transcript's errors) says it; the sentinel errors of the engine, the
// models and this package map to the sentences below; anything else gets a
// general sentence with its cause.
func Message(err error, lang string) string {
	if err == nil {
		return ""
	}
	if m, ok := usererr.Find(err); ok {
		return m.Message(lang)
	}
	ko := usererr.IsKorean(lang)
	for _, s := range sentences {
		if errors.Is(err, s.err) {
			msg := pick(ko, s.ko, s.en)
			if s.detail {
				msg += " (" + err.Error() + ")"
			}
			return msg
		}
	}
	return pick(ko, "문제가 생겼습니다: ", "Something went wrong: ") + err.Error()
}

// sentence is the user message for a sentinel error; detail appends the
// error's own text (a path, the paths tried) after it.
type sentence struct {
	err    error
	ko, en string
	detail bool
}

// sentences are checked in order; the first that matches speaks.
var sentences = []sentence{
	{context.Canceled, "취소했습니다.", "Cancelled.", false},
	{context.DeadlineExceeded, "시간이 초과되었습니다.", "Timed out.", false},
	{inference.ErrNoRuntime,
		"llama.cpp 런타임을 찾을 수 없습니다. 앱을 다시 설치하거나, 소스에서는 `make runtime`을 실행하세요.",
		"The llama.cpp runtime was not found. Reinstall the app, or run `make runtime` in a source checkout.", true},
	{inference.ErrSystemTooOld,
		"이 시스템의 C/C++ 런타임이 너무 오래되어 llama.cpp를 불러올 수 없습니다. Ubuntu 22.04, Debian 12 또는 그 이후 버전이 필요합니다.",
		"This system's C/C++ runtime is too old to load llama.cpp. Yoyak needs Ubuntu 22.04, Debian 12 or newer.", true},
	{inference.ErrRuntimeVersion,
		"llama.cpp 런타임의 버전이 맞지 않습니다. 앱을 다시 설치하세요.",
		"The llama.cpp runtime is the wrong version. Reinstall the app.", true},
	// Before ErrNotGGUF: the engine wraps a corrupt header in both, and the
	// same file must get the same words from every command.
	{gguf.ErrVersion,
		"지원하지 않는 GGUF 버전의 모델 파일입니다.",
		"The model file's GGUF version is not supported.", true},
	{gguf.ErrCorrupt,
		"모델 파일이 손상되었습니다.",
		"The model file is damaged.", true},
	{inference.ErrNotGGUF,
		"모델 파일이 GGUF 형식이 아닙니다.",
		"The model file is not a GGUF file.", true},
	{inference.ErrTruncated,
		"모델 파일이 잘려 있습니다. 내려받기나 복사가 중간에 끊겼을 수 있습니다. 다시 받으세요.",
		"The model file is cut short (an interrupted download or copy?). Get it again.", true},
	{inference.ErrUnsupportedArch,
		"이 모델의 구조는 지원하지 않습니다.",
		"This model's architecture is not supported.", true},
	{inference.ErrHyperparams,
		"모델 파일의 설정값이 잘못되어 불러올 수 없습니다. 파일이 손상되었거나 조작되었을 수 있습니다.",
		"The model file's settings are out of range, so it cannot be loaded. The file may be damaged or tampered with.", true},
	{ErrModelCrashed,
		"이 모델 파일을 시험 삼아 불러오다 llama.cpp가 멈췄습니다. 파일이 손상되었거나 조작되었을 수 있어 사용하지 않습니다.",
		"llama.cpp crashed on a trial load of this model file. It may be damaged or tampered with, so it is not used.", true},
	{inference.ErrOutOfMemory,
		"메모리가 부족합니다. 컨텍스트 크기를 줄이거나 GPU 사용을 끄고 다시 해 보세요.",
		"Not enough memory. Try a smaller context size, or turn the GPU off.", false},
	{inference.ErrPromptTooLong,
		"글이 컨텍스트에 들어가지 않습니다. 컨텍스트 크기를 늘려 보세요.",
		"The text does not fit the context. Try a larger context size.", false},
	{inference.ErrLoadFailed,
		"모델을 불러오지 못했습니다.",
		"The model could not be loaded.", true},
	{ErrContextTooSmall,
		"컨텍스트가 너무 작습니다. 컨텍스트 크기를 늘리거나 최대 토큰 수를 줄이세요.",
		"The context is too small. Use a larger context size or fewer max tokens.", false},
	{ErrTooLong,
		"글이 너무 길어 부분 요약을 하나로 합치지 못했습니다. 글을 나누어 요약하세요.",
		"The text is too long: its partial summaries could not be combined. Summarize it in pieces.", false},
	{ErrNoModel,
		"요약 모델이 없습니다.",
		"No summarization model.", false},
	{ErrClosed,
		"앱이 종료되는 중입니다.",
		"The app is shutting down.", false},
	// A shared server (inference/remote); detail names the host and cause.
	{remote.ErrBadURL,
		"서버 주소가 올바르지 않습니다. http:// 또는 https://로 시작하는 주소를 주세요 (예: http://gpu-box.local:8080).",
		"The server address is not valid. Give an http:// or https:// URL (e.g. http://gpu-box.local:8080).", true},
	{remote.ErrUnreachable,
		"서버에 연결할 수 없습니다. 주소와 포트, 서버가 켜져 있는지, 네트워크를 확인하세요.",
		"Cannot connect to the server. Check the address and port, that the server is running, and the network.", true},
	{remote.ErrNotServer,
		"그 주소에는 요약 서버(llama-server, vLLM, Ollama)가 없습니다. 주소와 경로를 확인하세요.",
		"No inference server (llama-server, vLLM, Ollama) answers at that address. Check the address and path.", true},
	{remote.ErrUnauthorized,
		"서버가 API 키를 거부했습니다. 설정의 API 키(또는 --api-key, $YOYAK_API_KEY)를 확인하세요.",
		"The server refused the API key. Check the API key in Settings (or --api-key, $YOYAK_API_KEY).", false},
	{remote.ErrModelNotFound,
		"서버에 그 모델이 없습니다.",
		"The server does not have that model.", true},
	{remote.ErrStreamCut,
		"서버 연결이 답을 쓰는 도중에 끊겼습니다. 지금까지 받은 부분은 남겨 두었습니다. 다시 해 보세요.",
		"The server connection was cut mid-answer. What arrived so far is kept. Try again.", false},
	{remote.ErrServerGone,
		"서버가 응답을 멈췄습니다(상태 확인에도 답하지 않음). 서버가 꺼졌거나 네트워크가 끊겼습니다.",
		"The server stopped responding (not even to its health check): it is down or the network is cut.", true},
	{remote.ErrNoAnswer,
		"서버가 요청을 받았지만 제한 시간 안에 답하지 않았습니다. 서버가 매우 바쁘거나 멈췄습니다.",
		"The server took the request but did not answer in time: it is overloaded or stuck.", true},
	{remote.ErrStalled,
		"서버의 답이 도중에 멈췄습니다. 지금까지 받은 부분은 남겨 두었습니다.",
		"The server's answer stalled midway. What arrived so far is kept.", true},
	{remote.ErrBadStream,
		"서버가 알 수 없는 형식으로 답했습니다(이벤트 스트림이 아님). 주소가 프록시나 다른 서비스를 가리키는지 확인하세요.",
		"The server answered in an unknown format (not an event stream). Check the address does not point at a proxy or another service.", true},
	{remote.ErrServer,
		"서버에서 오류가 났습니다.",
		"The server reported an error.", true},
	{models.ErrLicenseNotAccepted,
		"모델을 받기 전에 모델의 사용 조건에 동의해야 합니다.",
		"Accept the model's licence before downloading it.", false},
	{models.ErrUnknownModel,
		"그런 이름의 모델이 없습니다.",
		"There is no model of that name.", false},
	{models.ErrExists,
		"같은 이름의 모델이 이미 있습니다.",
		"A model of that name already exists.", false},
	{models.ErrNotFound,
		"서버에 모델 파일이 없습니다.",
		"The model file is not on the server.", true},
	{models.ErrForbidden,
		"서버가 모델 파일 접근을 거부했습니다.",
		"The server refused access to the model file.", true},
	{models.ErrChecksum,
		"받은 파일이 체크섬과 맞지 않아 지웠습니다. 다시 받아 보세요.",
		"The downloaded file did not match its checksum and was removed. Try again.", false},
	{models.ErrStalled,
		"내려받기가 멈췄습니다. 다시 시도하면 이어서 받습니다.",
		"The download stalled. Try again: it resumes where it stopped.", false},
	{models.ErrNetwork,
		"네트워크 오류로 내려받지 못했습니다. 다시 시도하면 이어서 받습니다.",
		"A network error stopped the download. Try again: it resumes where it stopped.", true},
	{models.ErrDiskFull,
		"디스크 공간이 부족합니다.",
		"Not enough disk space.", true},
	{models.ErrHTTP,
		"서버가 예상과 다르게 응답했습니다.",
		"The server gave an unexpected response.", true},
	{models.ErrInvalidName,
		"모델 이름에는 영문자, 숫자, '.', '_', '-'만 쓸 수 있습니다.",
		"A model name may hold only letters, digits, '.', '_' and '-'.", true},
	{models.ErrInvalidURL,
		"내려받을 주소는 http:// 또는 https://로 시작해야 합니다.",
		"The download address must start with http:// or https://.", true},
	{models.ErrInvalidSHA256,
		"sha256 체크섬은 16진수 64자리여야 합니다.",
		"The sha256 checksum must be 64 hexadecimal digits.", true},
	{history.ErrNotFound,
		"기록을 찾을 수 없습니다.",
		"That history entry no longer exists.", false},
	{syscall.ENOSPC,
		"디스크 공간이 부족합니다.",
		"Not enough disk space.", true},
	{syscall.ELOOP,
		"심볼릭 링크가 자기 자신으로 돌아옵니다(링크 순환). 링크가 가리키는 곳을 확인하세요.",
		"The symbolic link leads back to itself (a link loop); check where it points.", true},
	{os.ErrNotExist,
		"파일을 찾을 수 없습니다.",
		"File not found.", true},
	{os.ErrPermission,
		"파일에 접근할 권한이 없습니다.",
		"Permission denied.", true},
}

// Messagef is Message with a subject in front ("회의록.txt: …"), for the
// command line's one-line errors about a file.
func Messagef(subject string, err error, lang string) string {
	if subject == "" {
		return Message(err, lang)
	}
	return fmt.Sprintf("%s: %s", subject, Message(err, lang))
}
