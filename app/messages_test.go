package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/models"
	"github.com/yoyak/yoyak/models/gguf"
)

func TestMessage(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("read x.txt: %w", err) }
	tests := []struct {
		name   string
		err    error
		ko, en string // prefixes of the messages
	}{
		{"nil", nil, "", ""},
		{"cancelled", fmt.Errorf("generate: %w", context.Canceled), "취소했습니다.", "Cancelled."},
		{"binary", wrap(transcript.ErrBinary), "텍스트 문서가 아닙니다.", "This is not a text document."},
		{"legacy hwp", wrap(transcript.ErrLegacyHWP), "예전 한글 문서(.hwp)", "Legacy Hangul documents (.hwp)"},
		{"encoding", wrap(transcript.ErrEncoding), "문자 인코딩을", "The character encoding"},
		{"too large", wrap(transcript.ErrTooLarge), "파일이 너무 큽니다", "The file is too large"},
		{"empty", wrap(transcript.ErrEmpty), "파일에 요약할 내용이 없습니다.", "The file has no text"},
		{"no runtime", fmt.Errorf("open runtime: %w: tried /a, /b", inference.ErrNoRuntime), "llama.cpp 런타임을 찾을 수 없습니다.", "The llama.cpp runtime was not found."},
		{"system too old", inference.ErrSystemTooOld, "이 시스템의 C/C++ 런타임이", "This system's C/C++ runtime is too old"},
		{"runtime version", inference.ErrRuntimeVersion, "llama.cpp 런타임의 버전이", "The llama.cpp runtime is the wrong version."},
		{"not gguf", fmt.Errorf("load: %w", inference.ErrNotGGUF), "모델 파일이 GGUF", "The model file is not a GGUF file."},
		{"truncated", inference.ErrTruncated, "모델 파일이 잘려", "The model file is cut short"},
		{"arch", inference.ErrUnsupportedArch, "이 모델의 구조는", "This model's architecture"},
		{"oom", inference.ErrOutOfMemory, "메모리가 부족합니다.", "Not enough memory."},
		{"prompt too long", inference.ErrPromptTooLong, "글이 컨텍스트에", "The text does not fit"},
		{"load failed", inference.ErrLoadFailed, "모델을 불러오지 못했습니다.", "The model could not be loaded."},
		{"context too small", fmt.Errorf("x: %w", ErrContextTooSmall), "컨텍스트가 너무 작습니다.", "The context is too small."},
		{"too long", ErrTooLong, "글이 너무 길어", "The text is too long"},
		{"no model", noModel("", nil), "요약 모델이 없습니다. `yoyak models pull`", "No summarization model yet. Get the default one with `yoyak models pull`"},
		{"unknown model", noModel("x", nil), "모델 \"x\"을(를) 찾을 수 없습니다.", "Model \"x\" not found."},
		{"licence", fmt.Errorf("pull: %w", models.ErrLicenseNotAccepted), "모델을 받기 전에", "Accept the model's licence"},
		{"checksum", models.ErrChecksum, "받은 파일이 체크섬과", "The downloaded file did not match"},
		{"disk full", models.ErrDiskFull, "디스크 공간이 부족합니다.", "Not enough disk space."},
		{"model name", fmt.Errorf("add: %w", models.ErrInvalidName), "모델 이름에는", "A model name may hold"},
		{"model url", fmt.Errorf("pull: %w", models.ErrInvalidURL), "내려받을 주소는", "The download address must"},
		{"sha256 form", fmt.Errorf("pull: %w", models.ErrInvalidSHA256), "sha256 체크섬은", "The sha256 checksum must"},
		{"no space writing", &fs.PathError{Op: "write", Path: "a.md", Err: syscall.ENOSPC}, "디스크 공간이 부족합니다. (write a.md", "Not enough disk space. (write a.md"},
		{"gguf version", gguf.ErrVersion, "지원하지 않는 GGUF 버전", "The model file's GGUF version"},
		{"not downloaded", noModel("gemma-summary-v01", nil), "모델 \"gemma-summary-v01\"을(를) 아직 받지 않았습니다. `yoyak models pull gemma-summary-v01`", "Model \"gemma-summary-v01\" is not downloaded yet."},
		{"closed", ErrClosed, "앱이 종료되는 중입니다.", "The app is shutting down."},
		{"history", fmt.Errorf("get: %w", history.ErrNotFound), "기록을 찾을 수 없습니다.", "That history entry"},
		{"missing file", &fs.PathError{Op: "open", Path: "a.txt", Err: os.ErrNotExist}, "파일을 찾을 수 없습니다. (open a.txt", "File not found. (open a.txt"},
		{"own message", usererr.New("가", "A", errors.New("cause")), "가", "A"},
		{"unknown", errors.New("disk on fire"), "문제가 생겼습니다: disk on fire", "Something went wrong: disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Message(tt.err, "ko_KR.UTF-8"); !strings.HasPrefix(got, tt.ko) {
				t.Errorf("Korean %q, want it to start with %q", got, tt.ko)
			}
			if got := Message(tt.err, "en"); !strings.HasPrefix(got, tt.en) {
				t.Errorf("English %q, want it to start with %q", got, tt.en)
			}
			if tt.err != nil && strings.Contains(Message(tt.err, "en"), "\n") {
				t.Error("more than one line")
			}
		})
	}
	// Every sentinel's sentence exists in both languages.
	for _, s := range sentences {
		if s.ko == "" || s.en == "" || s.ko == s.en {
			t.Errorf("sentence for %v: %q / %q", s.err, s.ko, s.en)
		}
	}
	if got := Messagef("회의.txt", transcript.ErrEmpty, "ko"); got != "회의.txt: 파일에 요약할 내용이 없습니다." {
		t.Errorf("Messagef %q", got)
	}
}

