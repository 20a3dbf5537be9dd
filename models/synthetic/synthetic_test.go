package synthetic

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/models/gguf"
)

func TestTinyInspect(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tiny.gguf")
	if err := Write(path, Tiny); err != nil {
		t.Fatal(err)
	}
	info, err := gguf.Inspect(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Architecture != "gemma" || info.ContextLength != 8192 || info.Quantization != "F16" ||
		info.Name != Tiny.Name || info.TensorCount != 2+9*Tiny.Layers {
		t.Errorf("info %+v", info)
	}
	if info.Size > 8<<20 || info.VocabSize < 3000 {
		t.Errorf("size %d vocab %d: want a few MB and a few thousand pieces", info.Size, info.VocabSize)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v", st.Mode(), err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Encode(&a, Tiny); err != nil {
		t.Fatal(err)
	}
	if err := Encode(&b, Tiny); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two encodings of Tiny differ")
	}
}

func TestTinyMetadata(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, Tiny); err != nil {
		t.Fatal(err)
	}
	f, err := gguf.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	toks := f.Get("tokenizer.ggml.tokens").([]string)
	types := f.Get("tokenizer.ggml.token_type").([]int32)
	scores := f.Get("tokenizer.ggml.scores").([]float32)
	if len(types) != len(toks) || len(scores) != len(toks) {
		t.Fatalf("array lengths %d %d %d", len(toks), len(types), len(scores))
	}
	want := map[int]string{PadID: "<pad>", EOSID: "<eos>", BOSID: "<bos>", UnkID: "<unk>"}
	for id, s := range want {
		if toks[id] != s {
			t.Errorf("token %d = %q, want %q", id, toks[id], s)
		}
	}
	index := map[string]int{}
	for i, s := range toks {
		if _, dup := index[s]; dup {
			t.Errorf("duplicate piece %q", s)
		}
		index[s] = i
	}
	for _, s := range []string{"<0x00>", "<0x0A>", "<0xFF>", "<start_of_turn>", "<end_of_turn>", "▁", "▁요약", "▁회의", "니다", "습니다", "가", "힝"} {
		if _, ok := index[s]; !ok {
			t.Errorf("missing piece %q", s)
		}
	}
	if types[index["<0x0A>"]] != tokByte || types[EOSID] != tokControl || types[UnkID] != tokUnknown {
		t.Error("token types wrong")
	}
	// Every multi-character piece must be reachable by merging two pieces.
	for _, s := range toks {
		if strings.HasPrefix(s, "<") || len([]rune(s)) < 2 {
			continue
		}
		r := []rune(s)
		ok := false
		for i := 1; i < len(r) && !ok; i++ {
			_, a := index[string(r[:i])]
			_, b := index[string(r[i:])]
			ok = a && b
		}
		if !ok {
			t.Errorf("piece %q cannot be built from two pieces", s)
		}
	}
	if f.Get("tokenizer.ggml.model") != "llama" || f.Get("tokenizer.ggml.add_bos_token") != true ||
		f.Get("gemma.attention.key_length") != uint32(64) {
		t.Error("metadata wrong")
	}
}

func TestGemma2BVocab(t *testing.T) {
	v, err := buildVocab(Gemma2B.AllSyllables, Gemma2B.Vocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.tokens) != 256000 {
		t.Errorf("vocab %d, want 256000", len(v.tokens))
	}
}

func TestTruncated(t *testing.T) {
	dir := t.TempDir()
	for _, keep := range []int64{-1, -4096, 2000, 100} {
		path := filepath.Join(dir, "cut.gguf")
		if err := WriteTruncated(path, Tiny, keep); err != nil {
			t.Fatal(err)
		}
		if _, err := gguf.Inspect(path); !errors.Is(err, gguf.ErrTruncated) {
			t.Errorf("keep %d: err = %v, want ErrTruncated", keep, err)
		}
	}
}

func TestForeign(t *testing.T) {
	path := filepath.Join(t.TempDir(), "foreign.gguf")
	if err := WriteForeign(path, "bert-nonsense"); err != nil {
		t.Fatal(err)
	}
	info, err := gguf.Inspect(path)
	if !errors.Is(err, gguf.ErrUnsupportedArch) || info.Architecture != "bert-nonsense" {
		t.Errorf("err = %v, info %+v", err, info)
	}
}

func TestFloat16(t *testing.T) {
	for _, c := range []struct {
		in   float32
		want uint16
	}{
		{0, 0}, {1, 0x3c00}, {-2, 0xc000}, {0.5, 0x3800}, {65504, 0x7bff}, {1e6, 0x7c00},
		{float32(math.Inf(-1)), 0xfc00}, {5.960464477539063e-08, 0x0001}, {6.103515625e-05, 0x0400},
		{1.0009765625, 0x3c01}, {1.00048828125, 0x3c00 /* tie to even */}, {1e-9, 0},
		{0.05 / 8, 0x1e66},
	} {
		if got := float16(c.in); got != c.want {
			t.Errorf("float16(%g) = %#04x, want %#04x", c.in, got, c.want)
		}
	}
	if h := float16(float32(math.NaN())); h&0x7c00 != 0x7c00 || h&0x3ff == 0 {
		t.Errorf("NaN → %#04x", h)
	}
	for h := range uint16(0x7c00) { // every finite positive half round-trips
		if got := float16(float16To32(h)); got != h {
			t.Fatalf("round trip %#04x → %#04x", h, got)
		}
	}
}
