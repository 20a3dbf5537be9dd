package transcript

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// maxUnpacked caps what the XML of one .docx/.hwpx may unpack to, so a zip
// bomb (a few KB that inflate to gigabytes) is refused with
// ErrUnpackedTooLarge after reading at most this much, with at most
// maxToken of it in memory at once.
var maxUnpacked int64 = 200 << 20

// readZipDocument reads a .docx or .hwpx; any other zip is not a document.
func readZipDocument(name string, data []byte) (Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Document{}, fmt.Errorf("open zip: %v: %w", err, ErrDamaged)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	budget := maxUnpacked
	var text strings.Builder
	var format Format
	switch {
	case files["word/document.xml"] != nil:
		format = DOCX
		if err := extractXML(files["word/document.xml"], docxRules, &text, &budget); err != nil {
			return Document{}, fmt.Errorf("word/document.xml: %w", err)
		}
	case isHWPX(files):
		format = HWPX
		for _, f := range hwpxSections(files) {
			if err := extractXML(f, hwpxRules, &text, &budget); err != nil {
				return Document{}, fmt.Errorf("%s: %w", f.Name, err)
			}
		}
	default:
		return Document{}, fmt.Errorf("zip archive that is neither .docx nor .hwpx: %w", ErrBinary)
	}
	doc, err := parseText(name, text.String())
	if err != nil {
		return Document{}, err
	}
	doc.Format, doc.Encoding = format, UTF8
	return finish(doc)
}

func isHWPX(files map[string]*zip.File) bool {
	if f := files["mimetype"]; f != nil && f.UncompressedSize64 < 100 {
		if rc, err := f.Open(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			if strings.HasPrefix(strings.TrimSpace(string(b)), "application/hwp") {
				return true
			}
		}
	}
	return len(hwpxSections(files)) > 0 && files["Contents/content.hpf"] != nil ||
		files["Contents/section0.xml"] != nil
}

var sectionName = regexp.MustCompile(`^Contents/section(\d+)\.xml$`)

// hwpxSections lists the body sections in reading order: the spine of
// Contents/content.hpf when it names them, else section0, section1, … by
// number.
func hwpxSections(files map[string]*zip.File) []*zip.File {
	if f := files["Contents/content.hpf"]; f != nil && f.UncompressedSize64 < 4<<20 {
		if order := hpfSpine(f); len(order) > 0 {
			var out []*zip.File
			for _, href := range order {
				for _, cand := range []string{href, path.Join("Contents", href)} {
					if sf := files[cand]; sf != nil && sectionName.MatchString(cand) {
						out = append(out, sf)
						break
					}
				}
			}
			if len(out) > 0 {
				return out
			}
		}
	}
	type numbered struct {
		n int
		f *zip.File
	}
	var ns []numbered
	for name, f := range files {
		if m := sectionName.FindStringSubmatch(name); m != nil {
			n, _ := strconv.Atoi(m[1])
			ns = append(ns, numbered{n, f})
		}
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].n < ns[j].n })
	out := make([]*zip.File, len(ns))
	for i, x := range ns {
		out[i] = x.f
	}
	return out
}

// hpfSpine reads the OPF manifest and spine of content.hpf and returns the
// hrefs of the spine's items in order.
func hpfSpine(f *zip.File) []string {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, 4<<20))
	dec.Strict = false
	hrefs := map[string]string{}
	var spine []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "item":
			hrefs[attr(se, "id")] = attr(se, "href")
		case "itemref":
			spine = append(spine, attr(se, "idref"))
		}
	}
	var out []string
	for _, id := range spine {
		if h := hrefs[id]; h != "" {
			out = append(out, h)
		}
	}
	return out
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xmlRules name the elements (by local name) that carry a format's text.
type xmlRules struct {
	paragraph string              // ends a line
	text      string              // character data inside is text
	breaks    map[string]string   // empty elements that stand for characters
	skip      map[string]struct{} // subtrees to ignore (alternate renderings)
}

