// Package synthetic writes Gemma-architecture GGUF models with random weights
// and a Korean SentencePiece-style vocabulary. No real weights can be
// downloaded where Yoyak is built and tested, so every test and benchmark that
// needs llama.cpp to load and run a model uses one of these: Tiny (a few MB,
// loads instantly) or Gemma2B (the exact shape of the catalog's model, for
// benchmarks). Output is deterministic: the same shape gives the same bytes.
package synthetic

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/yoyak/yoyak/models/gguf"
)

// Shape is a model's hyperparameters and storage types.
type Shape struct {
	Name          string // general.name
	Layers        int
	Embd          int // n_embd
	Heads         int
	KVHeads       int
	HeadDim       int // key and value length per head
	FFN           int
	ContextLength int
	Vocab         int  // pad the vocabulary to exactly this many tokens; 0 keeps it natural
	AllSyllables  bool // all 11,172 Hangul syllables rather than the 2,350 common ones
	MatrixType    gguf.GGMLType
	EmbedType     gguf.GGMLType // token_embd (also the tied output matrix)
	Seed          uint64
	// TokenizerJSON, when set, is the path of Gemma's tokenizer.json: the
	// model gets the real vocabulary (tokenizerjson.go) instead of the
	// synthetic Korean one, and Vocab and AllSyllables are ignored.
	TokenizerJSON string
	// Architecture overrides general.architecture (and the metadata key
	// prefix); empty means "gemma". Tests set a foreign name to get a file
	// llama.cpp must refuse with an unsupported-architecture error.
	Architecture string
}

// Tiny is a two-layer model of a few MB that llama.cpp loads in milliseconds:
// for tests of everything that needs a real model but not real answers.
var Tiny = Shape{
	Name: "yoyak-synthetic-tiny", Layers: 2, Embd: 128, Heads: 2, KVHeads: 1, HeadDim: 64, FFN: 256,
	ContextLength: 8192, MatrixType: gguf.TypeF16, EmbedType: gguf.TypeF16, Seed: 1,
}

// Gemma2B has the exact shape of Gemma-2B (18 layers, n_embd 2048, 8 heads,
// 1 KV head, head dim 256, FFN 16384, vocabulary 256,000) with Q4_0 matrices
// and a Q8_0 embedding, about 1.67 GB: the catalog model's cost per token, for
// benchmarks.
var Gemma2B = Shape{
	Name: "yoyak-synthetic-gemma-2b", Layers: 18, Embd: 2048, Heads: 8, KVHeads: 1, HeadDim: 256, FFN: 16384,
	ContextLength: 8192, Vocab: 256000, AllSyllables: true,
	MatrixType: gguf.TypeQ4_0, EmbedType: gguf.TypeQ8_0, Seed: 2,
}

// Shapes maps the names the synth command accepts to shapes.
var Shapes = map[string]Shape{"tiny": Tiny, "gemma-2b": Gemma2B}

// weightScale bounds the uniform random weights: small enough that
// activations stay finite through every layer (no NaN logits).
const weightScale = 0.05

