package transcript

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the .want golden files from the current output")

// render is how a golden file shows a Document.
func render(d Document) string {
	var b strings.Builder
	b.WriteString("format: " + string(d.Format) + "\n")
	b.WriteString("encoding: " + string(d.Encoding) + "\n")
	for _, u := range d.Utterances {
		b.WriteString("utterance: [" + u.Speaker + "] " + u.Text + "\n")
	}
	b.WriteString("--- text\n")
	b.WriteString(d.Text + "\n")
	return b.String()
}

// TestGoldenFiles reads every fixture in testdata and compares the
// Document with its .want file.
func TestGoldenFiles(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.*")
	n := 0
	for _, in := range inputs {
		if strings.HasSuffix(in, ".want") {
			continue
		}
		n++
		t.Run(filepath.Base(in), func(t *testing.T) {
			d, err := ReadFile(in)
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			checkGolden(t, in+".want", render(d))
		})
	}
	if n < 9 {
		t.Fatalf("only %d fixtures found", n)
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func mustRead(t *testing.T, name string, data []byte) Document {
	t.Helper()
	d, err := Read(name, data)
	if err != nil {
		t.Fatalf("Read(%q): %v", name, err)
	}
	return d
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestEncodings reads each fixture re-encoded as the editors of Korean
// computers save it and expects the very same text as from UTF-8.
func TestEncodings(t *testing.T) {
	for _, name := range []string{"plain.txt", "news.srt", "teams.vtt", "clova.txt", "zoom_chat.txt"} {
		src := fixture(t, name)
		want := mustRead(t, name, []byte(src))
		crlf := strings.ReplaceAll(src, "\n", "\r\n")
		cases := []struct {
			enc  Encoding
			data []byte
		}{
			{UTF8, []byte(crlf)},
			{UTF8BOM, append([]byte{0xEF, 0xBB, 0xBF}, crlf...)},
			{UTF16LE, encode(t, utf16LEBOM, crlf)},
			{UTF16BE, encode(t, utf16BEBOM, src)},
			{UTF16LE, encode(t, utf16LE, crlf)}, // no BOM: found by its NULs
			{UTF16BE, encode(t, utf16BE, src)},
			{CP949, encode(t, cp949, strings.ReplaceAll(crlf, "・", "·"))}, // no U+30FB in CP949
			{UTF8, []byte(strings.ReplaceAll(src, "\n", "\r"))},           // old Mac line ends
			{UTF8, []byte(norm.NFD.String(src))},                          // macOS decomposed Hangul
		}
		for i, c := range cases {
			d, err := Read(name, c.data)
			if err != nil {
				t.Errorf("%s case %d (%s): %v", name, i, c.enc, err)
				continue
			}
			if d.Encoding != c.enc {
				t.Errorf("%s case %d: encoding %s, want %s", name, i, d.Encoding, c.enc)
			}
			if c.enc == CP949 {
				d.Text = strings.ReplaceAll(d.Text, "·", "・")
			}
			if d.Text != want.Text || d.Format != want.Format {
				t.Errorf("%s case %d (%s): got %s %q, want %s %q", name, i, c.enc, d.Format, d.Text, want.Format, want.Text)
			}
		}
	}
}

func TestCP949Hanja(t *testing.T) {
	src := "회의록(會議錄)\r\n예산 편성 방향을 논의함. 똠방각하, 뷁 - UHC 확장 글자도 있음.\r\n"
	d := mustRead(t, "a.txt", encode(t, cp949, src))
	if d.Encoding != CP949 || d.Text != strings.TrimSpace(strings.ReplaceAll(src, "\r\n", "\n")) {
		t.Fatalf("got %s %q", d.Encoding, d.Text)
	}
}

func TestDocx(t *testing.T) {
	data := docx(t, "2024년 예산 회의", "", "참석자:\t김민수, 이영희", "첫째 줄\n둘째 줄", "R&D 예산 <확대> 논의")
	d := mustRead(t, "회의록.docx", data)
	want := "2024년 예산 회의\n\n참석자:\t김민수, 이영희\n첫째 줄\n둘째 줄\nR&D 예산 <확대> 논의"
	if d.Format != DOCX || d.Encoding != UTF8 || d.Text != want {
		t.Fatalf("got %s %s %q\nwant %q", d.Format, d.Encoding, d.Text, want)
	}
	if len(d.Utterances) != 5 {
		t.Errorf("utterances %d: %+v", len(d.Utterances), d.Utterances)
	}
	// the extension does not matter: content decides
	if d2 := mustRead(t, "renamed.bin", data); d2.Text != want {
		t.Errorf("renamed docx: %q", d2.Text)
	}
}

// A Teams transcript saved as .docx has Clova-like "이름 0:03" headers.
func TestDocxMeetingTranscript(t *testing.T) {
	data := docx(t, "회의 녹취", "김민수   0:03", "안녕하세요, 시작하겠습니다.", "이영희   0:10", "네, 좋습니다.", "이영희   0:15", "자료를 공유합니다.")
	d := mustRead(t, "transcript.docx", data)
	want := "회의 녹취\n김민수: 안녕하세요, 시작하겠습니다.\n이영희: 네, 좋습니다. 자료를 공유합니다."
	if d.Format != DOCX || d.Text != want {
		t.Fatalf("got %s %q", d.Format, d.Text)
	}
}

func TestHWPX(t *testing.T) {
	data := hwpx(t, []string{"주간 업무 보고", "1. 예산\t집행률 85%"}, []string{"2. 인력 충원 & 교육"})
	d := mustRead(t, "보고서.hwpx", data)
	want := "주간 업무 보고\n1. 예산\t집행률 85%\n2. 인력 충원 & 교육"
	if d.Format != HWPX || d.Text != want {
		t.Fatalf("got %s %q\nwant %q", d.Format, d.Text, want)
	}
	// without content.hpf the sections are read by number
	noSpine := zipOf(t, "mimetype", "application/hwp+zip",
		"Contents/section10.xml", hwpxSection("셋째"),
		"Contents/section2.xml", hwpxSection("둘째"),
		"Contents/section0.xml", hwpxSection("첫째"))
	if d := mustRead(t, "a.hwpx", noSpine); d.Text != "첫째\n둘째\n셋째" {
		t.Errorf("no spine: %q", d.Text)
	}
}

func TestRefusals(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), make([]byte, 64)...)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty.txt", nil, ErrEmpty},
		{"blank.txt", []byte(" \r\n\t\n\u3000\n"), ErrEmpty},
		{"bom-only.txt", []byte{0xEF, 0xBB, 0xBF}, ErrEmpty},
		{"utf16-blank.txt", encode(t, utf16LEBOM, "  \r\n "), ErrEmpty},
		{"timings-only.srt", []byte("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n[음악]\n"), ErrEmpty},
		{"empty.docx", docx(t), ErrEmpty},
		{"old.hwp", oleHWP(), ErrLegacyHWP},
		{"renamed.txt", oleHWP(), ErrLegacyHWP},
		{"hwp3.hwp", []byte("HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05"), ErrLegacyHWP},
		{"old.doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), ErrBinary},
		{"picture.png", png, ErrBinary},
		{"paper.txt", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), ErrBinary},
		{"prog", append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...), ErrBinary},
		{"archive.zip", zipOf(t, "a.txt", "안녕"), ErrBinary},
		{"nuls.txt", []byte("abc\x00\x00\x00def\x00ghi\x01\x02"), ErrBinary},
		{"controls.txt", []byte(strings.Repeat("\x01\x02\x03\x04가나다라", 20)), ErrBinary},
		{"latin1.txt", []byte("caf\xe9 cr\xe8me br\xfbl\xe9e"), ErrEncoding},
		{"garbage.txt", []byte("\x80\x81\x82\x83\xfe\xfd"), ErrEncoding},
		{"bad-utf8-bom.txt", []byte("\xef\xbb\xbf안녕\xff\xfe하세요"), ErrEncoding},
		{"lone-surrogate.txt", []byte{0xFF, 0xFE, 0x00, 0xD8, 'a', 0}, ErrEncoding},
		{"truncated.docx", docx(t, "안녕하세요")[:60], ErrDamaged},
		{"broken-xml.docx", zipOf(t, "word/document.xml", "<w:document><w:body><w:p><w:t>안녕</w:t"), ErrDamaged},
	}
	for _, c := range cases {
		_, err := Read(c.name, c.data)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: error %q does not name the file", c.name, err)
		}
		if Message(err, "ko") == Message(err, "en") || !utf8.ValidString(Message(err, "ko")) {
			t.Errorf("%s: messages %q / %q", c.name, Message(err, "ko"), Message(err, "en"))
		}
	}
}