var docxRules = xmlRules{
	paragraph: "p", text: "t",
	breaks: map[string]string{"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"},
	skip:   map[string]struct{}{"Fallback": {}, "delText": {}, "instrText": {}},
}

var hwpxRules = xmlRules{
	paragraph: "p", text: "t",
	breaks: map[string]string{"tab": "\t", "lineBreak": "\n", "fwSpace": " ", "nbSpace": " ", "hyphen": "-"},
	skip:   map[string]struct{}{"Fallback": {}},
}

// maxToken caps one XML token (a run of text, a tag with its attributes):
// the decoder holds a whole token in memory, so without it a single text
// run of a zip bomb would be buffered up to maxUnpacked, several times over
// as the buffer grows. No real document has a run anywhere near this long.
var maxToken int64 = 8 << 20

// unpackReader counts the unpacked bytes read and stops the XML decoder
// with ErrUnpackedTooLarge once the part passes its budget or one token
// passes maxToken (read since the last token ended, plus the decoder's
// read-ahead), so memory stays bounded whatever the archive inflates to.
type unpackReader struct {
	r      io.Reader
	read   int64 // bytes read so far
	budget int64 // bytes this part may unpack to
	mark   int64 // read when the last token ended
	over   bool  // a limit was reached (the decoder may report it as a syntax error)
}

func (u *unpackReader) Read(p []byte) (int, error) {
	if u.read >= u.budget || u.read-u.mark >= maxToken+readAhead {
		u.over = true
		return 0, ErrUnpackedTooLarge
	}
	p = p[:min(int64(len(p)), u.budget-u.read, maxToken+readAhead-(u.read-u.mark))]
	n, err := u.r.Read(p)
	u.read += int64(n)
	return n, err
}

// readAhead is more than the XML decoder buffers beyond a token (bufio's 4 KB).
const readAhead = 64 << 10

// extractXML streams one XML part, appending paragraphs' text to out.
func extractXML(f *zip.File, rules xmlRules, out *strings.Builder, budget *int64) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%v: %w", err, ErrDamaged)
	}
	defer rc.Close()
	return extractXMLFrom(rc, rules, out, budget)
}

// extractXMLFrom is extractXML over the unpacked bytes of a part.
func extractXMLFrom(r io.Reader, rules xmlRules, out *strings.Builder, budget *int64) error {
	lr := &unpackReader{r: r, budget: *budget}
	dec := xml.NewDecoder(lr)
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	inText, skipDepth, depth := 0, 0, 0
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if lr.over || errors.Is(err, ErrUnpackedTooLarge) {
			return fmt.Errorf("unpacked past %d bytes: %w", lr.read, ErrUnpackedTooLarge)
		}
		if err != nil {
			return fmt.Errorf("%v: %w", err, ErrDamaged)
		}
		lr.mark = lr.read
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if skipDepth > 0 {
				continue
			}
			if _, ok := rules.skip[t.Name.Local]; ok {
				skipDepth = depth
				continue
			}
			switch {
			case t.Name.Local == rules.text:
				inText++
			default:
				if s, ok := rules.breaks[t.Name.Local]; ok {
					out.WriteString(s)
				}
			}
		case xml.EndElement:
			if skipDepth > 0 {
				if depth == skipDepth {
					skipDepth = 0
				}
				depth--
				continue
			}
			depth--
			switch t.Name.Local {
			case rules.text:
				if inText > 0 {
					inText--
				}
			case rules.paragraph:
				out.WriteByte('\n')
			}
		case xml.CharData:
			if inText > 0 && skipDepth == 0 {
				out.Write(t)
			}
		}
		if out.Len() > MaxBytes {
			return fmt.Errorf("text past %d bytes: %w", MaxBytes, ErrUnpackedTooLarge)
		}
	}
	*budget -= lr.read
	return nil
}
