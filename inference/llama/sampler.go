package llama

import (
	"errors"
	"fmt"
	"runtime"
)

// ErrSamplerInit: llama.cpp returned NULL for a sampler (it could not
// allocate one, or refused its parameters).
var ErrSamplerInit = errors.New("llama.cpp could not create a sampler")

// Sampler is an opaque struct llama_sampler *.
type Sampler uintptr

// SamplerChainParams mirrors struct llama_sampler_chain_params (1 byte).
//
//	typedef struct llama_sampler_chain_params {
//	    bool no_perf; // whether to measure performance timings
//	} llama_sampler_chain_params;
type SamplerChainParams struct {
	NoPerf bool
}

// struct llama_sampler_chain_params llama_sampler_chain_default_params(void);
var llamaSamplerChainDefaultParams func() SamplerChainParams

// struct llama_sampler * llama_sampler_chain_init(struct llama_sampler_chain_params params);
var llamaSamplerChainInit func(p SamplerChainParams) Sampler

// void llama_sampler_chain_add(struct llama_sampler * chain, struct llama_sampler * smpl);
var llamaSamplerChainAdd func(chain, s Sampler)

// struct llama_sampler * llama_sampler_init_greedy(void);
var llamaSamplerInitGreedy func() Sampler

// struct llama_sampler * llama_sampler_init_dist(uint32_t seed);
var llamaSamplerInitDist func(seed uint32) Sampler

// struct llama_sampler * llama_sampler_init_top_k(int32_t k);
var llamaSamplerInitTopK func(k int32) Sampler

// struct llama_sampler * llama_sampler_init_top_p(float p, size_t min_keep);
var llamaSamplerInitTopP func(p float32, minKeep uintptr) Sampler

// struct llama_sampler * llama_sampler_init_min_p(float p, size_t min_keep);
var llamaSamplerInitMinP func(p float32, minKeep uintptr) Sampler

// struct llama_sampler * llama_sampler_init_temp(float t);
var llamaSamplerInitTemp func(t float32) Sampler

// struct llama_sampler * llama_sampler_init_penalties(int32_t n_vocab, int32_t penalty_last_n,
//
//	float penalty_repeat, float penalty_freq, float penalty_present);
var llamaSamplerInitPenalties func(nVocab, lastN int32, repeat, freq, present float32) Sampler

// struct llama_sampler * llama_sampler_init_dry(const struct llama_vocab * vocab, float dry_multiplier,
//
//	float dry_base, int32_t dry_allowed_length, int32_t dry_penalty_last_n,
//	const char ** seq_breakers, size_t num_breakers);
var llamaSamplerInitDry func(v Vocab, mult, base float32, allowedLen, lastN int32, breakers **byte, n uintptr) Sampler

// llama_token llama_sampler_sample(struct llama_sampler * smpl, struct llama_context * ctx, int32_t idx);
var llamaSamplerSample func(s Sampler, c Context, idx int32) Token

// void llama_sampler_accept(struct llama_sampler * smpl, llama_token token);
var llamaSamplerAccept func(s Sampler, t Token)

// void llama_sampler_reset(struct llama_sampler * smpl);
var llamaSamplerReset func(s Sampler)

// void llama_sampler_free(struct llama_sampler * smpl);
var llamaSamplerFree func(s Sampler)

var samplerSymbols = []symbol{
	{name: "llama_sampler_chain_default_params", fptr: &llamaSamplerChainDefaultParams},
	{name: "llama_sampler_chain_init", fptr: &llamaSamplerChainInit},
	{name: "llama_sampler_chain_add", fptr: &llamaSamplerChainAdd},
	{name: "llama_sampler_init_greedy", fptr: &llamaSamplerInitGreedy},
	{name: "llama_sampler_init_dist", fptr: &llamaSamplerInitDist},
	{name: "llama_sampler_init_top_k", fptr: &llamaSamplerInitTopK},
	{name: "llama_sampler_init_top_p", fptr: &llamaSamplerInitTopP},
	{name: "llama_sampler_init_min_p", fptr: &llamaSamplerInitMinP},
	{name: "llama_sampler_init_temp", fptr: &llamaSamplerInitTemp},
	{name: "llama_sampler_init_penalties", fptr: &llamaSamplerInitPenalties},
	{name: "llama_sampler_init_dry", fptr: &llamaSamplerInitDry, optional: true},
	{name: "llama_sampler_sample", fptr: &llamaSamplerSample},
	{name: "llama_sampler_accept", fptr: &llamaSamplerAccept},
	{name: "llama_sampler_reset", fptr: &llamaSamplerReset},
	{name: "llama_sampler_free", fptr: &llamaSamplerFree},
}