func TestMessage(t *testing.T) {
	err := Wrap(ErrLegacyHWP)
	if got := Message(err, "ko-KR"); !strings.Contains(got, ".hwpx") || !strings.Contains(got, "한글") {
		t.Errorf("ko: %q", got)
	}
	if got := Message(err, "en"); !strings.Contains(got, ".hwpx") {
		t.Errorf("en: %q", got)
	}
	if got := Message(os.ErrNotExist, "ko"); got != os.ErrNotExist.Error() {
		t.Errorf("foreign error: %q", got)
	}
	if Message(nil, "ko") != "" {
		t.Error("nil error has a message")
	}
}

// Wrap is how callers see the errors: wrapped with context.
func Wrap(err error) error { return errors.Join(errors.New("yoyak summarize x.hwp"), err) }

func TestTooLarge(t *testing.T) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadFrom("-", &lazyReader{n: 1 << 30})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("1 GB stream: %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*MaxBytes {
		t.Errorf("allocated %d MiB for a refused stream", alloc>>20)
	}

	// a file is refused from its size alone
	path := filepath.Join(t.TempDir(), "huge.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse
		t.Fatal(err)
	}
	f.Close()
	if _, err := ReadFile(path); !errors.Is(err, ErrTooLarge) {
		t.Errorf("1 GB file: %v", err)
	}
	if _, err := Read("x.txt", make([]byte, MaxBytes+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("MaxBytes+1 in memory: %v", err)
	}
}

