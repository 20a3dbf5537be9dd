package document

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// faults records what checkPackage reports instead of failing the test,
// so the checks themselves can be shown to catch a broken package.
type faults struct {
	testing.TB
	msgs []string
}

func (f *faults) Helper() {}
func (f *faults) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *faults) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	runtime.Goexit()
}
func (f *faults) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }

// checkFaults runs checkPackage on data and returns what it reported.
func checkFaults(t *testing.T, format Format, data []byte) string {
	f := &faults{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		checkPackage(f, format, data)
	}()
	<-done
	return strings.Join(f.msgs, "\n")
}

// TestCheckPackageCatchesFaults breaks a good package one way at a time:
// each break is reported, so a passing check means something.
func TestCheckPackageCatchesFaults(t *testing.T) {
	in := meeting()
	build := func(parts func(Input) []part) func(edit func([]part) []part) []byte {
		return func(edit func([]part) []part) []byte {
			b, err := pack(edit(parts(in)), in.Meta.Generated)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	docx, hwpx := build(docxParts), build(hwpxParts)
	drop := func(name string) func([]part) []part {
		return func(ps []part) []part {
			var out []part
			for _, p := range ps {
				if p.name != name {
					out = append(out, p)
				}
			}
			return out
		}
	}
	change := func(name string, f func(*part)) func([]part) []part {
		return func(ps []part) []part {
			for i := range ps {
				if ps[i].name == name {
					f(&ps[i])
				}
			}
			return ps
		}
	}
	same := func(ps []part) []part { return ps }
	if got := checkFaults(t, DOCX, docx(same)); got != "" {
		t.Fatalf("the good docx: %s", got)
	}
	if got := checkFaults(t, HWPX, hwpx(same)); got != "" {
		t.Fatalf("the good hwpx: %s", got)
	}
	for _, c := range []struct {
		name, want string
		format     Format
		data       []byte
	}{
		{"numbering part missing", "missing word/numbering.xml", DOCX, docx(drop("word/numbering.xml"))},
		{"ill-formed document", "not well-formed", DOCX, docx(change("word/document.xml", func(p *part) { p.data += "<w:p>" }))},
		{"untyped part", "has no content type", DOCX, docx(func(ps []part) []part { return append(ps, part{name: "word/extra.bin", data: "x"}) })},
		{"mimetype deflated", "want stored mimetype", HWPX, hwpx(change("mimetype", func(p *part) { p.stored = false }))},
		{"mimetype not first", "want stored mimetype", HWPX, hwpx(func(ps []part) []part { return append(ps[1:], ps[0]) })},
		{"section missing", "content.hpf names missing Contents/section0.xml", HWPX, hwpx(drop("Contents/section0.xml"))},
		{"undefined shape", "undefined charPr 9", HWPX, hwpx(change("Contents/section0.xml", func(p *part) {
			p.data = strings.Replace(p.data, `charPrIDRef="2"`, `charPrIDRef="9"`, 1)
		}))},
	} {
		if got := checkFaults(t, c.format, c.data); !strings.Contains(got, c.want) {
			t.Errorf("%s: reported %q, want %q", c.name, got, c.want)
		}
	}
}
