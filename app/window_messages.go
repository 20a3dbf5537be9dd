package app

import (
	"errors"

	"github.com/yoyak/yoyak/app/usererr"
)

// WindowMessage is Message for the window. Where the command line's
// sentence gives command-line advice (`yoyak models pull`, --model), the
// window's says what to do in the window instead; every other error reads
// the same in both.
func WindowMessage(err error, lang string) string {
	if err != nil && errors.Is(err, ErrNoModel) {
		return pick(usererr.IsKorean(lang),
			"요약 모델이 없습니다. 모델 메뉴에서 기본 모델을 받거나 가지고 있는 GGUF 파일을 여세요.",
			"No summarization model. Download the default model, or open a GGUF file you have, from the model menu.")
	}
	return Message(err, lang)
}