// A zip bomb: a small .docx whose XML inflates past maxUnpacked.
func TestZipBomb(t *testing.T) {
	old := maxUnpacked
	maxUnpacked = 1 << 20
	defer func() { maxUnpacked = old }()
	xml := `<w:document xmlns:w="w"><w:body><w:p><w:t>` + strings.Repeat("가", 2<<20) + `</w:t></w:p></w:body></w:document>`
	data := zipOf(t, "word/document.xml", xml)
	if len(data) > 100<<10 {
		t.Fatalf("bomb is %d bytes, not small", len(data))
	}
	_, err := Read("bomb.docx", data)
	if !errors.Is(err, ErrUnpackedTooLarge) {
		t.Fatalf("zip bomb: %v", err)
	}
	// The reason named is the unpacking, not the (small) file's size.
	if msg := Message(err, "ko"); !strings.Contains(msg, "압축을 풀면") || strings.Contains(msg, "50MB") {
		t.Errorf("zip bomb message: %q", msg)
	}
}

// One endless text run (what a zip bomb inflates to) is refused after
// reading about maxToken bytes, not the whole part budget: the decoder
// holds a token whole, so that is what bounds memory.
func TestZipBombStopsEarly(t *testing.T) {
	tests := []struct {
		name string
		open string // before the endless run
		fill byte
	}{
		{"text run", `<w:document xmlns:w="w"><w:body><w:p><w:t>`, 'a'},
		{"attribute", `<w:document xmlns:w="w"><w:body><w:p a="`, 'b'},
		{"white space between tags", `<w:document xmlns:w="w"><w:body>`, ' '},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &endless{head: []byte(tt.open), fill: tt.fill}
			var out strings.Builder
			budget := maxUnpacked
			err := extractXMLFrom(src, docxRules, &out, &budget)
			if !errors.Is(err, ErrUnpackedTooLarge) {
				t.Fatalf("endless %s: %v", tt.name, err)
			}
			// The last token's end, within the decoder's first buffers, starts the count.
			if limit := maxToken + 2*readAhead; src.n > limit {
				t.Errorf("read %d MiB before refusing, want at most %d MiB", src.n>>20, limit>>20)
			}
			if src.n < maxToken {
				t.Errorf("refused after %d bytes, before the %d-byte token limit", src.n, maxToken)
			}
		})
	}
}

// endless is head followed by fill forever, counting what was read.
type endless struct {
	head []byte
	fill byte
	n    int64
}

