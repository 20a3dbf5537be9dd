package transcript

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK\x03\x04")
)

// binaryMagics are file signatures of things people drop by mistake:
// recordings, images, PDFs, programs.
var binaryMagics = []struct {
	magic string
	name  string
}{
	{"%PDF-", "PDF"},
	{"\x89PNG\r\n\x1a\n", "PNG"},
	{"\xff\xd8\xff", "JPEG"},
	{"GIF87a", "GIF"},
	{"GIF89a", "GIF"},
	{"\x7fELF", "ELF"},
	{"MZ", "Windows program"},
	{"\x1f\x8b", "gzip"},
	{"BZh", "bzip2"},
	{"7z\xbc\xaf\x27\x1c", "7-Zip"},
	{"Rar!\x1a\x07", "RAR"},
	{"PK\x05\x06", "empty zip"},
	{"ID3", "MP3"},
	{"OggS", "Ogg"},
	{"fLaC", "FLAC"},
	{"\x1a\x45\xdf\xa3", "Matroska/WebM"},
	{"GGUF", "GGUF model"},
	{"SQLite format 3\x00", "SQLite"},
	{"\xca\xfe\xba\xbe", "Mach-O/Java class"},
	{"\xcf\xfa\xed\xfe", "Mach-O"},
}

func binaryMagic(data []byte) string {
	for _, m := range binaryMagics {
		if bytes.HasPrefix(data, []byte(m.magic)) {
			if m.name == "Windows program" && !(len(data) > 0x40 && isMZ(data)) {
				continue // "MZ" could begin a text
			}
			return m.name
		}
	}
	if len(data) >= 12 && string(data[:4]) == "RIFF" {
		return "RIFF (WAV/AVI/WebP)"
	}
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		return "MP4/M4A"
	}
	return ""
}

func isMZ(data []byte) bool {
	// a PE file has its "PE\0\0" header offset at 0x3c
	off := int(data[0x3c]) | int(data[0x3d])<<8
	return off+4 <= len(data) && string(data[off:off+4]) == "PE\x00\x00"
}

// decode finds the encoding of text bytes. Order: BOMs, BOM-less UTF-16
// (by its NUL pattern), UTF-8, CP949; each candidate must decode without a
// single invalid byte and look like text, else ErrEncoding or ErrBinary.
func decode(data []byte) (string, Encoding, []Warning, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		s, warns, err := decodeUTF8(data[3:])
		return s, UTF8BOM, warns, err
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}):
		s, err := decodeUTF16(data[2:], false)
		return s, UTF16LE, nil, err
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s, err := decodeUTF16(data[2:], true)
		return s, UTF16BE, nil, err
	}
	if be, ok := looksUTF16(data); ok {
		s, err := decodeUTF16(data, be)
		if err == nil {
			if be {
				return s, UTF16BE, nil, nil
			}
			return s, UTF16LE, nil, nil
		}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return "", "", nil, fmt.Errorf("NUL bytes: %w", ErrBinary)
	}
	if utf8.Valid(data) || validButLastRune(data) {
		s, warns, err := decodeUTF8(data)
		return s, UTF8, warns, err
	}
	s, err := decodeCP949(data)
	if err != nil {
		return "", "", nil, err
	}
	return s, CP949, nil, nil
}

// validButLastRune: valid UTF-8 cut inside its last character (a file
// truncated by a copy or a size limit).
func validButLastRune(data []byte) bool {
	for k := 1; k <= 3 && k < len(data); k++ {
		if utf8.RuneStart(data[len(data)-k]) {
			return !utf8.FullRune(data[len(data)-k:]) && utf8.Valid(data[:len(data)-k])
		}
	}
	return false
}

