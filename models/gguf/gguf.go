// Package gguf reads and writes GGUF, the file format llama.cpp loads models
// from. The reader validates a file before it is handed to llama.cpp — which
// on bad input only logs and returns NULL — so a user gets an error that says
// what is wrong; the writer lets tests and benchmarks build synthetic models.
//
// The format (version 3, little-endian): magic "GGUF", version, tensor count,
// KV count, the KV pairs, the tensor infos, padding to the alignment, then the
// tensor data, each tensor starting on an aligned offset.
package gguf

import (
	"errors"
	"fmt"
)

// Magic is the first four bytes of every GGUF file.
const Magic = "GGUF"

// Version is the format version the writer produces; the reader accepts 2 and 3.
const Version = 3

// DefaultAlignment applies when a file has no general.alignment key.
const DefaultAlignment = 32

// Sentinel errors callers branch on (wrapped with context; test with errors.Is).
var (
	// ErrNotGGUF: the file does not start with the GGUF magic (empty, text, another format).
	ErrNotGGUF = errors.New("not a GGUF file")
	// ErrVersion: a GGUF version this reader (and llama.cpp) does not read.
	ErrVersion = errors.New("unsupported GGUF version")
	// ErrTruncated: the file ends before its header or tensor data does (an interrupted copy or download).
	ErrTruncated = errors.New("GGUF file is truncated")
	// ErrCorrupt: the header is internally inconsistent (bad types, counts, offsets).
	ErrCorrupt = errors.New("GGUF file is corrupt")
	// ErrUnsupportedArch: the model architecture is missing or not one llama.cpp runs.
	ErrUnsupportedArch = errors.New("model architecture not supported")
)

// ValueType is the type tag of a metadata value.
type ValueType uint32

// Metadata value types, numbered as in the GGUF specification.
const (
	TypeUint8   ValueType = 0
	TypeInt8    ValueType = 1
	TypeUint16  ValueType = 2
	TypeInt16   ValueType = 3
	TypeUint32  ValueType = 4
	TypeInt32   ValueType = 5
	TypeFloat32 ValueType = 6
	TypeBool    ValueType = 7
	TypeString  ValueType = 8
	TypeArray   ValueType = 9
	TypeUint64  ValueType = 10
	TypeInt64   ValueType = 11
	TypeFloat64 ValueType = 12
)

func (t ValueType) String() string {
	names := [...]string{"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool", "string", "array", "uint64", "int64", "float64"}
	if int(t) < len(names) {
		return names[t]
	}
	return fmt.Sprintf("type(%d)", uint32(t))
}

// fixedSize is the encoded size of a scalar type, 0 for string/array/unknown.
func (t ValueType) fixedSize() int {
	switch t {
	case TypeUint8, TypeInt8, TypeBool:
		return 1
	case TypeUint16, TypeInt16:
		return 2
	case TypeUint32, TypeInt32, TypeFloat32:
		return 4
	case TypeUint64, TypeInt64, TypeFloat64:
		return 8
	}
	return 0
}

// KV is one metadata pair. Value holds the Go type matching its GGUF type:
// uint8, int8, uint16, int16, uint32, int32, float32, bool, string, uint64,
// int64, float64; arrays are typed slices ([]uint8 … []string) and arrays of
// arrays are []any of those (Array keeps the element type of an empty []any).
type KV struct {
	Key   string
	Value any
}

// Array is a metadata array whose element type cannot be told from its Go
// value alone: an array of arrays. Elements are typed slices or Arrays.
type Array struct {
	Elem   ValueType
	Values []any
}

// GGMLType is a tensor's element type (ggml_type).
type GGMLType uint32

// The tensor types the synthetic writer uses; the reader knows all of ggml's.
const (
	TypeF32  GGMLType = 0
	TypeF16  GGMLType = 1
	TypeQ4_0 GGMLType = 2
	TypeQ8_0 GGMLType = 8
)

