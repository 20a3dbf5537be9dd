package transcript

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"
)

// encode turns UTF-8 test text into the bytes another encoding would have
// written, the way a Korean Windows editor or Excel saves files.
func encode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

var (
	utf16LEBOM = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	utf16BEBOM = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
	utf16LE    = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	utf16BE    = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	cp949      = korean.EUCKR
)

// zipOf builds a zip archive of name → content, in the given order.
func zipOf(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		method := zip.Deflate
		if files[i] == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: files[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docx builds a minimal Word document whose body has one w:p per
// paragraph; "\t" in a paragraph becomes w:tab, "\n" w:br, and each
// paragraph is split into two runs to check runs are joined.
func docx(t testing.TB, paragraphs ...string) []byte {
	t.Helper()
	var body strings.Builder
	for _, p := range paragraphs {
		body.WriteString(`<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>`)
		half := len([]rune(p)) / 2
		for k, part := range []string{string([]rune(p)[:half]), string([]rune(p)[half:])} {
			body.WriteString(`<w:r><w:rPr><w:b/></w:rPr>`)
			for j, seg := range strings.Split(part, "\t") {
				if j > 0 {
					body.WriteString(`<w:tab/>`)
				}
				for i, line := range strings.Split(seg, "\n") {
					if i > 0 {
						body.WriteString(`<w:br/>`)
					}
					if line != "" {
						fmt.Fprintf(&body, `<w:t xml:space="preserve">%s</w:t>`, html.EscapeString(line))
					}
				}
			}
			body.WriteString(`</w:r>`)
			if k == 0 {
				// deleted text of a tracked change is not part of the document
				body.WriteString(`<w:del><w:r><w:delText>지운 글</w:delText></w:r></w:del>`)
			}
		}
		body.WriteString(`</w:p>`)
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<w:body>` + body.String() + `<w:sectPr/></w:body></w:document>`
	return zipOf(t,
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels", `<?xml version="1.0"?><Relationships/>`,
		"word/document.xml", doc,
	)
}

// hwpxSection renders paragraphs as an OWPML section.
func hwpxSection(paragraphs ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">`)
	for i, p := range paragraphs {
		fmt.Fprintf(&b, `<hp:p id="%d" paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">`, i)
		if i == 0 {
			b.WriteString(`<hp:secPr/><hp:ctrl><hp:colPr/></hp:ctrl>`)
		}
		b.WriteString(`<hp:t>`)
		for j, seg := range strings.Split(p, "\t") {
			if j > 0 {
				b.WriteString(`<hp:tab width="4000"/>`)
			}
			b.WriteString(html.EscapeString(seg))
		}
		b.WriteString(`</hp:t></hp:run><hp:linesegarray><hp:lineseg textpos="0"/></hp:linesegarray></hp:p>`)
	}
	b.WriteString(`</hs:sec>`)
	return b.String()
}

// hwpx builds a Hangul document: mimetype, content.hpf with a spine
// listing the sections (in the order given), and the sections.
func hwpx(t testing.TB, sections ...[]string) []byte {
	t.Helper()
	var manifest, spine strings.Builder
	files := []string{"mimetype", "application/hwp+zip", "version.xml", `<?xml version="1.0"?><hv:HCFVersion/>`}
	var secFiles []string
	for i, paras := range sections {
		fmt.Fprintf(&manifest, `<opf:item id="section%d" href="Contents/section%d.xml" media-type="application/xml"/>`, i, i)
		fmt.Fprintf(&spine, `<opf:itemref idref="section%d" linear="yes"/>`, i)
		secFiles = append(secFiles, fmt.Sprintf("Contents/section%d.xml", i), hwpxSection(paras...))
	}
	hpf := `<?xml version="1.0" encoding="UTF-8"?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>` +
		manifest.String() + `</opf:manifest><opf:spine><opf:itemref idref="header" linear="yes"/>` + spine.String() + `</opf:spine></opf:package>`
	files = append(files, "Contents/content.hpf", hpf, "Contents/header.xml", `<?xml version="1.0"?><hh:head/>`)
	// sections stored in reverse, so reading order must come from the spine
	for i := len(secFiles) - 2; i >= 0; i -= 2 {
		files = append(files, secFiles[i], secFiles[i+1])
	}
	return zipOf(t, files...)
}

// oleHWP is the start of a legacy HWP 5 file: the OLE compound-file
// signature and header, then the FileHeader stream's signature.
func oleHWP() []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	b = append(b, []byte("HWP Document File")...)
	return append(b, make([]byte, 512)...)
}

// lazyReader yields n bytes of 'a' without ever holding them.
type lazyReader struct{ n int64 }

func (r *lazyReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := int64(len(p))
	if k > r.n {
		k = r.n
	}
	for i := range p[:k] {
		p[i] = 'a'
	}
	r.n -= k
	return int(k), nil
}
