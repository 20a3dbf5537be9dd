package gguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// Writer streams a GGUF file: declare metadata and tensors, write the header,
// then write each tensor's bytes in declaration order through Write. Padding
// between tensors is inserted by the writer, so a multi-gigabyte model never
// has to be built in memory.
type Writer struct {
	w         io.Writer
	kvs       []KV
	tensors   []TensorInfo
	align     uint64
	started   bool
	cur       int    // tensor being written
	curDone   uint64 // bytes of it written so far
	written   uint64 // bytes written to w
	err       error
	scratch   []byte
	zeroBlock []byte
}

// NewWriter returns a Writer that writes to w (wrap files in a bufio.Writer).
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, align: DefaultAlignment}
}

// AddKV appends a metadata pair; see KV for the accepted Go types.
// general.alignment (uint32, a power of two) also sets the data alignment.
func (w *Writer) AddKV(key string, value any) {
	if key == "general.alignment" {
		if a, ok := value.(uint32); ok && a != 0 && a&(a-1) == 0 {
			w.align = uint64(a)
		} else if w.err == nil {
			w.err = fmt.Errorf("general.alignment %v: must be a power-of-two uint32", value)
		}
	}
	w.kvs = append(w.kvs, KV{Key: key, Value: value})
}

// AddTensor declares a tensor; dims start with the contiguous dimension.
func (w *Writer) AddTensor(name string, typ GGMLType, dims ...uint64) {
	if w.err == nil {
		switch {
		case !typ.Known():
			w.err = fmt.Errorf("tensor %q: unknown type %d", name, typ)
		case len(dims) == 0 || len(dims) > maxDims:
			w.err = fmt.Errorf("tensor %q: %d dimensions", name, len(dims))
		case dims[0]%uint64(typ.BlockSize()) != 0:
			w.err = fmt.Errorf("tensor %q: row of %d is not a multiple of the %s block", name, dims[0], typ)
		case len(name) > maxNameLen:
			w.err = fmt.Errorf("tensor %q: name longer than %d bytes", name, maxNameLen)
		}
	}
	w.tensors = append(w.tensors, TensorInfo{Name: name, Type: typ, Dims: append([]uint64(nil), dims...)})
}

// Tensors returns the declared tensors with their data offsets (valid after WriteHeader).
func (w *Writer) Tensors() []TensorInfo { return w.tensors }

// WriteHeader writes magic, version, metadata and tensor infos, and pads to
// the start of the data section. A general.alignment key is added when the
// caller did not set one, so readers never rely on the default.
func (w *Writer) WriteHeader() error {
	if w.err != nil {
		return w.err
	}
	if w.started {
		return errors.New("gguf: header already written")
	}
	w.started = true
	hasAlign := false
	for _, kv := range w.kvs {
		hasAlign = hasAlign || kv.Key == "general.alignment"
	}
	if !hasAlign {
		w.kvs = append(w.kvs, KV{Key: "general.alignment", Value: uint32(w.align)})
	}
	var off uint64
	for i := range w.tensors {
		w.tensors[i].Offset = off
		off = pad(off+w.tensors[i].Bytes(), w.align)
	}

	w.put([]byte(Magic))
	w.u32(Version)
	w.u64(uint64(len(w.tensors)))
	w.u64(uint64(len(w.kvs)))
	for _, kv := range w.kvs {
		w.str(kv.Key)
		t, err := typeOf(kv.Value)
		if err != nil {
			return fmt.Errorf("gguf: metadata %q: %w", kv.Key, err)
		}
		w.u32(uint32(t))
		if err := w.value(kv.Value); err != nil {
			return fmt.Errorf("gguf: metadata %q: %w", kv.Key, err)
		}
	}
	for _, t := range w.tensors {
		w.str(t.Name)
		w.u32(uint32(len(t.Dims)))
		for _, d := range t.Dims {
			w.u64(d)
		}
		w.u32(uint32(t.Type))
		w.u64(t.Offset)
	}
	w.padTo(w.align)
	w.skipEmpty()
	return w.err
}

// Write appends tensor data: the bytes of each tensor in declaration order,
// in any chunking. Writing more than the declared tensors hold is an error.
func (w *Writer) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if !w.started {
		return 0, errors.New("gguf: Write before WriteHeader")
	}
	n := 0
	for len(p) > 0 {
		if w.cur >= len(w.tensors) {
			w.err = errors.New("gguf: more data written than the tensors declared")
			return n, w.err
		}
		left := w.tensors[w.cur].Bytes() - w.curDone
		chunk := p
		if uint64(len(chunk)) > left {
			chunk = chunk[:left]
		}
		w.put(chunk)
		if w.err != nil {
			return n, w.err
		}
		n += len(chunk)
		p = p[len(chunk):]
		w.curDone += uint64(len(chunk))
		if w.curDone == w.tensors[w.cur].Bytes() {
			w.cur++
			w.curDone = 0
			if w.cur < len(w.tensors) {
				w.padTo(w.align)
			}
			w.skipEmpty()
		}
	}
	return n, w.err
}

// skipEmpty moves past zero-byte tensors, which need no data.
func (w *Writer) skipEmpty() {
	for w.cur < len(w.tensors) && w.tensors[w.cur].Bytes() == 0 && w.curDone == 0 {
		w.cur++
	}
}

// Close checks that every declared tensor was written in full. It does not
// close the underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		return errors.New("gguf: Close before WriteHeader")
	}
	if w.cur < len(w.tensors) {
		return fmt.Errorf("gguf: tensor %q incomplete (%d of %d bytes)", w.tensors[w.cur].Name, w.curDone, w.tensors[w.cur].Bytes())
	}
	return nil
}

