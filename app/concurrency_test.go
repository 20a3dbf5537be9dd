package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yoyak/yoyak/inference"
)

// gateModel is a Model whose generations each wait until `want` of them are
// in flight at once (or the context ends), then write "answer N" for the
// prompt's part; it records the most in flight. A sequential run never gets
// past the gate: overlap is proven by finishing, not by timing.
type gateModel struct {
	want int
	fail string // a prompt containing this fails after its first piece

	mu       sync.Mutex
	inFlight int
	most     int
	gate     chan struct{}
	open     bool
}

func (m *gateModel) Tokenize(text string, addBOS bool) ([]inference.Token, error) {
	n := utf8.RuneCountInString(text)
	if addBOS {
		n++
	}
	return make([]inference.Token, n), nil
}

func (m *gateModel) TrainedContext() int { return 8192 }
func (m *gateModel) Close() error        { return nil }

func (m *gateModel) Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error) {
	m.mu.Lock()
	m.inFlight++
	m.most = max(m.most, m.inFlight)
	if m.inFlight == m.want && !m.open {
		close(m.gate)
		m.open = true
	}
	gate := m.gate
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.inFlight--
		m.mu.Unlock()
	}()
	on(inference.Piece{Text: "요약: "})
	if m.fail != "" && strings.Contains(req.Prompt, m.fail) {
		return inference.Result{}, errors.New("server went away")
	}
	select {
	case <-gate:
	case <-ctx.Done():
		return inference.Result{Stop: inference.Cancelled}, ctx.Err()
	case <-time.After(20 * time.Second): // a sequential run would wait here forever
		return inference.Result{}, errors.New("passes did not overlap")
	}
	text := req.Prompt[strings.LastIndex(req.Prompt, "part"):]
	text = text[:strings.IndexByte(text, '.')]
	on(inference.Piece{Text: text})
	return inference.Result{PromptTokens: 10, GeneratedTokens: 2, GenTime: time.Millisecond}, nil
}

func gateRunner(m Model, jobs int, emit func(Event)) (*runner, textLayout) {
	info := ModelInfo{Name: "gate", Template: DefaultPromptTemplate(), Sampling: defaultSampling}
	r := &runner{m: m, info: info, set: DefaultSettings(), emit: emit, jobs: jobs}
	return r, textLayout{ctx: 8192, answer: 64}
}

func gateTexts(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("part%d.", i+1))
	}
	return out
}

func TestPassesRunAtOnceAndReportInOrder(t *testing.T) {
	m := &gateModel{want: 3, gate: make(chan struct{})}
	var rec recorder
	var mu sync.Mutex
	r, lay := gateRunner(m, 3, func(e Event) { mu.Lock(); rec.emit(e); mu.Unlock() })
	out, err := r.passes(context.Background(), lay, gateTexts(5), PassPart)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"요약: part1", "요약: part2", "요약: part3", "요약: part4", "요약: part5"}; fmt.Sprint(out) != fmt.Sprint(want) {
		t.Errorf("answers %q, want %q", out, want)
	}
	if m.most != 3 {
		t.Errorf("at most %d in flight, want 3 (the slots)", m.most)
	}
	if r.stats.Passes != 5 || r.stats.Tokens != 10 {
		t.Errorf("stats %+v: want 5 passes, 10 tokens merged", r.stats)
	}
	// The events read as a sequential run's: parts in order, never back.
	last := 0
	for _, p := range rec.progress() {
		if p.Part < last {
			t.Fatalf("part %d reported after part %d", p.Part, last)
		}
		last = p.Part
	}
	if last != 5 {
		t.Errorf("last part reported %d, want 5", last)
	}
}

func TestPassesOneAtATimeWithoutSlots(t *testing.T) {
	m := &gateModel{want: 1, gate: make(chan struct{})}
	r, lay := gateRunner(m, 0, func(Event) {})
	if _, err := r.passes(context.Background(), lay, gateTexts(3), PassPart); err != nil {
		t.Fatal(err)
	}
	if m.most != 1 {
		t.Errorf("%d in flight, want 1: the local engine runs one pass at a time", m.most)
	}
}

func TestPassesFirstFailureStopsTheOthers(t *testing.T) {
	m := &gateModel{want: 99, gate: make(chan struct{}), fail: "part2"} // the gate never opens
	r, lay := gateRunner(m, 3, func(Event) {})
	_, err := r.passes(context.Background(), lay, gateTexts(4), PassPart)
	if err == nil || !strings.Contains(err.Error(), "server went away") {
		t.Fatalf("err = %v, want the failing pass's error", err)
	}
}

// sharedCacheModel stands for a server whose slots share one KV cache
// (llama-server without --parallel): a generation that starts while another
// runs overflows the cache and is refused with ErrPromptTooLong.
type sharedCacheModel struct {
	gateModel
	calls, overflows int
	second           chan struct{}
}

func (m *sharedCacheModel) Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error) {
	m.mu.Lock()
	m.calls++
	first := m.calls == 1
	m.inFlight++
	m.most = max(m.most, m.inFlight)
	if m.inFlight > 1 {
		m.overflows++
		m.inFlight--
		if m.overflows == 1 {
			close(m.second)
		}
		m.mu.Unlock()
		return inference.Result{}, fmt.Errorf("POST /completion: %w", inference.ErrPromptTooLong)
	}
	m.mu.Unlock()
	defer func() { m.mu.Lock(); m.inFlight--; m.mu.Unlock() }()
	if first { // stay in flight until a second pass has tried its luck
		select {
		case <-m.second:
		case <-time.After(20 * time.Second):
			return inference.Result{}, errors.New("no second pass started beside the first")
		}
	}
	text := req.Prompt[strings.LastIndex(req.Prompt, "part"):]
	on(inference.Piece{Text: text[:strings.IndexByte(text, '.')]})
	return inference.Result{PromptTokens: 10, GeneratedTokens: 1, GenTime: time.Millisecond}, nil
}

// Passes that overflow a shared cache when run at once are run again one
// at a time, and so is the rest of the run: nothing is lost and the user
// gets the summary, not "too long".
func TestPassesFallBackToOneAtATimeOnASharedCache(t *testing.T) {
	m := &sharedCacheModel{second: make(chan struct{})}
	r, lay := gateRunner(m, 3, func(Event) {})
	out, err := r.passes(context.Background(), lay, gateTexts(3), PassPart)
	if err != nil {
		t.Fatalf("passes: %v", err)
	}
	if want := []string{"part1", "part2", "part3"}; fmt.Sprint(out) != fmt.Sprint(want) {
		t.Errorf("answers %q, want %q", out, want)
	}
	if m.overflows == 0 {
		t.Fatal("no pass ran beside another: the test proves nothing")
	}
	if r.jobs != 1 {
		t.Errorf("jobs = %d after an overflow, want 1 for the rest of the run", r.jobs)
	}
	overflows := m.overflows
	if _, err := r.passes(context.Background(), lay, gateTexts(2), PassCombine); err != nil || m.overflows != overflows {
		t.Errorf("the next round: %v, %d more overflows; want it one at a time", err, m.overflows-overflows)
	}
}