func decodeUTF8(data []byte) (string, []Warning, error) {
	var warns []Warning
	if !utf8.Valid(data) {
		if !validButLastRune(data) {
			return "", nil, fmt.Errorf("invalid UTF-8 after BOM: %w", ErrEncoding)
		}
		for len(data) > 0 && !utf8.RuneStart(data[len(data)-1]) {
			data = data[:len(data)-1]
		}
		data = data[:len(data)-1]
		warns = append(warns, WarnTruncatedUTF8)
	}
	s := string(data)
	if err := checkText(s); err != nil {
		return "", nil, err
	}
	return s, warns, nil
}

// looksUTF16 spots BOM-less UTF-16 from where its NULs fall: the high bytes
// of ASCII characters (spaces, newlines, digits) are NUL, all at odd
// offsets for little endian or all at even ones for big endian.
func looksUTF16(data []byte) (bigEndian, ok bool) {
	if len(data) < 4 || len(data)%2 != 0 {
		return false, false
	}
	n := len(data)
	if n > 1<<16 {
		n = 1 << 16
	}
	var even, odd int
	for i := 0; i < n; i++ {
		if data[i] == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	total := even + odd
	if total*20 < n { // under 5% NUL: not UTF-16 of text with spaces
		return false, false
	}
	switch {
	// ASCII puts its NULs on one side; Hangul such as 가 (U+AC00) puts a
	// few on the other
	case odd > 0 && even*5 <= odd:
		return false, true
	case even > 0 && odd*5 <= even:
		return true, true
	}
	return false, false
}

func decodeUTF16(data []byte, bigEndian bool) (string, error) {
	if len(data)%2 != 0 {
		// a dangling byte: a cut file; drop it rather than refuse the text
		data = data[:len(data)-1]
	}
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
	}
	// every surrogate must be paired: utf16.Decode would put U+FFFD
	for i := 0; i < len(units); i++ {
		u := units[i]
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if i+1 >= len(units) || units[i+1] < 0xDC00 || units[i+1] >= 0xE000 {
				return "", fmt.Errorf("UTF-16 unpaired surrogate at unit %d: %w", i, ErrEncoding)
			}
			i++
		case u >= 0xDC00 && u < 0xE000:
			return "", fmt.Errorf("UTF-16 unpaired surrogate at unit %d: %w", i, ErrEncoding)
		}
	}
	s := string(utf16.Decode(units))
	if err := checkText(s); err != nil {
		return "", err
	}
	return s, nil
}

// decodeCP949 decodes EUC-KR/CP949 and accepts it only when every byte
// decoded and most of the non-ASCII characters are Hangul, as in Korean
// text; random bytes and other legacy encodings fail one of the two.
func decodeCP949(data []byte) (string, error) {
	out, err := korean.EUCKR.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("not UTF-8, not CP949: %v: %w", err, ErrEncoding)
	}
	if bytes.Contains(out, []byte("\uFFFD")) {
		return "", fmt.Errorf("not UTF-8, invalid CP949: %w", ErrEncoding)
	}
	s := string(out)
	var nonASCII, hangul int
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		nonASCII++
		if unicode.Is(unicode.Hangul, r) {
			hangul++
		}
	}
	if nonASCII == 0 || hangul*10 < nonASCII*6 {
		return "", fmt.Errorf("not UTF-8; CP949 gives %d Hangul of %d non-ASCII characters: %w", hangul, nonASCII, ErrEncoding)
	}
	if err := checkText(s); err != nil {
		return "", err
	}
	return s, nil
}

// checkText refuses decoded text that is really binary: NULs, or many
// control characters other than tab, newline, carriage return and form
// feed.
func checkText(s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("NUL characters: %w", ErrBinary)
	}
	var ctl, n int
	for _, r := range s {
		n++
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' && r != 0x1b) || r == 0x7f ||
			(r >= 0x80 && r < 0xa0) {
			ctl++
		}
	}
	if ctl > 0 && ctl*100 > n { // over 1%
		return fmt.Errorf("%d control characters in %d: %w", ctl, n, ErrBinary)
	}
	return nil
}
