package transcript

import (
	"errors"

	"github.com/yoyak/yoyak/app/usererr"
)

// Error is a reason a transcript cannot be read, with a message for the
// person in Korean and English kept apart from the technical cause, so the
// pipeline can wrap it (fmt.Errorf("...: %w", ErrX)) and the window or the
// command line can still show the right sentence in the user's language.
type Error struct {
	Code string // stable identifier, e.g. "binary"
	KO   string // message for the user, Korean
	EN   string // message for the user, English
}

// Error returns the English message; callers that show it to a person use
// Message with the user's language instead.
func (e *Error) Error() string { return e.EN }

// Message returns the user message in lang ("ko…" selects Korean, anything
// else English).
func (e *Error) Message(lang string) string {
	if usererr.IsKorean(lang) {
		return e.KO
	}
	return e.EN
}

// Sentinel errors callers branch on with errors.Is. Read wraps them with
// the file name.
var (
	// ErrEmpty: the file has no text (zero bytes or only whitespace, or a
	// subtitle file with timestamps and no words).
	ErrEmpty = &Error{"empty", "파일에 요약할 내용이 없습니다.", "The file has no text to summarize."}
	// ErrBinary: not a text document (an image, a PDF, a program, an archive
	// that is not .docx/.hwpx, or bytes full of NULs and control codes).
	ErrBinary = &Error{"binary",
		"텍스트 문서가 아닙니다. 텍스트(.txt, .md), 자막(.srt, .vtt), 워드(.docx), 한글(.hwpx) 파일을 열어 주세요.",
		"This is not a text document. Open a text (.txt, .md), subtitle (.srt, .vtt), Word (.docx) or Hangul (.hwpx) file."}
	// ErrEncoding: the bytes are text-like but decode cleanly in none of
	// UTF-8, UTF-16 or CP949; nothing is guessed, so no mojibake reaches the model.
	ErrEncoding = &Error{"encoding",
		"문자 인코딩을 알아낼 수 없습니다. 파일을 UTF-8로 저장해 다시 열어 주세요.",
		"The character encoding could not be recognized. Save the file as UTF-8 and open it again."}
	// ErrLegacyHWP: a binary .hwp (HWP 5 / OLE compound file), which Yoyak
	// does not read.
	ErrLegacyHWP = &Error{"legacy-hwp",
		"예전 한글 문서(.hwp)는 읽을 수 없습니다. 한글에서 '다른 이름으로 저장'으로 .hwpx 또는 .txt 형식으로 저장해 주세요.",
		"Legacy Hangul documents (.hwp) cannot be read. In Hangul, use 'Save As' to save it as .hwpx or .txt."}
	// ErrTooLarge: the file is above MaxBytes (or a .docx/.hwpx unpacks to
	// more than maxUnpacked); nothing that large is loaded.
	ErrTooLarge = &Error{"too-large",
		"파일이 너무 큽니다 (최대 50MB). 파일을 나누어 요약해 주세요.",
		"The file is too large (50 MB at most). Split it and summarize the parts."}
	// ErrUnpackedTooLarge: a .docx or .hwpx, however small, whose text
	// unpacks to more than Yoyak reads (a zip bomb, or a huge document); the
	// reading stops at the limit.
	ErrUnpackedTooLarge = &Error{"unpacked-too-large",
		"문서의 압축을 풀면 너무 큽니다. 파일을 나누어 요약해 주세요.",
		"The document is too large once unpacked. Split it and summarize the parts."}
	// ErrNotRegular: a FIFO, a device or a socket, whose reading could wait
	// or run forever; only regular files (and stdin) are read.
	ErrNotRegular = &Error{"not-regular",
		"일반 파일이 아닙니다(FIFO, 장치 등). 파일로 저장한 뒤 열거나, 표준 입력(-)으로 넘겨 주세요.",
		"This is not a regular file (a FIFO, a device…). Save it to a file, or pass it on stdin (-)."}
	// ErrDamaged: a .docx or .hwpx whose zip or XML is broken.
	ErrDamaged = &Error{"damaged",
		"문서 파일이 손상되었거나 형식이 올바르지 않습니다.",
		"The document is damaged or not in the expected format."}
)

// Message returns the user message for err in lang ("ko…" Korean, else
// English) when err wraps one of this package's errors, and err.Error()
// otherwise (an I/O error, say), so a caller can always show something.
func Message(err error, lang string) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message(lang)
	}
	return err.Error()
}

// Warning is something a person should know about a document that was read
// nonetheless (it is very long, say), in both languages.
type Warning struct {
	Code string // stable identifier, e.g. "long"
	KO   string
	EN   string
}

// Message returns the warning in lang ("ko…" Korean, else English).
func (w Warning) Message(lang string) string {
	if usererr.IsKorean(lang) {
		return w.KO
	}
	return w.EN
}

// Warnings a Document may carry.
var (
	// WarnLong: above WarnChars characters; the pipeline will split the
	// transcript into many parts, which takes long and loses detail.
	WarnLong = Warning{"long",
		"매우 긴 문서입니다. 여러 부분으로 나누어 요약하므로 시간이 오래 걸립니다.",
		"This is a very long document; it will be split into many parts and take a while."}
	// WarnTruncatedUTF8: the file ended in the middle of a character, which
	// was dropped.
	WarnTruncatedUTF8 = Warning{"truncated-utf8",
		"파일 끝의 깨진 글자 하나를 뺐습니다.",
		"A broken character at the end of the file was left out."}
)
