package transcript

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead feeds any bytes under any of the names Yoyak opens. Read must
// not panic, and must return either one of its errors or a Document whose
// text is valid, non-empty UTF-8 matching its utterances.
func FuzzRead(f *testing.F) {
	inputs, _ := filepath.Glob("testdata/*.*")
	for _, in := range inputs {
		if strings.HasSuffix(in, ".want") {
			continue
		}
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Ext(in), b)
		f.Add(".txt", encode(f, cp949, strings.ReplaceAll(string(b), "・", "·")))
		f.Add(".txt", encode(f, utf16LEBOM, string(b)))
		f.Add(".txt", encode(f, utf16BE, string(b)))
	}
	f.Add(".docx", docx(f, "안녕하세요", "둘째\t문단\n줄"))
	f.Add(".hwpx", hwpx(f, []string{"주간 보고", "예산"}, []string{"인력"}))
	f.Add(".hwp", oleHWP())
	f.Add(".png", []byte("\x89PNG\r\n\x1a\n\x00\x00"))
	f.Add(".txt", []byte(""))
	f.Add(".txt", []byte("caf\xe9"))
	f.Add(".srt", []byte("1\n00:00:01,000 --> 00:00:02,000\n<i>- 김민수: 안녕</i>\n"))
	f.Add(".vtt", []byte("WEBVTT\n\nNOTE x\n\n00:01.000 --> 00:02.000\n<v 김>안녕<00:01.500><c>하세요</c>\n"))
	known := []error{ErrEmpty, ErrBinary, ErrEncoding, ErrLegacyHWP, ErrTooLarge, ErrDamaged, ErrUnpackedTooLarge}
	f.Fuzz(func(t *testing.T, ext string, data []byte) {
		d, err := Read("fuzz"+ext, data)
		if err != nil {
			for _, k := range known {
				if errors.Is(err, k) {
					return
				}
			}
			t.Fatalf("unexpected error kind: %v", err)
		}
		if d.Text == "" || strings.TrimSpace(d.Text) != d.Text {
			t.Fatalf("text %q", d.Text)
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("invalid UTF-8 text %q", d.Text)
		}
		if strings.ContainsAny(d.Text, "\r\x00\ufeff") {
			t.Fatalf("uncleaned text %q", d.Text)
		}
		if len(d.Utterances) == 0 {
			t.Fatalf("no utterances for %q", d.Text)
		}
		for _, u := range d.Utterances {
			if !strings.Contains(d.Text, u.Text) || !utf8.ValidString(u.Speaker) {
				t.Fatalf("utterance %+v not in text %q", u, d.Text)
			}
		}
	})
}