func (e *endless) Read(p []byte) (int, error) {
	k := copy(p, e.head)
	e.head = e.head[k:]
	for i := k; i < len(p); i++ {
		p[i] = e.fill
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestWarnings(t *testing.T) {
	long := strings.Repeat("오늘 회의에서 예산안을 검토했습니다.\n", WarnChars/20)
	d := mustRead(t, "long.txt", []byte(long))
	if d.Chars() <= WarnChars || len(d.Warnings) != 1 || d.Warnings[0].Code != WarnLong.Code {
		t.Errorf("long: %d chars, warnings %+v", d.Chars(), d.Warnings)
	}
	if short := mustRead(t, "short.txt", []byte("짧은 글")); len(short.Warnings) != 0 {
		t.Errorf("short: %+v", short.Warnings)
	}
	cut := []byte("끝이 잘린 글자")
	d = mustRead(t, "cut.txt", cut[:len(cut)-1])
	if d.Text != "끝이 잘린 글" || len(d.Warnings) != 1 || d.Warnings[0] != WarnTruncatedUTF8 {
		t.Errorf("cut: %q %+v", d.Text, d.Warnings)
	}
	if WarnLong.Message("ko") == WarnLong.Message("en") {
		t.Error("warning messages not translated")
	}
}

// Table of small inputs: detection by content and the cleaning rules.
func TestReadCases(t *testing.T) {
	cases := []struct {
		name, in string
		format   Format
		text     string
	}{
		{"a.txt", "첫 줄  \r\n\r\n\r\n\r\n둘째 줄\t\r\n", Plain, "첫 줄\n\n둘째 줄"},
		{"a.md", "# 제목\n\n- 항목", Markdown, "# 제목\n\n- 항목"},
		{"a.txt", "\ufeff안녕\x0b하세요\u2028다음", Plain, "안녕하세요\n다음"},
		{"subs.txt", "1\n00:00:01,000 --> 00:00:02,000\n안녕하세요.\n\n2\n00:00:02,000 --> 00:00:03,000\n반갑습니다.\n", SRT, "안녕하세요.\n반갑습니다."},
		{"nonum.srt", "00:00:01,000 --> 00:00:02,000\n안녕\n00:00:02,000 --> 00:00:03,000\n하세요\n", SRT, "안녕 하세요"},
		{"same.srt", "1\n00:00:01,000 --> 00:00:02,000\n같은 자막\n\n2\n00:00:02,000 --> 00:00:03,000\n같은 자막\n\n3\n00:00:03,000 --> 00:00:04,000\n다른 자막.\n", SRT, "같은 자막 다른 자막."},
		{"v.vtt", "WEBVTT - 회의\n\n00:01.000 --> 00:02.000\n<v 김민수>첫째</v>\n\n00:02.000 --> 00:03.000\n<v 김민수>둘째</v>\n\n00:03.000 --> 00:04.000\n<v 이영희>셋째\n넷째</v>\n", VTT, "김민수: 첫째 둘째\n이영희: 셋째 넷째"},
		{"zoom.vtt", "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n김민수: 안녕하세요\n\n2\n00:00:02.000 --> 00:00:03.000\n이영희: 반갑습니다\n", VTT, "김민수: 안녕하세요\n이영희: 반갑습니다"},
		{"t.txt", "00:00:01 김민수: 시작합니다\n00:00:05 김민수: 안건은 둘입니다\n00:00:09 이영희: 네\n", Chat, "김민수: 시작합니다 안건은 둘입니다\n이영희: 네"},
		{"c.txt", "화자 1 00:01\n안녕하세요\n화자 2 00:04\n네 안녕하세요\n화자 1 00:09\n시작하죠\n", ClovaNote, "화자 1: 안녕하세요\n화자 2: 네 안녕하세요\n화자 1: 시작하죠"},
		// prose with a clock or a colon is not a meeting export
		{"p.txt", "회의는 10:00에 시작했다.\n참고: 자료는 메일로 보냄.\n결론: 예산을 늘린다.\n", Plain, "회의는 10:00에 시작했다.\n참고: 자료는 메일로 보냄.\n결론: 예산을 늘린다."},
		{"p2.txt", "오전 회의 10:00\n오후 회의 14:00\n", Plain, "오전 회의 10:00\n오후 회의 14:00"},
	}
	for _, c := range cases {
		d, err := Read(c.name, []byte(c.in))
		if err != nil {
			t.Errorf("%s %q: %v", c.name, c.in, err)
			continue
		}
		if d.Format != c.format || d.Text != c.text {
			t.Errorf("%s %q:\ngot  %s %q\nwant %s %q", c.name, c.in, d.Format, d.Text, c.format, c.text)
		}
	}
}

// Utterances and Text agree: Text's non-empty lines are the utterances.
func TestUtterancesMatchText(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.*")
	for _, in := range inputs {
		if strings.HasSuffix(in, ".want") {
			continue
		}
		d, err := ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(d.Text, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, strings.TrimSpace(l))
			}
		}
		if len(lines) != len(d.Utterances) {
			t.Errorf("%s: %d lines, %d utterances", in, len(lines), len(d.Utterances))
			continue
		}
		for i, u := range d.Utterances {
			if u.Line() != lines[i] {
				t.Errorf("%s: utterance %d %q, line %q", in, i, u.Line(), lines[i])
			}
		}
	}
}

func TestExtensions(t *testing.T) {
	for _, e := range Extensions() {
		if !strings.HasPrefix(e, ".") || strings.ToLower(e) != e {
			t.Errorf("extension %q", e)
		}
	}
	if !bytes.Contains([]byte(strings.Join(Extensions(), " ")), []byte(".hwpx")) {
		t.Error("no .hwpx")
	}
}

func TestMessagesPickKoreanLikeUsererr(t *testing.T) {
	// The same language tags select Korean here as in the rest of the app.
	for _, lang := range []string{"ko", "KO", "ko_KR.UTF-8", " ko-KR"} {
		if got := WarnLong.Message(lang); got != WarnLong.KO {
			t.Errorf("WarnLong.Message(%q) = %q, want Korean", lang, got)
		}
		if got := ErrEmpty.Message(lang); got != ErrEmpty.KO {
			t.Errorf("ErrEmpty.Message(%q) = %q, want Korean", lang, got)
		}
	}
}
