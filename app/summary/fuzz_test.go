package summary

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParser: any answer, cut anywhere, parses to the same summary as in
// one piece, and never panics. cuts picks the piece lengths.
func FuzzParser(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in, []byte{1, 3, 7})
	}
	for _, a := range answers(f) {
		f.Add(a, []byte{2, 5, 1, 9, 4})
	}
	f.Fuzz(func(t *testing.T, in string, cuts []byte) {
		want := Parse(in)
		var p Parser
		rest := in
		for i := 0; len(rest) > 0; i++ {
			n := len(rest)
			if len(cuts) > 0 {
				n = min(n, 1+int(cuts[i%len(cuts)]))
			}
			p.Feed(rest[:n])
			_ = p.Summary()
			rest = rest[n:]
		}
		p.Close()
		got := p.Summary()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("pieces differ from whole\ngot  %#v\nwant %#v", got, want)
		}
		if got.Raw != in {
			t.Fatalf("raw %q, want %q", got.Raw, in)
		}
		for _, f := range []Format{Text, Markdown, JSON} {
			out := Render(got, f)
			if utf8.ValidString(in) && !utf8.ValidString(out) {
				t.Fatalf("render %s of valid input is invalid UTF-8: %q", f, out)
			}
		}
	})
}

// FuzzGuard: Feed never panics, the same text stops the guard wherever it
// is cut, and Trim never grows valid text nor changes a single line the
// guard let through.
func FuzzGuard(f *testing.F) {
	for _, c := range loopCases {
		f.Add(c.prefix+c.loop+c.after, uint8(3))
	}
	for _, a := range answers(f) {
		f.Add(a, uint8(1))
	}
	f.Add("의 의 의 의 의", uint8(0))
	f.Fuzz(func(t *testing.T, text string, step uint8) {
		// Stopping at the copy Trim starts cutting at makes "no stop, no
		// cut" checkable below.
		whole := Guard{StopRepeats: 3}
		stopWhole := whole.Feed(text)
		pieces := Guard{StopRepeats: 3}
		stopPieces := false
		n := 1 + int(step%16)
		for i := 0; i < len(text); i += n {
			if pieces.Feed(text[i:min(len(text), i+n)]) {
				stopPieces = true
			}
		}
		if stopWhole != stopPieces {
			t.Fatalf("stop whole %v, in pieces of %d %v", stopWhole, n, stopPieces)
		}
		trimmed := whole.Trim(text)
		if !utf8.ValidString(text) {
			return // the engine sends whole UTF-8; Trim then writes U+FFFD for bad bytes
		}
		if len(trimmed) > len(text) {
			t.Fatalf("Trim grew %q to %q", text, trimmed)
		}
		if !utf8.ValidString(trimmed) {
			t.Fatalf("Trim broke UTF-8: %q", trimmed)
		}
		if !stopWhole && trimmed != text && !strings.Contains(text, "\n") {
			// Without a stop there can still be a loop the stream guard
			// missed only through the line window; single lines must agree.
			t.Fatalf("Trim changed %q to %q though Feed saw no loop", text, trimmed)
		}
	})
}