// NewChain creates an empty sampler chain; Add samplers, then Free it (which
// frees the samplers it holds).
func NewChain() (Sampler, error) {
	p := llamaSamplerChainDefaultParams()
	p.NoPerf = true
	c := llamaSamplerChainInit(p)
	if c == 0 {
		return 0, fmt.Errorf("llama_sampler_chain_init: %w", ErrSamplerInit)
	}
	return c, nil
}

// Add appends s to the chain, which takes ownership of it. A NULL s (an
// init that failed) is refused: llama_sampler_chain_add would store it and
// crash on the first sample.
func (chain Sampler) Add(s Sampler, name string) error {
	if s == 0 {
		return fmt.Errorf("llama_sampler_init_%s: %w", name, ErrSamplerInit)
	}
	llamaSamplerChainAdd(chain, s)
	return nil
}

// Free releases the sampler (for a chain: with everything in it); a NULL
// sampler is nothing to free.
func (s Sampler) Free() {
	if s != 0 {
		llamaSamplerFree(s)
	}
}

// Reset forgets the accepted history (penalties, DRY) and RNG state.
func (s Sampler) Reset() { llamaSamplerReset(s) }

// Accept records a token in the history of penalties and DRY (used for
// prompt tokens: the repeat penalty covers the whole context).
func (s Sampler) Accept(t Token) { llamaSamplerAccept(s, t) }

// Sample picks the next token from the last output of c and accepts it.
func (s Sampler) Sample(c Context) Token { return llamaSamplerSample(s, c, -1) }

// Greedy always picks the most likely token.
func Greedy() Sampler { return llamaSamplerInitGreedy() }

// Dist picks a token at random by probability, seeded.
func Dist(seed uint32) Sampler { return llamaSamplerInitDist(seed) }

// TopK keeps the k most likely tokens.
func TopK(k int) Sampler { return llamaSamplerInitTopK(int32(k)) }

// TopP keeps the most likely tokens whose probabilities add up to p.
func TopP(p float32) Sampler { return llamaSamplerInitTopP(p, 1) }

// MinP drops tokens less likely than p times the most likely one.
func MinP(p float32) Sampler { return llamaSamplerInitMinP(p, 1) }

// Temp divides the logits by t.
func Temp(t float32) Sampler { return llamaSamplerInitTemp(t) }

// Penalties divides (or multiplies, for negative logits) the logits of
// tokens seen in the last lastN accepted tokens by repeat, the Hugging Face
// repetition penalty. lastN must be ≥ 0 here (llama.cpp maps -1 to 0 = off):
// callers resolve "whole context" to the context size.
func Penalties(nVocab, lastN int, repeat, freq, present float32) Sampler {
	return llamaSamplerInitPenalties(int32(nVocab), int32(lastN), repeat, freq, present)
}

// HasDRY reports whether the library exports the DRY sampler.
func HasDRY() bool { return llamaSamplerInitDry != nil }

// DRY is the "don't repeat yourself" sampler: it penalizes extending a
// sequence that already occurred. breakers are strings that end a match.
// The strings are copied by llama.cpp during the call; they are pinned Go
// memory only for its duration.
func DRY(v Vocab, mult, base float32, allowedLen, lastN int, breakers []string) Sampler {
	var pin runtime.Pinner
	defer pin.Unpin()
	ptrs := make([]*byte, 0, len(breakers)+1)
	for _, b := range breakers {
		if b == "" {
			continue
		}
		buf := append([]byte(b), 0)
		pin.Pin(&buf[0])
		ptrs = append(ptrs, &buf[0])
	}
	n := len(ptrs)
	ptrs = append(ptrs, nil)
	pin.Pin(&ptrs[0])
	return llamaSamplerInitDry(v, mult, base, int32(allowedLen), int32(lastN), &ptrs[0], uintptr(n))
}
