package gguf

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Limits that keep a corrupt or hostile header from making the reader
// allocate without bound; every count is also checked against the bytes left.
const (
	maxStringLen  = 1 << 30 // as ggml's GGUF_MAX_STRING_LENGTH
	maxArrayDepth = 4
	maxDims       = 4  // GGML_MAX_DIMS
	maxNameLen    = 63 // GGML_MAX_NAME - 1
)

// decoder reads little-endian values from a bounded byte range and turns an
// early end into ErrTruncated.
type decoder struct {
	r    *bufio.Reader
	pos  int64
	size int64
	buf  [8]byte
}

func (d *decoder) remaining() int64 { return d.size - d.pos }

func (d *decoder) read(n int) ([]byte, error) {
	if int64(n) > d.remaining() {
		return nil, fmt.Errorf("reading %d bytes at offset %d of %d: %w", n, d.pos, d.size, ErrTruncated)
	}
	b := d.buf[:n]
	if _, err := io.ReadFull(d.r, b); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("reading at offset %d: %w", d.pos, ErrTruncated)
		}
		return nil, fmt.Errorf("reading at offset %d: %w", d.pos, err)
	}
	d.pos += int64(n)
	return b, nil
}

func (d *decoder) u8() (uint8, error) {
	b, err := d.read(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (d *decoder) u16() (uint16, error) {
	b, err := d.read(2)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(b), nil
}

func (d *decoder) u32() (uint32, error) {
	b, err := d.read(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b), nil
}

func (d *decoder) u64() (uint64, error) {
	b, err := d.read(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b), nil
}

func (d *decoder) str() (string, error) {
	n, err := d.u64()
	if err != nil {
		return "", err
	}
	if n > maxStringLen {
		return "", fmt.Errorf("string of %d bytes at offset %d: %w", n, d.pos, ErrCorrupt)
	}
	if int64(n) > d.remaining() {
		return "", fmt.Errorf("string of %d bytes at offset %d: %w", n, d.pos, ErrTruncated)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		return "", fmt.Errorf("reading string at offset %d: %w", d.pos, ErrTruncated)
	}
	d.pos += int64(n)
	return string(b), nil
}

// count reads an element count and checks that the bytes left can hold it
// at minSize bytes per element, so nothing is allocated from a lie.
func (d *decoder) count(what string, minSize int64) (int, error) {
	n, err := d.u64()
	if err != nil {
		return 0, err
	}
	if n > uint64(math.MaxInt32) {
		return 0, fmt.Errorf("%s count %d: %w", what, n, ErrCorrupt)
	}
	if int64(n)*minSize > d.remaining() {
		return 0, fmt.Errorf("%s count %d needs more than the %d bytes left: %w", what, n, d.remaining(), ErrTruncated)
	}
	return int(n), nil
}

func (d *decoder) value(t ValueType, depth int) (any, error) {
	switch t {
	case TypeUint8:
		return d.u8()
	case TypeInt8:
		v, err := d.u8()
		return int8(v), err
	case TypeUint16:
		return d.u16()
	case TypeInt16:
		v, err := d.u16()
		return int16(v), err
	case TypeUint32:
		return d.u32()
	case TypeInt32:
		v, err := d.u32()
		return int32(v), err
	case TypeFloat32:
		v, err := d.u32()
		return math.Float32frombits(v), err
	case TypeBool:
		v, err := d.u8()
		if err == nil && v > 1 {
			return nil, fmt.Errorf("bool value %d at offset %d: %w", v, d.pos-1, ErrCorrupt)
		}
		return v == 1, err
	case TypeString:
		return d.str()
	case TypeUint64:
		return d.u64()
	case TypeInt64:
		v, err := d.u64()
		return int64(v), err
	case TypeFloat64:
		v, err := d.u64()
		return math.Float64frombits(v), err
	case TypeArray:
		return d.array(depth + 1)
	}
	return nil, fmt.Errorf("value type %d at offset %d: %w", uint32(t), d.pos, ErrCorrupt)
}

func (d *decoder) array(depth int) (any, error) {
	if depth > maxArrayDepth {
		return nil, fmt.Errorf("arrays nested deeper than %d: %w", maxArrayDepth, ErrCorrupt)
	}
	et, err := d.u32()
	if err != nil {
		return nil, err
	}
	elem := ValueType(et)
	minSize := int64(elem.fixedSize())
	switch elem {
	case TypeString:
		minSize = 8
	case TypeArray:
		minSize = 12
	}
	if minSize == 0 {
		return nil, fmt.Errorf("array of value type %d: %w", et, ErrCorrupt)
	}
	n, err := d.count("array", minSize)
	if err != nil {
		return nil, err
	}
	switch elem {
	case TypeUint8:
		return readSlice(d, n, d.u8)
	case TypeInt8:
		return readSlice(d, n, func() (int8, error) { v, err := d.u8(); return int8(v), err })
	case TypeUint16:
		return readSlice(d, n, d.u16)
	case TypeInt16:
		return readSlice(d, n, func() (int16, error) { v, err := d.u16(); return int16(v), err })
	case TypeUint32:
		return readSlice(d, n, d.u32)
	case TypeInt32:
		return readSlice(d, n, func() (int32, error) { v, err := d.u32(); return int32(v), err })
	case TypeFloat32:
		return readSlice(d, n, func() (float32, error) { v, err := d.u32(); return math.Float32frombits(v), err })
	case TypeBool:
		return readSlice(d, n, func() (bool, error) {
			v, err := d.u8()
			if err == nil && v > 1 {
				return false, fmt.Errorf("bool value %d: %w", v, ErrCorrupt)
			}
			return v == 1, err
		})
	case TypeString:
		return readSlice(d, n, d.str)
	case TypeUint64:
		return readSlice(d, n, d.u64)
	case TypeInt64:
		return readSlice(d, n, func() (int64, error) { v, err := d.u64(); return int64(v), err })
	case TypeFloat64:
		return readSlice(d, n, func() (float64, error) { v, err := d.u64(); return math.Float64frombits(v), err })
	}
	// TypeArray: an array of arrays.
	vals, err := readSlice(d, n, func() (any, error) { return d.array(depth) })
	if err != nil {
		return nil, err
	}
	return Array{Elem: TypeArray, Values: vals}, nil
}

func readSlice[T any](d *decoder, n int, next func() (T, error)) ([]T, error) {
	out := make([]T, n)
	for i := range out {
		v, err := next()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// Read parses and validates the GGUF header in r (size bytes long): magic,
// version, metadata, tensor infos (known types, shapes, names), and that every
// tensor's data lies inside the file where llama.cpp expects it. It reads no
// tensor data. Errors wrap ErrNotGGUF, ErrVersion, ErrTruncated or ErrCorrupt.
func Read(r io.ReaderAt, size int64) (*File, error) {
	d := &decoder{r: bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 1<<16), size: size}
	f, nTensors, nKV, err := readPreamble(d, size)
	if err != nil {
		return nil, err
	}
	if err := readMetadata(d, f, nKV); err != nil {
		return nil, err
	}
	f.Tensors = make([]TensorInfo, 0, nTensors)
	names := make(map[string]bool, nTensors)
	for i := range nTensors {
		t, err := readTensorInfo(d, i, names)
		if err != nil {
			return nil, err
		}
		f.Tensors = append(f.Tensors, t)
	}
	if err := checkDataLayout(f, d.pos, nTensors, size); err != nil {
		return nil, err
	}
	return f, nil
}

// readPreamble reads the fixed start of the header: the magic, a version this
// reader knows, and the tensor and metadata counts, each checked against the
// bytes left before anything is allocated for them.
func readPreamble(d *decoder, size int64) (f *File, nTensors, nKV int, err error) {
	magic, err := d.read(4)
	if err != nil || string(magic) != Magic {
		return nil, 0, 0, fmt.Errorf("magic: %w", ErrNotGGUF)
	}
	f = &File{Size: size, Alignment: DefaultAlignment}
	if f.Version, err = d.u32(); err != nil {
		return nil, 0, 0, err
	}
	if f.Version != 2 && f.Version != 3 {
		return nil, 0, 0, fmt.Errorf("version %d (want 2 or 3): %w", f.Version, ErrVersion)
	}
	if nTensors, err = d.count("tensor", 24); err != nil {
		return nil, 0, 0, err
	}
	if nKV, err = d.count("metadata", 13); err != nil {
		return nil, 0, 0, err
	}
	return f, nTensors, nKV, nil
}

// readMetadata reads the nKV key-value pairs into f.KVs, refusing duplicate
// keys, then applies general.alignment, which must be read before the tensor
// data can be placed.
func readMetadata(d *decoder, f *File, nKV int) error {
	f.KVs = make([]KV, 0, nKV)
	seen := make(map[string]bool, nKV)
	for range nKV {
		key, err := d.str()
		if err != nil {
			return fmt.Errorf("metadata key: %w", err)
		}
		if seen[key] {
			return fmt.Errorf("duplicate metadata key %q: %w", key, ErrCorrupt)
		}
		seen[key] = true
		t, err := d.u32()
		if err != nil {
			return fmt.Errorf("metadata %q: %w", key, err)
		}
		v, err := d.value(ValueType(t), 0)
		if err != nil {
			return fmt.Errorf("metadata %q: %w", key, err)
		}
		f.KVs = append(f.KVs, KV{Key: key, Value: v})
	}
	if v := f.Get("general.alignment"); v != nil {
		a, ok := v.(uint32)
		if !ok || a == 0 || a&(a-1) != 0 {
			return fmt.Errorf("general.alignment %v is not a power of two uint32: %w", v, ErrCorrupt)
		}
		f.Alignment = uint64(a)
	}
	return nil
}

// readTensorInfo reads tensor i's name, shape, type and data offset, and
// checks each as llama.cpp would: a bounded name not in names (which it then
// joins), at most maxDims dimensions whose product does not overflow, a known
// type, and rows that hold whole blocks of it.
func readTensorInfo(d *decoder, i int, names map[string]bool) (TensorInfo, error) {
	var t TensorInfo
	var err error
	if t.Name, err = d.str(); err != nil {
		return t, fmt.Errorf("tensor %d name: %w", i, err)
	}
	if len(t.Name) > maxNameLen {
		return t, fmt.Errorf("tensor %d name of %d bytes: %w", i, len(t.Name), ErrCorrupt)
	}
	if names[t.Name] {
		return t, fmt.Errorf("duplicate tensor %q: %w", t.Name, ErrCorrupt)
	}
	names[t.Name] = true
	nd, err := d.u32()
	if err != nil {
		return t, fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	if nd > maxDims {
		return t, fmt.Errorf("tensor %q has %d dimensions: %w", t.Name, nd, ErrCorrupt)
	}
	t.Dims = make([]uint64, nd)
	elems := uint64(1)
	for j := range t.Dims {
		if t.Dims[j], err = d.u64(); err != nil {
			return t, fmt.Errorf("tensor %q: %w", t.Name, err)
		}
		if t.Dims[j] > math.MaxInt64 || (t.Dims[j] != 0 && elems > math.MaxInt64/t.Dims[j]) {
			return t, fmt.Errorf("tensor %q shape %v overflows: %w", t.Name, t.Dims, ErrCorrupt)
		}
		elems *= t.Dims[j]
	}
	typ, err := d.u32()
	if err != nil {
		return t, fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	t.Type = GGMLType(typ)
	if !t.Type.Known() {
		return t, fmt.Errorf("tensor %q has unknown type %d: %w", t.Name, typ, ErrCorrupt)
	}
	if nd > 0 && t.Dims[0]%uint64(t.Type.BlockSize()) != 0 {
		return t, fmt.Errorf("tensor %q row of %d is not a multiple of the %s block: %w", t.Name, t.Dims[0], t.Type, ErrCorrupt)
	}
	if t.Offset, err = d.u64(); err != nil {
		return t, fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	return t, nil
}

// checkDataLayout sets f.DataOffset (the header's end at pos, aligned when
// there are tensors) and checks that the tensors lie in the data section as
// llama.cpp requires: packed in order, each padded to the alignment, none
// past the end of the size-byte file.
func checkDataLayout(f *File, pos int64, nTensors int, size int64) error {
	f.DataOffset = pos
	if nTensors > 0 {
		f.DataOffset = int64(pad(uint64(pos), f.Alignment))
	}
	if len(f.Tensors) > 0 && f.DataOffset > size {
		return fmt.Errorf("data section at byte %d of a %d-byte file: %w", f.DataOffset, size, ErrTruncated)
	}
	// Sizes are compared with the bytes the data section has, never summed
	// where a hostile shape could wrap them around.
	var want uint64
	avail := uint64(size - f.DataOffset)
	for _, t := range f.Tensors {
		if t.Offset != want {
			return fmt.Errorf("tensor %q at data offset %d, expected %d: %w", t.Name, t.Offset, want, ErrCorrupt)
		}
		i := ggmlTypeInfo[t.Type]
		blocks := t.Elements() / uint64(i.block)
		if blocks > math.MaxInt64/uint64(i.bytes) {
			return fmt.Errorf("tensor %q of %d %s blocks overflows: %w", t.Name, blocks, t.Type, ErrCorrupt)
		}
		n := blocks * uint64(i.bytes)
		if t.Offset > avail || n > avail-t.Offset {
			return fmt.Errorf("tensor %q of %d bytes at data offset %d, beyond the %d-byte file: %w", t.Name, n, t.Offset, size, ErrTruncated)
		}
		want = pad(t.Offset+n, f.Alignment)
	}
	return nil
}

func pad(n, align uint64) uint64 { return (n + align - 1) / align * align }
