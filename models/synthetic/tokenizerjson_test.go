package synthetic

import (
	"os"
	"path/filepath"
	"testing"
)

var tokenizerCases = []struct {
	name, json string
	ok         bool
}{
	{"gemma-like", `{"added_tokens":[{"id":0,"content":"<pad>","special":true},{"id":4,"content":"<mask>","special":false}],
		"model":{"type":"BPE","byte_fallback":true,"vocab":{"<pad>":0,"<eos>":1,"<bos>":2,"<unk>":3,"<mask>":4,"<0x0A>":5,"▁회의":6}}}`, true},
	{"not BPE", `{"model":{"type":"Unigram","byte_fallback":true,"vocab":{"<pad>":0,"<eos>":1,"<bos>":2,"<unk>":3}}}`, false},
	{"too few pieces", `{"model":{"type":"BPE","byte_fallback":true,"vocab":{"<pad>":0}}}`, false},
	{"id out of range", `{"model":{"type":"BPE","byte_fallback":true,"vocab":{"<pad>":0,"<eos>":1,"<bos>":2,"<unk>":9}}}`, false},
	{"duplicate id", `{"model":{"type":"BPE","byte_fallback":true,"vocab":{"<pad>":0,"<eos>":1,"<bos>":1,"<unk>":3}}}`, false},
	{"specials misplaced", `{"model":{"type":"BPE","byte_fallback":true,"vocab":{"<eos>":0,"<pad>":1,"<bos>":2,"<unk>":3}}}`, false},
	{"added token not in vocabulary", `{"added_tokens":[{"id":7,"content":"x"}],"model":{"type":"BPE","byte_fallback":true,"vocab":{"<pad>":0,"<eos>":1,"<bos>":2,"<unk>":3}}}`, false},
	{"not JSON", `{"model":`, false},
}

func TestReadTokenizerJSON(t *testing.T) {
	for _, c := range tokenizerCases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "tokenizer.json")
			if err := os.WriteFile(p, []byte(c.json), 0o600); err != nil {
				t.Fatal(err)
			}
			v, err := readTokenizerJSON(p)
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok %v", err, c.ok)
			}
			if !c.ok {
				return
			}
			want := []int32{tokControl, tokNormal, tokNormal, tokUnknown, tokenTypeUserDefined, tokByte, tokNormal}
			for id, typ := range want {
				if v.types[id] != typ {
					t.Errorf("piece %d %q: type %d, want %d", id, v.tokens[id], v.types[id], typ)
				}
			}
			if v.scores[6] != -6 || v.scores[5] != 0 || v.scores[0] != 0 {
				t.Errorf("scores %v", v.scores)
			}
		})
	}
}

func FuzzReadTokenizerJSON(f *testing.F) {
	for _, c := range tokenizerCases {
		f.Add([]byte(c.json))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "tokenizer.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if v, err := readTokenizerJSON(p); err == nil && (len(v.tokens) <= UnkID || len(v.tokens) != len(v.types)) {
			t.Fatalf("accepted a vocabulary of %d pieces, %d types", len(v.tokens), len(v.types))
		}
	})
}
