package document

import (
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

// FuzzWrite: whatever the model wrote (control characters, invalid UTF-8,
// "]]>", markup, very long or empty bullets, empty sections), both writers
// produce a sound package that Yoyak's own reader reads back to the same
// text.
func FuzzWrite(f *testing.F) {
	for _, in := range cases() {
		s := in.Summary
		var head, bullet, src string
		num := 0
		if len(s.Sections) > 0 {
			head, num = s.Sections[0].Heading, s.Sections[0].Number
			if len(s.Sections[0].Bullets) > 0 {
				bullet = s.Sections[0].Bullets[0]
			}
		}
		if len(in.Sources) > 0 && len(in.Sources[0]) > 0 {
			src = in.Sources[0][0]
		}
		f.Add(s.Title, head, bullet, src, s.Preamble, num)
	}
	f.Add("", "", strings.Repeat("아주 긴 요점 ", 5000), "", "", 0)
	f.Add("\x00", "\ufeff", "\xed\xa0\x80", "]]>", "<![CDATA[x]]>", -3)
	f.Fuzz(func(t *testing.T, title, heading, bullet, source, preamble string, number int) {
		in := Input{
			Summary: summary.Summary{Title: title, Preamble: preamble, Sections: []summary.Section{
				{Number: number, Heading: heading, Bullets: []string{bullet, bullet + "2"}},
				{}, // an empty section
			}},
			Meta:    Meta{Source: source, Model: heading},
			Sources: [][]string{{source}},
		}
		for _, format := range []Format{DOCX, HWPX} {
			data, err := Write(format, in)
			if err != nil {
				t.Fatal(err)
			}
			checkPackage(t, format, data)
			doc, err := transcript.Read("fuzz"+format.Ext(), data)
			if err != nil {
				t.Fatalf("%s: read back: %v", format, err)
			}
			if got, want := doc.Text, wantText(in); got != want {
				t.Fatalf("%s: read back %q, want %q", format, got, want)
			}
		}
	})
}
