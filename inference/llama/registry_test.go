package llama

import "testing"

func TestRegistryKeys(t *testing.T) {
	var r registry[*int]
	one, two := 1, 2
	k1, k2 := r.add(&one), r.add(&two)
	if k1 == 0 || k2 == 0 || k1 == k2 {
		t.Fatalf("keys %d, %d: want distinct and non-zero", k1, k2)
	}
	if *r.get(k1) != 1 || *r.get(k2) != 2 {
		t.Error("get returned another key's value")
	}
	r.remove(k1)
	if r.get(k1) != nil || r.get(0) != nil || *r.get(k2) != 2 {
		t.Error("remove forgot the wrong key")
	}
}