// Write writes the model to path atomically (a temporary file in the same
// folder, renamed when complete), so a concurrent reader never sees half of it.
func Write(path string, s Shape) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("synthetic model: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("synthetic model: %w", err)
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := Encode(bw, s); err != nil {
		tmp.Close()
		return fmt.Errorf("synthetic model %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("synthetic model %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("synthetic model %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("synthetic model: %w", err)
	}
	return nil
}

// fileType is general.file_type for the shape's matrix type.
func fileType(t gguf.GGMLType) uint32 {
	switch t {
	case gguf.TypeF32:
		return 0
	case gguf.TypeF16:
		return 1
	case gguf.TypeQ4_0:
		return 2
	case gguf.TypeQ8_0:
		return 7
	}
	return 1024 // LLAMA_FTYPE_GUESSED
}

// Encode streams the model in GGUF form to w.
func Encode(w interface{ Write([]byte) (int, error) }, s Shape) error {
	if s.Layers <= 0 || s.Embd <= 0 || s.Heads <= 0 || s.KVHeads <= 0 || s.HeadDim <= 0 || s.FFN <= 0 {
		return fmt.Errorf("shape %q: sizes must be positive", s.Name)
	}
	v, err := buildVocab(s.AllSyllables, s.Vocab)
	if s.TokenizerJSON != "" {
		v, err = readTokenizerJSON(s.TokenizerJSON)
	}
	if err != nil {
		return err
	}
	nVocab := uint64(len(v.tokens))

	arch := s.Architecture
	if arch == "" {
		arch = "gemma"
	}
	g := gguf.NewWriter(w)
	g.AddKV("general.architecture", arch)
	g.AddKV("general.name", s.Name)
	g.AddKV("general.file_type", fileType(s.MatrixType))
	g.AddKV("general.quantization_version", uint32(2))
	g.AddKV(arch+".context_length", uint32(s.ContextLength))
	g.AddKV(arch+".embedding_length", uint32(s.Embd))
	g.AddKV(arch+".block_count", uint32(s.Layers))
	g.AddKV(arch+".feed_forward_length", uint32(s.FFN))
	g.AddKV(arch+".attention.head_count", uint32(s.Heads))
	g.AddKV(arch+".attention.head_count_kv", uint32(s.KVHeads))
	g.AddKV(arch+".attention.key_length", uint32(s.HeadDim))
	g.AddKV(arch+".attention.value_length", uint32(s.HeadDim))
	g.AddKV(arch+".attention.layer_norm_rms_epsilon", float32(1e-6))
	g.AddKV("tokenizer.ggml.model", "llama")
	g.AddKV("tokenizer.ggml.tokens", v.tokens)
	g.AddKV("tokenizer.ggml.scores", v.scores)
	g.AddKV("tokenizer.ggml.token_type", v.types)
	g.AddKV("tokenizer.ggml.bos_token_id", uint32(BOSID))
	g.AddKV("tokenizer.ggml.eos_token_id", uint32(EOSID))
	g.AddKV("tokenizer.ggml.unknown_token_id", uint32(UnkID))
	g.AddKV("tokenizer.ggml.padding_token_id", uint32(PadID))
	g.AddKV("tokenizer.ggml.add_bos_token", true)
	g.AddKV("tokenizer.ggml.add_eos_token", false)
	if s.TokenizerJSON != "" { // Gemma's normalizer adds no dummy prefix
		g.AddKV("tokenizer.ggml.add_space_prefix", false)
	}
	g.AddKV("general.alignment", uint32(32))

	embd, qDim, kvDim, ffn := uint64(s.Embd), uint64(s.Heads*s.HeadDim), uint64(s.KVHeads*s.HeadDim), uint64(s.FFN)
	g.AddTensor("token_embd.weight", s.EmbedType, embd, nVocab)
	for i := range s.Layers {
		p := fmt.Sprintf("blk.%d.", i)
		g.AddTensor(p+"attn_norm.weight", gguf.TypeF32, embd)
		g.AddTensor(p+"attn_q.weight", s.MatrixType, embd, qDim)
		g.AddTensor(p+"attn_k.weight", s.MatrixType, embd, kvDim)
		g.AddTensor(p+"attn_v.weight", s.MatrixType, embd, kvDim)
		g.AddTensor(p+"attn_output.weight", s.MatrixType, qDim, embd)
		g.AddTensor(p+"ffn_norm.weight", gguf.TypeF32, embd)
		g.AddTensor(p+"ffn_gate.weight", s.MatrixType, embd, ffn)
		g.AddTensor(p+"ffn_up.weight", s.MatrixType, embd, ffn)
		g.AddTensor(p+"ffn_down.weight", s.MatrixType, ffn, embd)
	}
	g.AddTensor("output_norm.weight", gguf.TypeF32, embd)
	if err := g.WriteHeader(); err != nil {
		return err
	}

	rng := rand.New(rand.NewChaCha8(seedBytes(s.Seed)))
	buf := make([]byte, 0, 1<<20)
	for _, t := range g.Tensors() {
		if err := writeTensor(g, rng, t, &buf); err != nil {
			return fmt.Errorf("tensor %s: %w", t.Name, err)
		}
	}
	return g.Close()
}

func seedBytes(seed uint64) [32]byte {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	copy(b[8:], "yoyak synthetic model")
	return b
}

// writeTensor streams random data for t in chunks of about a megabyte.
func writeTensor(w *gguf.Writer, rng *rand.Rand, t gguf.TensorInfo, bufp *[]byte) error {
	total := t.Elements()
	const chunk = 1 << 18 // elements per chunk, a multiple of every block size
	for done := uint64(0); done < total; {
		n := min(chunk, total-done)
		b := (*bufp)[:0]
		switch t.Type {
		case gguf.TypeF32:
			norm := len(t.Dims) == 1 // RMS norm weights (Gemma's already include the +1)
			for range n {
				x := uniform(rng)
				if norm {
					x = 1 + x
				}
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
			}
		case gguf.TypeF16:
			for range n {
				b = binary.LittleEndian.AppendUint16(b, float16(uniform(rng)))
			}
		case gguf.TypeQ4_0:
			// Per 32 weights: fp16 scale d, 16 bytes of nibbles; x = (q-8)*d.
			d := float16(weightScale / 8)
			var q [16]byte
			for range n / 32 {
				b = binary.LittleEndian.AppendUint16(b, d)
				fillRandom(rng, q[:])
				b = append(b, q[:]...)
			}
		case gguf.TypeQ8_0:
			// Per 32 weights: fp16 scale d, 32 int8; x = q*d.
			d := float16(weightScale / 127)
			var q [32]byte
			for range n / 32 {
				b = binary.LittleEndian.AppendUint16(b, d)
				fillRandom(rng, q[:])
				for i := range q {
					if q[i] == 0x80 { // keep q in [-127, 127]
						q[i] = 0x81
					}
				}
				b = append(b, q[:]...)
			}
		default:
			return fmt.Errorf("type %s not supported by the synthetic writer", t.Type)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		*bufp = b
		done += n
	}
	return nil
}

func uniform(rng *rand.Rand) float32 {
	return (rng.Float32()*2 - 1) * weightScale
}

func fillRandom(rng *rand.Rand, b []byte) {
	for i := 0; i < len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], rng.Uint64())
	}
}
