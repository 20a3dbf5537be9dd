package inference

import (
	"context"
	"strings"
	"testing"
)

// freshModel loads the tiny model anew: a model whose KV cache holds
// nothing, to compare runs with reuse against runs without.
func freshModel(t *testing.T) *Model {
	t.Helper()
	m, err := testRuntime.LoadModel(context.Background(), tinyPath, DefaultModelOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func transcript(n int, tag string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("참석자 ")
		b.WriteString(string(rune('가' + i%40)))
		b.WriteString(": 오늘 회의에서는 예산과 일정에 대해 논의했습니다. ")
	}
	b.WriteString(tag)
	return b.String()
}

func TestPromptReuseIsExact(t *testing.T) {
	a := transcript(40, "결론을 요약하세요.")
	i := strings.LastIndex(a, "참석자 ") // near the end: the last line's speaker
	edited := a[:i] + "참석자 김민수" + a[i+len("참석자 가"):]
	for _, s := range []struct {
		name string
		samp Sampling
	}{{"greedy", Sampling{}}, {"sampled", sampled(9)}} {
		t.Run(s.name, func(t *testing.T) {
			req := func(p string) Request {
				// Fixed threads: the default adapts to load, and a sampled
				// token can change with the thread count (threads.go).
				return Request{Prompt: p, AddBOS: true, MaxTokens: 24, BatchSize: 64, Threads: 2, Sampling: s.samp}
			}
			m := freshModel(t)
			want, r0 := collect(t, m, req(a))
			if r0.CachedTokens != 0 {
				t.Fatalf("first run found %d cached tokens", r0.CachedTokens)
			}
			got, r1 := collect(t, m, req(a))
			if got != want {
				t.Errorf("same prompt again:\n got %q\nwant %q", got, want)
			}
			if r1.CachedTokens != r1.PromptTokens-1 {
				t.Errorf("same prompt again read %d of %d tokens, want only the last", r1.PromptTokens-r1.CachedTokens, r1.PromptTokens)
			}
			wantEdit, _ := collect(t, freshModel(t), req(edited))
			gotEdit, r2 := collect(t, m, req(edited))
			if gotEdit != wantEdit {
				t.Errorf("edited prompt with reuse:\n got %q\nwant %q", gotEdit, wantEdit)
			}
			shared := commonPrefix(mustTokens(t, m, a), mustTokens(t, m, edited))
			if r2.CachedTokens != shared || shared < r2.PromptTokens/2 {
				t.Errorf("edited prompt reused %d tokens, the prompts share %d of %d", r2.CachedTokens, shared, r2.PromptTokens)
			}
		})
	}
}

func mustTokens(t *testing.T, m *Model, s string) []Token {
	t.Helper()
	toks, err := m.Tokenize(s, true)
	if err != nil {
		t.Fatal(err)
	}
	return toks
}

// Parts of a split transcript are read one after another; going back to the
// first restores its saved KV cache instead of reading it again.
func TestSavedPartsAreRestored(t *testing.T) {
	parts := []string{transcript(30, "첫째"), "다른 " + transcript(30, "둘째"), "셋째 " + transcript(25, "셋째")}
	req := func(p string) Request { return Request{Prompt: p, AddBOS: true, MaxTokens: 16, BatchSize: 64} }
	m := freshModel(t)
	var want []string
	for _, p := range parts {
		out, _ := collect(t, m, req(p))
		want = append(want, out)
	}
	for i, p := range parts {
		got, res := collect(t, m, req(p))
		if got != want[i] {
			t.Errorf("part %d restored:\n got %q\nwant %q", i, got, want[i])
		}
		if res.CachedTokens != res.PromptTokens-1 {
			t.Errorf("part %d read %d of %d tokens again", i, res.PromptTokens-res.CachedTokens, res.PromptTokens)
		}
	}
	// With no memory for saved caches, only the live one is reused.
	none, err := testRuntime.LoadModel(context.Background(), tinyPath, ModelOptions{SavedCacheBytes: -1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer none.Close()
	collect(t, none, req(parts[0]))
	collect(t, none, req(parts[1]))
	if _, res := collect(t, none, req(parts[0])); res.CachedTokens > 8 {
		t.Errorf("without a budget part 0 still reused %d tokens", res.CachedTokens)
	}
}

// What a cancelled or read-only run read stays: the next run reads the rest.
func TestReadOnlyAndCancelledReadsAreKept(t *testing.T) {
	p := transcript(40, "요약")
	req := Request{Prompt: p, AddBOS: true, MaxTokens: 16, BatchSize: 64}
	want, _ := collect(t, freshModel(t), req)

	m := freshModel(t)
	ro := req
	ro.ReadOnly = true
	_, res := collect(t, m, ro)
	if res.GeneratedTokens != 0 || res.CachedTokens != 0 {
		t.Fatalf("read-only run: %+v", res)
	}
	got, res := collect(t, m, req)
	if got != want || res.CachedTokens != res.PromptTokens-1 {
		t.Errorf("after read-only: cached %d of %d, output %q want %q", res.CachedTokens, res.PromptTokens, got, want)
	}

	m = freshModel(t)
	ctx, cancel := context.WithCancel(context.Background())
	var readBeforeCancel int
	_, err := m.Generate(ctx, req, func(ev Event) bool {
		if pp, ok := ev.(PromptProgress); ok && pp.Done >= 128 {
			readBeforeCancel = pp.Done
			cancel()
		}
		return true
	})
	if err == nil {
		t.Fatal("cancelled run returned no error")
	}
	got, res = collect(t, m, req)
	if got != want {
		t.Errorf("after cancel: %q want %q", got, want)
	}
	if res.CachedTokens < readBeforeCancel-64 || res.CachedTokens == 0 {
		t.Errorf("after cancel at %d tokens, %d were reused", readBeforeCancel, res.CachedTokens)
	}
}

func TestCommonPrefix(t *testing.T) {
	for _, c := range []struct {
		a, b []Token
		want int
	}{{nil, nil, 0}, {[]Token{1}, nil, 0}, {[]Token{1, 2, 3}, []Token{1, 2, 4}, 2}, {[]Token{1, 2}, []Token{1, 2, 3}, 2}, {[]Token{5}, []Token{6}, 0}} {
		if got := commonPrefix(c.a, c.b); got != c.want {
			t.Errorf("commonPrefix(%v, %v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