func (w *Writer) put(b []byte) {
	if w.err != nil {
		return
	}
	n, err := w.w.Write(b)
	w.written += uint64(n)
	if err != nil {
		w.err = fmt.Errorf("gguf: write: %w", err)
	}
}

func (w *Writer) padTo(align uint64) {
	if n := pad(w.written, align) - w.written; n > 0 {
		if len(w.zeroBlock) < int(n) {
			w.zeroBlock = make([]byte, n)
		}
		w.put(w.zeroBlock[:n])
	}
}

func (w *Writer) u32(v uint32) {
	w.scratch = binary.LittleEndian.AppendUint32(w.scratch[:0], v)
	w.put(w.scratch)
}

func (w *Writer) u64(v uint64) {
	w.scratch = binary.LittleEndian.AppendUint64(w.scratch[:0], v)
	w.put(w.scratch)
}

func (w *Writer) str(s string) {
	w.u64(uint64(len(s)))
	w.put([]byte(s))
}

// typeOf maps a Go value to its GGUF value type.
func typeOf(v any) (ValueType, error) {
	switch v.(type) {
	case uint8:
		return TypeUint8, nil
	case int8:
		return TypeInt8, nil
	case uint16:
		return TypeUint16, nil
	case int16:
		return TypeInt16, nil
	case uint32:
		return TypeUint32, nil
	case int32:
		return TypeInt32, nil
	case float32:
		return TypeFloat32, nil
	case bool:
		return TypeBool, nil
	case string:
		return TypeString, nil
	case uint64:
		return TypeUint64, nil
	case int64:
		return TypeInt64, nil
	case float64:
		return TypeFloat64, nil
	case []uint8, []int8, []uint16, []int16, []uint32, []int32, []float32, []bool, []string,
		[]uint64, []int64, []float64, []any, Array:
		return TypeArray, nil
	}
	return 0, fmt.Errorf("unsupported Go type %T", v)
}

// elemType is the element type of an array value.
func elemType(v any) (ValueType, []any, error) {
	switch a := v.(type) {
	case []uint8:
		return TypeUint8, nil, nil
	case []int8:
		return TypeInt8, nil, nil
	case []uint16:
		return TypeUint16, nil, nil
	case []int16:
		return TypeInt16, nil, nil
	case []uint32:
		return TypeUint32, nil, nil
	case []int32:
		return TypeInt32, nil, nil
	case []float32:
		return TypeFloat32, nil, nil
	case []bool:
		return TypeBool, nil, nil
	case []string:
		return TypeString, nil, nil
	case []uint64:
		return TypeUint64, nil, nil
	case []int64:
		return TypeInt64, nil, nil
	case []float64:
		return TypeFloat64, nil, nil
	case []any:
		return TypeArray, a, nil
	case Array:
		return a.Elem, a.Values, nil
	}
	return 0, nil, fmt.Errorf("unsupported Go type %T", v)
}

func (w *Writer) value(v any) error {
	switch x := v.(type) {
	case uint8:
		w.put([]byte{x})
	case int8:
		w.put([]byte{byte(x)})
	case bool:
		b := byte(0)
		if x {
			b = 1
		}
		w.put([]byte{b})
	case uint16:
		w.scratch = binary.LittleEndian.AppendUint16(w.scratch[:0], x)
		w.put(w.scratch)
	case int16:
		w.scratch = binary.LittleEndian.AppendUint16(w.scratch[:0], uint16(x))
		w.put(w.scratch)
	case uint32:
		w.u32(x)
	case int32:
		w.u32(uint32(x))
	case float32:
		w.u32(math.Float32bits(x))
	case uint64:
		w.u64(x)
	case int64:
		w.u64(uint64(x))
	case float64:
		w.u64(math.Float64bits(x))
	case string:
		w.str(x)
	default:
		et, generic, err := elemType(v)
		if err != nil {
			return err
		}
		w.u32(uint32(et))
		switch v.(type) {
		case []any, Array:
			w.u64(uint64(len(generic)))
			for _, e := range generic {
				t, err := typeOf(e)
				if err != nil {
					return err
				}
				if t != et {
					return fmt.Errorf("array of %s holds a %s", et, t)
				}
				if err := w.value(e); err != nil {
					return err
				}
			}
			return w.err
		}
		return w.typedSlice(v)
	}
	return w.err
}

func (w *Writer) typedSlice(v any) error {
	switch a := v.(type) {
	case []uint8:
		w.u64(uint64(len(a)))
		w.put(a)
	case []string:
		w.u64(uint64(len(a)))
		for _, s := range a {
			w.str(s)
		}
	default:
		return writeEach(w, v)
	}
	return w.err
}

func writeEach(w *Writer, v any) error {
	each := func(n int, at func(i int) any) error {
		w.u64(uint64(n))
		for i := range n {
			if err := w.value(at(i)); err != nil {
				return err
			}
		}
		return w.err
	}
	switch a := v.(type) {
	case []int8:
		return each(len(a), func(i int) any { return a[i] })
	case []uint16:
		return each(len(a), func(i int) any { return a[i] })
	case []int16:
		return each(len(a), func(i int) any { return a[i] })
	case []uint32:
		return each(len(a), func(i int) any { return a[i] })
	case []int32:
		return each(len(a), func(i int) any { return a[i] })
	case []float32:
		return each(len(a), func(i int) any { return a[i] })
	case []bool:
		return each(len(a), func(i int) any { return a[i] })
	case []uint64:
		return each(len(a), func(i int) any { return a[i] })
	case []int64:
		return each(len(a), func(i int) any { return a[i] })
	case []float64:
		return each(len(a), func(i int) any { return a[i] })
	}
	return fmt.Errorf("unsupported Go type %T", v)
}
