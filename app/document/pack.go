package document

import (
	"archive/zip"
	"bytes"
	"fmt"
	"time"
)

// part is one file of a zip package.
type part struct {
	name   string
	data   string
	stored bool // written uncompressed (the mimetype of an OWPML or ODF package)
}

// zipEpoch stands in for a zero Generated time: the earliest date zip can
// hold, so a package without a date is still the same bytes every time.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// pack writes parts, in order, into a zip archive whose entries all carry
// the time at (so the same input gives the same bytes).
func pack(parts []part, at time.Time) ([]byte, error) {
	if at.IsZero() || at.Before(zipEpoch) {
		at = zipEpoch
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: at}
		if p.stored {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, fmt.Errorf("pack %s: %w", p.name, err)
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			return nil, fmt.Errorf("pack %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	return buf.Bytes(), nil
}

// xmlHead opens every XML part.
const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
