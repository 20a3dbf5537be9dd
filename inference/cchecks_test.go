package inference

import (
	"errors"
	"testing"

	"github.com/yoyak/yoyak/inference/llama"
)

// NULL from a sampler init is refused before llama_sampler_chain_add would
// store it (and crash on the first sample); a batch of no tokens is refused
// before llama_batch_init.
func TestNullSamplerAndBadBatchAreErrors(t *testing.T) {
	chain, err := llama.NewChain()
	if err != nil {
		t.Fatal(err)
	}
	defer chain.Free()
	if err := chain.Add(0, "top_k"); !errors.Is(err, llama.ErrSamplerInit) {
		t.Errorf("Add(NULL) = %v, want ErrSamplerInit", err)
	}
	if err := chain.Add(llama.Greedy(), "greedy"); err != nil {
		t.Errorf("Add(greedy) = %v", err)
	}
	if _, err := llama.NewTokenBatch(0); err == nil {
		t.Error("NewTokenBatch(0) succeeded")
	}
	b, err := llama.NewTokenBatch(8)
	if err != nil {
		t.Fatal(err)
	}
	b.Free()
}
