package gguf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// sampleKVs holds one value of every metadata type, arrays included.
func sampleKVs() []KV {
	return []KV{
		{"general.architecture", "gemma"},
		{"general.name", "테스트 모델"},
		{"gemma.context_length", uint32(8192)},
		{"t.u8", uint8(200)}, {"t.i8", int8(-5)}, {"t.u16", uint16(65000)}, {"t.i16", int16(-300)},
		{"t.i32", int32(-70000)}, {"t.f32", float32(1e-6)}, {"t.bool", true}, {"t.u64", uint64(1 << 40)},
		{"t.i64", int64(-1 << 40)}, {"t.f64", 3.25},
		{"a.u8", []uint8{1, 2, 3}}, {"a.i8", []int8{-1, 1}}, {"a.u16", []uint16{7}}, {"a.i16", []int16{-7}},
		{"a.u32", []uint32{1, 2}}, {"a.i32", []int32{1, -2, 3}}, {"a.f32", []float32{0.5, -1}},
		{"a.bool", []bool{true, false}}, {"a.str", []string{"<bos>", "▁요약", ""}}, {"a.u64", []uint64{9}},
		{"a.i64", []int64{-9}}, {"a.f64", []float64{2.5}}, {"a.empty", []string{}},
		{"a.nested", Array{Elem: TypeArray, Values: []any{[]int32{1, 2}, []string{"x"}}}},
		{"general.alignment", uint32(32)},
	}
}

func writeSample(t testing.TB, kvs []KV) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, kv := range kvs {
		w.AddKV(kv.Key, kv.Value)
	}
	w.AddTensor("a.weight", TypeF32, 3)
	w.AddTensor("b.weight", TypeF16, 32, 2)
	w.AddTensor("c.weight", TypeQ4_0, 64, 2)
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	for _, ti := range w.Tensors() {
		if _, err := w.Write(bytes.Repeat([]byte{0x11}, int(ti.Bytes()))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	kvs := sampleKVs()
	data := writeSample(t, kvs)
	f, err := Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if f.Version != 3 || f.Alignment != 32 {
		t.Errorf("version %d alignment %d", f.Version, f.Alignment)
	}
	if !reflect.DeepEqual(f.KVs, kvs) {
		t.Errorf("metadata differs:\n got %#v\nwant %#v", f.KVs, kvs)
	}
	want := []TensorInfo{
		{Name: "a.weight", Dims: []uint64{3}, Type: TypeF32, Offset: 0},
		{Name: "b.weight", Dims: []uint64{32, 2}, Type: TypeF16, Offset: 32},
		{Name: "c.weight", Dims: []uint64{64, 2}, Type: TypeQ4_0, Offset: 160},
	}
	if !reflect.DeepEqual(f.Tensors, want) {
		t.Errorf("tensors:\n got %+v\nwant %+v", f.Tensors, want)
	}
	if f.DataOffset%32 != 0 {
		t.Errorf("data offset %d not aligned", f.DataOffset)
	}
	if end := f.DataOffset + 160 + 72; end != int64(len(data)) {
		t.Errorf("file is %d bytes, want %d", len(data), end)
	}
	// Writing what was read gives the same bytes.
	if again := writeSample(t, f.KVs); !bytes.Equal(again, data) {
		t.Error("rewrite of the parsed metadata differs")
	}
}

func TestWriterAddsAlignment(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.AddKV("general.architecture", "llama")
	if err := w.WriteHeader(); err != nil {
		t.Fatal(err)
	}
	f, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if f.Get("general.alignment") != uint32(32) {
		t.Errorf("general.alignment = %v", f.Get("general.alignment"))
	}
}

func TestWriterErrors(t *testing.T) {
	for name, build := range map[string]func(w *Writer) error{
		"bad type":      func(w *Writer) error { w.AddTensor("x", 4, 32); return w.WriteHeader() },
		"not block":     func(w *Writer) error { w.AddTensor("x", TypeQ4_0, 33); return w.WriteHeader() },
		"bad alignment": func(w *Writer) error { w.AddKV("general.alignment", uint32(3)); return w.WriteHeader() },
		"bad value":     func(w *Writer) error { w.AddKV("k", struct{}{}); return w.WriteHeader() },
		"incomplete data": func(w *Writer) error {
			w.AddTensor("x", TypeF32, 4)
			w.WriteHeader()
			w.Write(make([]byte, 3))
			return w.Close()
		},
		"too much data": func(w *Writer) error {
			w.AddTensor("x", TypeF32, 1)
			w.WriteHeader()
			_, err := w.Write(make([]byte, 5))
			return err
		},
		"mixed array": func(w *Writer) error {
			w.AddKV("k", Array{Elem: TypeUint32, Values: []any{"s"}})
			return w.WriteHeader()
		},
	} {
		if err := build(NewWriter(&bytes.Buffer{})); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// header builds raw GGUF bytes for error cases.
func header(magic string, version uint32, nTensors, nKV uint64, rest ...[]byte) []byte {
	b := []byte(magic)
	b = binary.LittleEndian.AppendUint32(b, version)
	b = binary.LittleEndian.AppendUint64(b, nTensors)
	b = binary.LittleEndian.AppendUint64(b, nKV)
	for _, r := range rest {
		b = append(b, r...)
	}
	return b
}

func kvBytes(key string, typ uint32, val []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(key)))
	b = append(b, key...)
	b = binary.LittleEndian.AppendUint32(b, typ)
	return append(b, val...)
}

func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

func tensorBytes(name string, typ uint32, offset uint64, dims ...uint64) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(name)))
	b = append(b, name...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(dims)))
	for _, d := range dims {
		b = binary.LittleEndian.AppendUint64(b, d)
	}
	b = binary.LittleEndian.AppendUint32(b, typ)
	return binary.LittleEndian.AppendUint64(b, offset)
}

