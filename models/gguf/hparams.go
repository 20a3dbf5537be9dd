package gguf

import (
	"errors"
	"fmt"
)

// ErrHyperparams: a hyperparameter has a value the pinned llama.cpp does not
// refuse politely but aborts the whole process on (GGML_ASSERT, or an integer
// division by zero). A file that fails here is never handed to llama.cpp.
var ErrHyperparams = errors.New("model hyperparameters are out of range")

// Limits of the pinned llama.cpp (src/llama-hparams.h).
const (
	maxLayers  = 512  // LLAMA_MAX_LAYERS
	maxExperts = 1024 // LLAMA_MAX_EXPERTS
)

// ropeScalingTypes are the names llama_rope_scaling_type_from_string knows;
// any other string trips GGML_ASSERT(rope_scaling_type_train != UNSPECIFIED).
var ropeScalingTypes = map[string]bool{"none": true, "linear": true, "yarn": true, "longrope": true}

// checkHyperparams mirrors the asserts of llama_model_base::load_hparams
// (src/llama-model.cpp, v0.4.0) that run for every architecture, before
// any architecture-specific code, and the vocabulary asserts of
// llama_vocab::load (duplicate token texts). What llama.cpp checks with a
// thrown exception (a missing key, a wrong type, an array of the wrong
// length, a tensor of the wrong shape) it reports as a failed load, so that
// is left to it; the child-process probe load catches what remains.
func checkHyperparams(f *File, arch string) error {
	key := func(k string) string { return arch + "." + k }
	bad := func(format string, args ...any) error {
		return fmt.Errorf(format+": %w", append(args, ErrHyperparams)...)
	}
	nLayer, ok := f.Uint(key("block_count"))
	if f.Get(key("block_count")) != nil && (!ok || nLayer == 0 || nLayer > maxLayers) {
		return bad("%s = %v (llama.cpp allows 1 to %d)", key("block_count"), f.Get(key("block_count")), maxLayers)
	}
	if n, ok := f.Uint(key("nextn_predict_layers")); ok && n > nLayer {
		return bad("%s = %d exceeds block_count %d", key("nextn_predict_layers"), n, nLayer)
	}
	if err := checkExperts(f, key); err != nil {
		return err
	}
	if s, ok := f.Get(key("rope.scaling.type")).(string); ok && !ropeScalingTypes[s] {
		return bad("%s = %q is not none, linear, yarn or longrope", key("rope.scaling.type"), s)
	}
	// n_gqa = n_head / n_head_kv: a layer with heads but no KV heads
	// divides by zero.
	heads := perLayer(f, key("attention.head_count"))
	kv := perLayer(f, key("attention.head_count_kv"))
	for i := range max(len(heads), len(kv)) {
		if heads == nil || kv == nil {
			break
		}
		if h := heads[min(i, len(heads)-1)]; h > 0 && kv[min(i, len(kv)-1)] == 0 {
			return bad("%s is 0 where head_count is %d", key("attention.head_count_kv"), h)
		}
	}
	return checkVocab(f)
}

// checkExperts mirrors the mixture-of-experts asserts of load_hparams.
func checkExperts(f *File, key func(string) string) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf(format+": %w", append(args, ErrHyperparams)...)
	}
	nExpert, _ := f.Uint(key("expert_count"))
	var used uint64
	for _, u := range perLayer(f, key("expert_used_count")) {
		used = max(used, u)
	}
	groups, _ := f.Uint(key("expert_group_count"))
	groupUsed, _ := f.Uint(key("expert_group_used_count"))
	switch {
	case nExpert > maxExperts:
		return bad("%s = %d (llama.cpp allows at most %d)", key("expert_count"), nExpert, maxExperts)
	case used > nExpert:
		return bad("%s = %d exceeds expert_count %d", key("expert_used_count"), used, nExpert)
	case nExpert > 0 && used == 0:
		return bad("%s is 0 with %d experts", key("expert_used_count"), nExpert)
	case nExpert > 0 && groups >= nExpert:
		return bad("%s = %d is not below expert_count %d", key("expert_group_count"), groups, nExpert)
	case nExpert > 0 && groups > 1 && (nExpert%groups != 0 || groupUsed == 0 || groupUsed >= groups):
		return bad("%s = %d and %s = %d do not divide %d experts", key("expert_group_count"), groups,
			key("expert_group_used_count"), groupUsed, nExpert)
	case nExpert == 0 && groups != 0:
		return bad("%s = %d without experts", key("expert_group_count"), groups)
	}
	return nil
}

// perLayer reads a key llama.cpp accepts as one number for every layer or
// as an array of one per layer (get_key_or_arr); nil when absent or of
// another type (llama.cpp refuses those itself).
func perLayer(f *File, k string) []uint64 {
	if n, ok := f.Uint(k); ok {
		return []uint64{n}
	}
	var out []uint64
	switch a := f.Get(k).(type) {
	case []uint32:
		for _, v := range a {
			out = append(out, uint64(v))
		}
	case []int32:
		for _, v := range a {
			out = append(out, uint64(max(v, 0)))
		}
	}
	return out
}

// checkVocab refuses a vocabulary with two tokens of the same text:
// llama_vocab::load asserts id_to_token.size() == token_to_id.size(), also
// in the vocabulary-only load used for counting. Empty tokens become
// "[EMPTY_<id>]" there, which is what is compared here too.
func checkVocab(f *File) error {
	toks, ok := f.Get("tokenizer.ggml.tokens").([]string)
	if !ok {
		return nil
	}
	seen := make(map[string]int, len(toks))
	for i, t := range toks {
		if t == "" {
			t = fmt.Sprintf("[EMPTY_%d]", i)
		}
		if j, dup := seen[t]; dup {
			return fmt.Errorf("tokens %d and %d are both %q: %w", j, i, t, ErrHyperparams)
		}
		seen[t] = i
	}
	return nil
}
