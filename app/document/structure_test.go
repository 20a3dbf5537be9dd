package document

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"
)

// checkPackage fails t unless data is a sound package of format f: a zip
// whose XML parts are all well-formed, and whose content types and
// relationships (docx) or container, manifest and spine (hwpx) name only
// parts that exist.
func checkPackage(t testing.TB, f Format, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: not a zip: %v", f, err)
	}
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatalf("%s: open %s: %v", f, zf.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: read %s: %v", f, zf.Name, err)
		}
		if _, dup := parts[zf.Name]; dup {
			t.Fatalf("%s: %s twice", f, zf.Name)
		}
		parts[zf.Name] = string(b)
		switch path.Ext(zf.Name) {
		case ".xml", ".rels", ".hpf":
			if err := wellFormed(b); err != nil {
				t.Fatalf("%s: %s is not well-formed XML: %v", f, zf.Name, err)
			}
		}
	}
	switch f {
	case DOCX:
		checkDOCX(t, parts)
	case HWPX:
		checkHWPX(t, zr, parts)
	}
}

// wellFormed parses b strictly to its end.
func wellFormed(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// elems returns the attributes of every element named local in doc.
func elems(t testing.TB, doc, local string) []map[string]string {
	t.Helper()
	var out []map[string]string
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			m := map[string]string{}
			for _, a := range se.Attr {
				m[a.Name.Local] = a.Value
			}
			out = append(out, m)
		}
	}
}

func checkDOCX(t testing.TB, parts map[string]string) {
	t.Helper()
	ct, ok := parts["[Content_Types].xml"]
	if !ok {
		t.Fatal("docx: no [Content_Types].xml")
	}
	defaults, overrides := map[string]bool{}, map[string]bool{}
	for _, d := range elems(t, ct, "Default") {
		defaults[d["Extension"]] = true
	}
	for _, o := range elems(t, ct, "Override") {
		name := strings.TrimPrefix(o["PartName"], "/")
		if _, ok := parts[name]; !ok {
			t.Errorf("docx: content type for missing part %s", name)
		}
		overrides[name] = true
	}
	for name := range parts {
		if name != "[Content_Types].xml" && !overrides[name] && !defaults[strings.TrimPrefix(path.Ext(name), ".")] {
			t.Errorf("docx: part %s has no content type", name)
		}
	}
	if !overrides["word/document.xml"] {
		t.Error("docx: word/document.xml is not typed as the main document")
	}
	for name, data := range parts {
		if path.Ext(name) != ".rels" {
			continue
		}
		// _rels/x.rels describes x, relative to x's folder.
		base := path.Dir(path.Dir(name))
		for _, r := range elems(t, data, "Relationship") {
			if r["TargetMode"] == "External" {
				continue
			}
			target := path.Join(base, r["Target"])
			if strings.HasPrefix(r["Target"], "/") {
				target = strings.TrimPrefix(r["Target"], "/")
			}
			if _, ok := parts[target]; !ok {
				t.Errorf("docx: %s points at missing %s", name, target)
			}
		}
	}
	if _, ok := parts["_rels/.rels"]; !ok {
		t.Error("docx: no _rels/.rels")
	}
}

func checkHWPX(t testing.TB, zr *zip.Reader, parts map[string]string) {
	t.Helper()
	first := zr.File[0]
	if first.Name != "mimetype" || first.Method != zip.Store || parts["mimetype"] != hwpxMime {
		t.Fatalf("hwpx: first entry %q (method %d) = %q, want stored mimetype %q", first.Name, first.Method, parts[first.Name], hwpxMime)
	}
	for _, need := range []string{"version.xml", "settings.xml", "META-INF/container.xml", "Contents/content.hpf", "Contents/header.xml", "Contents/section0.xml"} {
		if _, ok := parts[need]; !ok {
			t.Errorf("hwpx: no %s", need)
		}
	}
	for _, r := range elems(t, parts["META-INF/container.xml"], "rootfile") {
		if _, ok := parts[r["full-path"]]; !ok {
			t.Errorf("hwpx: container names missing %s", r["full-path"])
		}
	}
	ids := map[string]bool{}
	for _, it := range elems(t, parts["Contents/content.hpf"], "item") {
		if _, ok := parts[it["href"]]; !ok {
			t.Errorf("hwpx: content.hpf names missing %s", it["href"])
		}
		ids[it["id"]] = true
	}
	for _, ref := range elems(t, parts["Contents/content.hpf"], "itemref") {
		if !ids[ref["idref"]] {
			t.Errorf("hwpx: spine refers to unknown item %s", ref["idref"])
		}
	}
	// Every shape a paragraph or run refers to is defined in the header.
	head := parts["Contents/header.xml"]
	defined := func(local string) map[string]bool {
		m := map[string]bool{}
		for _, e := range elems(t, head, local) {
			m[e["id"]] = true
		}
		return m
	}
	paraPr, charPr := defined("paraPr"), defined("charPr")
	for _, p := range elems(t, parts["Contents/section0.xml"], "p") {
		if !paraPr[p["paraPrIDRef"]] {
			t.Errorf("hwpx: paragraph uses undefined paraPr %s", p["paraPrIDRef"])
		}
	}
	for _, r := range elems(t, parts["Contents/section0.xml"], "run") {
		if !charPr[r["charPrIDRef"]] {
			t.Errorf("hwpx: run uses undefined charPr %s", r["charPrIDRef"])
		}
	}
}