// errorCases are malformed inputs and the sentinel each must produce; they
// also seed the fuzzer.
func errorCases(t testing.TB) []struct {
	name string
	data []byte
	want error
} {
	good := writeSample(t, sampleKVs())
	return []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotGGUF},
		{"text", []byte("회의록\n민수: 안녕하세요\n"), ErrNotGGUF},
		{"short magic", []byte("GG"), ErrNotGGUF},
		{"version 1", header("GGUF", 1, 0, 0), ErrVersion},
		{"version 4", header("GGUF", 4, 0, 0), ErrVersion},
		{"big endian", header("GGUF", 3<<24, 0, 0), ErrVersion},
		{"header cut", header("GGUF", 3, 0, 0)[:12], ErrTruncated},
		{"huge tensor count", header("GGUF", 3, 1<<62, 0), ErrCorrupt},
		{"tensor count beyond file", header("GGUF", 3, 1000, 0), ErrTruncated},
		{"huge kv count", header("GGUF", 3, 0, 1<<40), ErrCorrupt},
		{"huge string", header("GGUF", 3, 0, 1, u64(1<<40), make([]byte, 16)), ErrCorrupt},
		{"string beyond file", header("GGUF", 3, 0, 1, u64(100), []byte("abc")), ErrTruncated},
		{"huge array", header("GGUF", 3, 0, 1, kvBytes("k", 9, append(u32(4), u64(1<<31-1)...))), ErrTruncated},
		{"array of unknown", header("GGUF", 3, 0, 1, kvBytes("k", 9, append(u32(99), u64(1)...))), ErrCorrupt},
		{"unknown value type", header("GGUF", 3, 0, 1, kvBytes("k", 13, nil)), ErrCorrupt},
		{"bad bool", header("GGUF", 3, 0, 1, kvBytes("k", 7, []byte{2})), ErrCorrupt},
		{"duplicate key", header("GGUF", 3, 0, 2, kvBytes("k", 0, []byte{1}), kvBytes("k", 0, []byte{1})), ErrCorrupt},
		{"bad alignment", header("GGUF", 3, 0, 1, kvBytes("general.alignment", 4, u32(24))), ErrCorrupt},
		{"alignment wrong type", header("GGUF", 3, 0, 1, kvBytes("general.alignment", 10, u64(32))), ErrCorrupt},
		{"unknown tensor type", header("GGUF", 3, 1, 0, tensorBytes("x", 4, 0, 32), make([]byte, 200)), ErrCorrupt},
		{"too many dims", header("GGUF", 3, 1, 0, tensorBytes("x", 0, 0, 1, 1, 1, 1, 1), make([]byte, 200)), ErrCorrupt},
		{"row not block", header("GGUF", 3, 1, 0, tensorBytes("x", 2, 0, 33), make([]byte, 200)), ErrCorrupt},
		{"shape overflow", header("GGUF", 3, 1, 0, tensorBytes("x", 0, 0, 1<<40, 1<<40), make([]byte, 200)), ErrCorrupt},
		// 2^62 F32 elements fit an int64; their 2^64 bytes wrap a uint64 to 0.
		{"byte size overflow", header("GGUF", 3, 1, 0, tensorBytes("x", 0, 0, 1<<62), make([]byte, 200)), ErrCorrupt},
		{"F64 byte size overflow", header("GGUF", 3, 1, 0, tensorBytes("x", 28, 0, 1<<61), make([]byte, 200)), ErrCorrupt},
		{"bad offset", header("GGUF", 3, 1, 0, tensorBytes("x", 0, 64, 4), make([]byte, 200)), ErrCorrupt},
		{"duplicate tensor", header("GGUF", 3, 2, 0, tensorBytes("x", 0, 0, 4), tensorBytes("x", 0, 32, 4), make([]byte, 200)), ErrCorrupt},
		{"data missing", header("GGUF", 3, 1, 0, tensorBytes("x", 0, 0, 1000)), ErrTruncated},
		{"one byte short", good[:len(good)-1], ErrTruncated},
		{"cut in metadata", good[:100], ErrTruncated},
		{"cut before data", good[:len(good)-232], ErrTruncated},
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range errorCases(t) {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(c.data), int64(len(c.data)))
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, kvs []KV) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, writeSample(t, kvs), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.gguf", sampleKVs())
	info, err := Inspect(good)
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Path: good, Name: "테스트 모델", Architecture: "gemma", FileType: -1, Quantization: "Q4_0",
		ContextLength: 8192, Size: info.Size, TensorCount: 3, Parameters: 3 + 64 + 128}
	if !reflect.DeepEqual(info, want) {
		t.Errorf("info:\n got %+v\nwant %+v", info, want)
	}
	if st, _ := os.Stat(good); st.Size() != info.Size {
		t.Errorf("size %d, file %d", info.Size, st.Size())
	}

	withFT := append(sampleKVs(), KV{"general.file_type", uint32(15)})
	if info, err := Inspect(write("ft.gguf", withFT)); err != nil || info.Quantization != "Q4_K_M" || info.FileType != 15 {
		t.Errorf("file type: %+v, %v", info, err)
	}

	foreign := sampleKVs()
	foreign[0].Value = "bert-nonsense"
	noArch := sampleKVs()[1:]
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("hello"), 0o644)
	for _, c := range []struct {
		path string
		want error
	}{
		{write("foreign.gguf", foreign), ErrUnsupportedArch},
		{write("noarch.gguf", noArch), ErrUnsupportedArch},
		{text, ErrNotGGUF},
		{dir, ErrNotGGUF},
	} {
		if _, err := Inspect(c.path); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", filepath.Base(c.path), err, c.want)
		}
	}
	if _, err := Inspect(filepath.Join(dir, "missing.gguf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestSupportedArch(t *testing.T) {
	for arch, want := range map[string]bool{"gemma": true, "gemma2": true, "gemma3": true, "llama": true,
		"qwen2": true, "qwen3": true, "phi3": true, "clip": false, "bert-nonsense": false, "": false} {
		if SupportedArch(arch) != want {
			t.Errorf("SupportedArch(%q) = %v", arch, !want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(writeSample(f, sampleKVs()))
	for _, c := range errorCases(f) {
		f.Add(c.data)
	}
	for _, c := range hparamCases() {
		f.Add(writeSample(f, c.kvs))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			for _, s := range []error{ErrNotGGUF, ErrVersion, ErrTruncated, ErrCorrupt} {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error without a sentinel: %v", err)
		}
		for _, ti := range file.Tensors {
			if end := uint64(file.DataOffset) + ti.Offset + ti.Bytes(); end > uint64(len(data)) {
				t.Fatalf("tensor %q ends at %d beyond %d", ti.Name, end, len(data))
			}
		}
		info := Describe(file)
		if err := checkHyperparams(file, info.Architecture); err != nil && !errors.Is(err, ErrHyperparams) {
			t.Fatalf("hyperparameter error without its sentinel: %v", err)
		}
	})
}