// ggmlTypeInfo is (name, block size in elements, bytes per block), from
// ggml's type traits (gguf-py GGML_QUANT_SIZES). Removed types are absent.
var ggmlTypeInfo = map[GGMLType]struct {
	name  string
	block int64
	bytes int64
}{
	0: {"F32", 1, 4}, 1: {"F16", 1, 2}, 2: {"Q4_0", 32, 18}, 3: {"Q4_1", 32, 20},
	6: {"Q5_0", 32, 22}, 7: {"Q5_1", 32, 24}, 8: {"Q8_0", 32, 34}, 9: {"Q8_1", 32, 40},
	10: {"Q2_K", 256, 84}, 11: {"Q3_K", 256, 110}, 12: {"Q4_K", 256, 144}, 13: {"Q5_K", 256, 176},
	14: {"Q6_K", 256, 210}, 15: {"Q8_K", 256, 292}, 16: {"IQ2_XXS", 256, 66}, 17: {"IQ2_XS", 256, 74},
	18: {"IQ3_XXS", 256, 98}, 19: {"IQ1_S", 256, 50}, 20: {"IQ4_NL", 32, 18}, 21: {"IQ3_S", 256, 110},
	22: {"IQ2_S", 256, 82}, 23: {"IQ4_XS", 256, 136}, 24: {"I8", 1, 1}, 25: {"I16", 1, 2},
	26: {"I32", 1, 4}, 27: {"I64", 1, 8}, 28: {"F64", 1, 8}, 29: {"IQ1_M", 256, 56},
	30: {"BF16", 1, 2}, 34: {"TQ1_0", 256, 54}, 35: {"TQ2_0", 256, 66}, 39: {"MXFP4", 32, 17},
	40: {"NVFP4", 64, 36}, 41: {"Q1_0", 128, 18}, 42: {"Q2_0", 64, 18},
}

// Known reports whether ggml (the pinned release) knows the tensor type.
func (t GGMLType) Known() bool { _, ok := ggmlTypeInfo[t]; return ok }

func (t GGMLType) String() string {
	if i, ok := ggmlTypeInfo[t]; ok {
		return i.name
	}
	return fmt.Sprintf("ggml_type(%d)", uint32(t))
}

// BlockSize is the number of elements one block of this type encodes.
func (t GGMLType) BlockSize() int64 { return ggmlTypeInfo[t].block }

// TensorInfo describes one tensor: its name, shape (ne[0] first, the
// contiguous dimension), element type and offset from the start of the data
// section.
type TensorInfo struct {
	Name   string
	Dims   []uint64
	Type   GGMLType
	Offset uint64
}

// Elements is the product of the dimensions.
func (t TensorInfo) Elements() uint64 {
	n := uint64(1)
	for _, d := range t.Dims {
		n *= d
	}
	return n
}

// Bytes is the tensor's data size in bytes (unpadded).
func (t TensorInfo) Bytes() uint64 {
	i := ggmlTypeInfo[t.Type]
	if i.block == 0 {
		return 0
	}
	return t.Elements() / uint64(i.block) * uint64(i.bytes)
}

// FileTypeName names llama.cpp's general.file_type values (llama_ftype) the way
// quantized model files are usually labelled (Q4_K_M, Q8_0, …).
func FileTypeName(ft uint32) string {
	names := map[uint32]string{
		0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1",
		10: "Q2_K", 11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M",
		16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S",
		22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M",
		28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
		37: "TQ2_0", 38: "MXFP4_MOE", 39: "NVFP4", 40: "Q1_0", 41: "Q2_0",
	}
	if n, ok := names[ft]; ok {
		return n
	}
	return fmt.Sprintf("file_type %d", ft)
}

// File is a parsed GGUF header: metadata and tensor infos, no tensor data.
type File struct {
	Version    uint32
	KVs        []KV
	Tensors    []TensorInfo
	Alignment  uint64
	DataOffset int64 // where the data section starts in the file
	Size       int64 // the file's size
}

// Get returns the value of key, or nil when absent.
func (f *File) Get(key string) any {
	for _, kv := range f.KVs {
		if kv.Key == key {
			return kv.Value
		}
	}
	return nil
}

// String returns a string value, "" when absent or of another type.
func (f *File) String(key string) string {
	s, _ := f.Get(key).(string)
	return s
}

// Uint returns an unsigned integer value of any width (also non-negative
// signed ones); ok is false when absent or not an integer.
func (f *File) Uint(key string) (uint64, bool) {
	switch v := f.Get(key).(type) {
	case uint8:
		return uint64(v), true
	case uint16:
		return uint64(v), true
	case uint32:
		return uint64(v), true
	case uint64:
		return v, true
	case int8:
		return uint64(v), v >= 0
	case int16:
		return uint64(v), v >= 0
	case int32:
		return uint64(v), v >= 0
	case int64:
		return uint64(v), v >= 0
	}
	return 0, false
}
