package gguf

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// hparamBase is a gemma header with extra keys set or replaced.
func hparamBase(extra ...KV) []KV {
	kvs := []KV{
		{"general.architecture", "gemma"},
		{"gemma.block_count", uint32(18)},
		{"gemma.attention.head_count", uint32(8)},
		{"gemma.attention.head_count_kv", uint32(1)},
		{"tokenizer.ggml.tokens", []string{"<pad>", "<eos>", "<bos>", "▁요약", ""}},
	}
	for _, e := range extra {
		replaced := false
		for i := range kvs {
			if kvs[i].Key == e.Key {
				kvs[i], replaced = e, true
			}
		}
		if !replaced {
			kvs = append(kvs, e)
		}
	}
	return kvs
}

type hparamCase struct {
	name string
	kvs  []KV
	bad  bool
}

// hparamCases is TestInspectHyperparams' table, and FuzzRead's seeds.
func hparamCases() []hparamCase {
	base := hparamBase
	return []hparamCase{
		{"valid", base(), false},
		{"512 layers", base(KV{"gemma.block_count", uint32(512)}), false},
		{"1000 layers", base(KV{"gemma.block_count", uint32(1000)}), true},
		{"0 layers", base(KV{"gemma.block_count", uint32(0)}), true},
		{"negative layers", base(KV{"gemma.block_count", int32(-1)}), true},
		{"nextn beyond layers", base(KV{"gemma.nextn_predict_layers", uint32(19)}), true},
		{"no kv heads", base(KV{"gemma.attention.head_count_kv", uint32(0)}), true},
		{"kv heads per layer, one zero", base(KV{"gemma.attention.head_count_kv", []uint32{1, 0}}), true},
		{"kv heads per layer", base(KV{"gemma.attention.head_count_kv", []uint32{1, 1}}), false},
		{"too many experts", base(KV{"gemma.expert_count", uint32(4096)}, KV{"gemma.expert_used_count", uint32(2)}), true},
		{"used beyond experts", base(KV{"gemma.expert_count", uint32(4)}, KV{"gemma.expert_used_count", uint32(8)}), true},
		{"experts none used", base(KV{"gemma.expert_count", uint32(4)}), true},
		{"used without experts", base(KV{"gemma.expert_used_count", uint32(2)}), true},
		{"experts fine", base(KV{"gemma.expert_count", uint32(8)}, KV{"gemma.expert_used_count", uint32(2)}), false},
		{"groups not dividing", base(KV{"gemma.expert_count", uint32(8)}, KV{"gemma.expert_used_count", uint32(2)},
			KV{"gemma.expert_group_count", uint32(3)}, KV{"gemma.expert_group_used_count", uint32(1)}), true},
		{"groups without experts", base(KV{"gemma.expert_group_count", uint32(2)}), true},
		{"unknown rope scaling", base(KV{"gemma.rope.scaling.type", "bogus"}), true},
		{"yarn rope scaling", base(KV{"gemma.rope.scaling.type", "yarn"}), false},
		{"duplicate token", base(KV{"tokenizer.ggml.tokens", []string{"<pad>", "▁요약", "▁요약"}}), true},
		{"duplicate of an empty token's name", base(KV{"tokenizer.ggml.tokens", []string{"", "[EMPTY_0]"}}), true},
		{"llama layers", []KV{{"general.architecture", "llama"}, {"llama.block_count", uint32(600)}}, true},
	}
}

// TestInspectHyperparams: values the pinned llama.cpp aborts the process on
// (GGML_ASSERT in load_hparams and llama_vocab::load, a division by zero)
// are refused by Inspect with ErrHyperparams; values it accepts pass.
func TestInspectHyperparams(t *testing.T) {
	dir := t.TempDir()
	for _, c := range hparamCases() {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name+".gguf")
			if err := os.WriteFile(p, writeSample(t, c.kvs), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Inspect(p)
			if got := errors.Is(err, ErrHyperparams); got != c.bad {
				t.Errorf("Inspect: %v; want ErrHyperparams %v", err, c.bad)
			}
			if !c.bad && err != nil {
				t.Errorf("Inspect: %v", err)
			}
		})
	}
}
