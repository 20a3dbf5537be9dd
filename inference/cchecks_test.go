package inference

import (
	"context"
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

// Each Piece says how many tokens the generation has made so far: never
// fewer than the pieces, never going back, and at the end the result's count.
func TestPieceCarriesTheTokenCount(t *testing.T) {
	pieces, last := 0, 0
	res, err := tinyModel.Generate(context.Background(), Request{Prompt: "회의 요약", AddBOS: true, MaxTokens: 40}, func(ev Event) bool {
		if p, ok := ev.(Piece); ok {
			pieces++
			if p.Tokens < last || p.Tokens < pieces {
				t.Errorf("piece %d: Tokens %d after %d", pieces, p.Tokens, last)
			}
			last = p.Tokens
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	if pieces > 0 && last != res.GeneratedTokens {
		t.Errorf("last piece says %d tokens, the result %d", last, res.GeneratedTokens)
	}
}