func TestUserErrorUnwraps(t *testing.T) {
	err := noModel("", nil)
	if !errors.Is(err, ErrNoModel) {
		t.Error("noModel does not wrap ErrNoModel")
	}
	var ue *usererr.Error
	if !errors.As(fmt.Errorf("run: %w", err), &ue) || ue.KO == "" || ue.EN == "" {
		t.Error("not a *usererr.Error")
	}
}

func TestProgressDescribe(t *testing.T) {
	tests := []struct {
		p      Progress
		ko, en string
	}{
		{Progress{Phase: PhaseLoadingModel, Done: 420, Total: 1000}, "모델 불러오는 중 42%", "loading the model 42%"},
		{Progress{Phase: PhasePlanning}, "글 길이 재는 중", "measuring the transcript"},
		{Progress{Phase: PhaseReadingPrompt, Pass: PassWhole, Done: 30, Total: 100}, "읽는 중 30%", "reading 30%"},
		{Progress{Phase: PhaseReadingPrompt, Pass: PassPart, Part: 2, Parts: 5, Done: 1, Total: 2}, "2/5 부분 읽는 중 50%", "part 2/5: reading 50%"},
		{Progress{Phase: PhaseGenerating, Pass: PassCombine, Part: 1, Parts: 2, Done: 7, Total: 100}, "부분 요약 합치기 1/2 작성 중 7 토큰", "combining 1/2: writing 7 tokens"},
		{Progress{Phase: PhaseGenerating, Pass: PassFinal, Done: 120, Total: 1024}, "최종 요약 작성 중 120 토큰", "final summary: writing 120 tokens"},
		{Progress{Phase: PhaseReadingPrompt, Done: 5, Total: 0}, "읽는 중 0%", "reading 0%"},
	}
	for _, tt := range tests {
		if got := tt.p.Describe("ko"); got != tt.ko {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.ko)
		}
		if got := tt.p.Describe("en"); got != tt.en {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.en)
		}
	}
	if f := (Progress{Done: 5, Total: 2}).Fraction(); f != 1 {
		t.Errorf("Fraction clamps: %v", f)
	}
}
