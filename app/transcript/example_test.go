package transcript_test

import (
	"errors"
	"fmt"

	"github.com/yoyak/yoyak/app/transcript"
)

func ExampleRead() {
	srt := "1\n00:00:01,000 --> 00:00:03,000\n<i>김민수: 회의를 시작하겠습니다.</i>\n\n" +
		"2\n00:00:03,000 --> 00:00:05,000\n이영희: 네, 좋습니다.\n"
	doc, err := transcript.Read("회의.txt", []byte(srt))
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Format, doc.Encoding)
	fmt.Println(doc.Text)
	// Output:
	// srt UTF-8
	// 김민수: 회의를 시작하겠습니다.
	// 이영희: 네, 좋습니다.
}

func ExampleMessage() {
	_, err := transcript.Read("보고서.hwp", []byte("HWP Document File V3.00 \x1a"))
	fmt.Println(errors.Is(err, transcript.ErrLegacyHWP))
	fmt.Println(transcript.Message(err, "ko"))
	// Output:
	// true
	// 예전 한글 문서(.hwp)는 읽을 수 없습니다. 한글에서 '다른 이름으로 저장'으로 .hwpx 또는 .txt 형식으로 저장해 주세요.
}
