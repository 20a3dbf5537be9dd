package document

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// meeting is a summary with every part a document shows.
func meeting() Input {
	return Input{
		Summary: summary.Summary{
			Title: "2024년 예산 편성 회의",
			Sections: []summary.Section{
				{Number: 1, Heading: "예산 현황", Bullets: []string{"올해 예산은 전년 대비 5% 증가했다.", "인건비 비중이 40%를 넘었다."}},
				{Number: 2, Heading: "향후 계획", Bullets: []string{"다음 달까지 세부안을 마련한다."}},
			},
		},
		Meta: Meta{
			Source:     "예산회의_녹취.txt",
			SourceDate: time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC),
			Model:      "gemma-3-1b-it",
			Generated:  time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC),
		},
		Sources: [][]string{{"00:12:31 김 위원", ""}, {"212–214행"}},
	}
}

// cases are the inputs of the round-trip and golden tests, by name.
func cases() map[string]Input {
	odd := meeting()
	odd.Summary.Title = "a < b & c > d ]]> \"따옴표\" 'x'"
	odd.Summary.Sections[0].Bullets = []string{"제어\x00문자\x07와 \x1b[31m색\tand\ttabs\r\nnewline", "깨진 \xff\xfe UTF-8", "\ufffe\uffff 비문자"}
	odd.Sources = [][]string{{"<b>태그</b>", "a]]>b"}}
	return map[string]Input{
		"meeting": meeting(),
		"nometa":  {Summary: meeting().Summary},
		"free":    {Summary: summary.Summary{Preamble: "구조 없는 답입니다.\n\n둘째 줄입니다."}, Meta: meeting().Meta},
		"odd":     odd,
		"empty":   {Summary: summary.Summary{Sections: []summary.Section{{Number: 1}, {Heading: "빈 절"}}}},
	}
}

// wantText is the text Yoyak's own reader should get back from a document
// of in: one line per paragraph, the source after its bullet.
func wantText(in Input) string {
	var lines []string
	for _, b := range blocks(in) {
		l := b.text
		if b.source != "" {
			l += " (" + b.source + ")"
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "\n")
}

func TestRoundTrip(t *testing.T) {
	for name, in := range cases() {
		for _, f := range []Format{DOCX, HWPX} {
			t.Run(name+f.Ext(), func(t *testing.T) {
				data, err := Write(f, in)
				if err != nil {
					t.Fatal(err)
				}
				checkPackage(t, f, data)
				doc, err := transcript.Read(name+f.Ext(), data)
				if err != nil {
					t.Fatalf("read back: %v", err)
				}
				if string(doc.Format) != string(f) {
					t.Errorf("read back as %s", doc.Format)
				}
				if got, want := doc.Text, wantText(in); got != want {
					t.Errorf("text read back:\n%s\nwant:\n%s", got, want)
				}
			})
		}
	}
}

// TestBlocks pins what the document says: the title as the first block,
// the details line, headings with the model's numbers, bullets with
// sources, free text as paragraphs.
func TestBlocks(t *testing.T) {
	got := blocks(meeting())
	want := []block{
		{blockTitle, "2024년 예산 편성 회의", ""},
		{blockMeta, "원본: 예산회의_녹취.txt (2026-11-30) · 모델: gemma-3-1b-it · 작성: 2026-12-01 09:30", ""},
		{blockHeading, "1. 예산 현황", ""},
		{blockBullet, "올해 예산은 전년 대비 5% 증가했다.", "00:12:31 김 위원"},
		{blockBullet, "인건비 비중이 40%를 넘었다.", ""},
		{blockHeading, "2. 향후 계획", ""},
		{blockBullet, "다음 달까지 세부안을 마련한다.", "212–214행"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d blocks %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	free := blocks(cases()["free"])
	if len(free) != 4 || free[0].text != "요약" || free[2] != (block{blockText, "구조 없는 답입니다.", ""}) {
		t.Errorf("free text blocks = %+v", free)
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  a\tb\r\nc  ":        "a b c",
		"x\x00\x01\x7f\u0080y": "xy",
		"next\u0085line":       "next line",
		"bad \xff utf8":        "bad \ufffd utf8",
		"\ufffe\uffff정상":       "정상",
		"]]> & <":              "]]> & <",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"docx": DOCX, ".HWPX": HWPX, " Docx ": DOCX} {
		if got, ok := ParseFormat(in); !ok || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "md", "hwp", "doc"} {
		if _, ok := ParseFormat(bad); ok {
			t.Errorf("ParseFormat(%q) accepted", bad)
		}
	}
	if _, err := Write("pdf", meeting()); err == nil {
		t.Error("Write(pdf) did not fail")
	}
}

// TestDeterministic: the same input gives the same bytes (file times come
// from Generated), so a golden file and a re-save compare equal.
func TestDeterministic(t *testing.T) {
	for _, f := range []Format{DOCX, HWPX} {
		a, _ := Write(f, meeting())
		b, _ := Write(f, meeting())
		if string(a) != string(b) {
			t.Errorf("%s: two writes differ", f)
		}
	}
}

// TestGolden compares every part of each package with
// testdata/NAME.FORMAT.golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range []string{"meeting", "odd", "free"} {
		for _, f := range []Format{DOCX, HWPX} {
			data, err := Write(f, cases()[name])
			if err != nil {
				t.Fatal(err)
			}
			got := dumpParts(t, data)
			file := filepath.Join("testdata", name+f.Ext()+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file; run go test ./app/document -update and review the diff", file)
			}
		}
	}
}

// dumpParts lists a package's entries in order: name, method, contents.
func dumpParts(t *testing.T, data []byte) string {
	t.Helper()
	zr := mustZip(t, data)
	var b strings.Builder
	for _, zf := range zr.File {
		method := "deflated"
		if zf.Method == 0 {
			method = "stored"
		}
		b.WriteString("===== " + zf.Name + " (" + method + ")\n")
		b.WriteString(readPart(t, zf))
		b.WriteString("\n")
	}
	return b.String()
}
