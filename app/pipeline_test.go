package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/transcript"
)

const answer = "제목: 예산 회의\n1. 예산 현황\n- 예산이 5% 늘었다.\n2. 향후 계획\n- 세부안을 만든다.\n"

// pieces cuts s into pieces of n characters.
func pieces(s string, n int) []string {
	var out []string
	r := []rune(s)
	for len(r) > 0 {
		k := min(n, len(r))
		out = append(out, string(r[:k]))
		r = r[k:]
	}
	return out
}

// recorder collects events.
type recorder struct{ events []Event }

func (r *recorder) emit(e Event) { r.events = append(r.events, e) }

func (r *recorder) progress() []Progress {
	var out []Progress
	for _, e := range r.events {
		if p, ok := e.(Progress); ok {
			out = append(out, p)
		}
	}
	return out
}

// passes lists the distinct (pass, part) steps in order, as "whole",
// "part 1/3", "final".
func (r *recorder) passes() []string {
	var out []string
	for _, p := range r.progress() {
		if p.Phase != PhaseReadingPrompt {
			continue
		}
		s := p.Pass.String()
		if p.Parts > 0 {
			s = fmt.Sprintf("%s %d/%d", s, p.Part, p.Parts)
		}
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

func modelFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fake.gguf")
	if err := os.WriteFile(p, []byte("GGUF"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func settingsFor(model string) Settings {
	s := DefaultSettings()
	s.Model = model
	return s
}

func doc(text string) transcript.Document {
	return transcript.Document{Name: "회의.txt", Format: transcript.Plain, Encoding: transcript.UTF8, Text: text}
}

func TestSummarizeOnePass(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return pieces(answer, 3) }}
	hist, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(Config{Engine: eng, History: hist})
	defer svc.Close()
	var rec recorder
	res, err := svc.Summarize(context.Background(), doc("김민수: 예산이 늘었습니다.\n이영희: 세부안을 만들겠습니다."),
		Options{Settings: settingsFor(modelFile(t))}, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.Title != "예산 회의" || len(res.Summary.Sections) != 2 {
		t.Errorf("summary = %+v", res.Summary)
	}
	if res.Text != answer {
		t.Errorf("text = %q, want %q", res.Text, answer)
	}
	if got := rec.passes(); strings.Join(got, ",") != "whole" {
		t.Errorf("passes = %v, want [whole]", got)
	}
	// Events: loading, planning, reading, then pieces with updates, Done last.
	var text strings.Builder
	updates := 0
	for _, e := range rec.events {
		switch e := e.(type) {
		case Piece:
			if e.Pass != PassWhole {
				t.Errorf("piece of pass %v", e.Pass)
			}
			text.WriteString(e.Text)
		case Update:
			updates++
		case Failed:
			t.Errorf("Failed: %v", e.Err)
		}
	}
	if text.String() != answer {
		t.Errorf("streamed %q", text.String())
	}
	if updates == 0 {
		t.Error("no Update events")
	}
	first, last := rec.events[0], rec.events[len(rec.events)-1]
	if p, ok := first.(Progress); !ok || p.Phase != PhaseLoadingModel {
		t.Errorf("first event %#v, want loading progress", first)
	}
	done, ok := last.(Done)
	if !ok {
		t.Fatalf("last event %#v, want Done", last)
	}
	if done.Stats.Parts != 1 || done.Stats.Passes != 1 || done.Stats.Tokens != len(pieces(answer, 3)) || done.Stats.TokensPerSec <= 0 {
		t.Errorf("stats = %+v", done.Stats)
	}
	// Kept in history.
	list, err := hist.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("history = %v, %v", list, err)
	}
	if list[0].ID != res.HistoryID || list[0].Summary.Title != "예산 회의" || list[0].Source != "회의.txt" || list[0].Text != answer {
		t.Errorf("history entry = %+v", list[0])
	}
	// The prompt is the model card's, byte for byte.
	want := "Instruction: 요약 할 문장 :\n[김민수: 예산이 늘었습니다.\n이영희: 세부안을 만들겠습니다.\n]\n output:"
	if len(eng.prompts) != 1 || eng.prompts[0] != want {
		t.Errorf("prompts = %q", eng.prompts)
	}
}

func TestSummarizeSplit(t *testing.T) {
	var lines []string
	for i := range 60 {
		lines = append(lines, fmt.Sprintf("화자 %d: %d번째 안건에 대해 말씀드리겠습니다.", i%3+1, i+1))
	}
	text := strings.Join(lines, "\n")
	eng := &fakeEngine{script: func(p string) []string {
		return pieces("제목: 부분\n1. 안건\n- 논의했다.", 4)
	}}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	set := settingsFor(modelFile(t))
	set.ContextSize = 512
	plan, err := svc.Plan(context.Background(), doc(text), Options{Settings: set})
	if err != nil {
		t.Fatal(err)
	}
	if plan.FitsOnePass || plan.Parts < 3 || plan.Context != 512 {
		t.Fatalf("plan = %+v, want several parts of a 512-token context", plan)
	}
	var rec recorder
	res, err := svc.Summarize(context.Background(), doc(text), Options{Settings: set}, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := 1; i <= plan.Parts; i++ {
		want = append(want, fmt.Sprintf("part %d/%d", i, plan.Parts))
	}
	want = append(want, "final")
	if got := rec.passes(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("passes = %v, want %v", got, want)
	}
	if len(res.Partials) != plan.Parts || res.Stats.Parts != plan.Parts || res.Stats.Passes != plan.Parts+1 {
		t.Errorf("partials %d, stats %+v; want %d parts", len(res.Partials), res.Stats, plan.Parts)
	}
	// Every prompt fits its context with room for the answer, and every
	// line of the transcript went into some part.
	all := strings.Join(eng.prompts[:plan.Parts], "\x00")
	for _, p := range eng.prompts[:plan.Parts] {
		if n := len([]rune(p)) + 1; n+plan.AnswerTokens > 512 {
			t.Errorf("prompt of %d tokens + %d answer > 512", n, plan.AnswerTokens)
		}
	}
	for _, l := range lines {
		if !strings.Contains(all, l+"\n") {
			t.Errorf("line %q is in no part", l)
		}
	}
	// The final prompt summarizes the partial summaries.
	final := eng.prompts[len(eng.prompts)-1]
	if !strings.Contains(final, "제목: 부분\n1. 안건\n- 논의했다.\n\n제목: 부분") {
		t.Errorf("final prompt = %q", final)
	}
	// Only the final pass's pieces are the answer.
	var answerText strings.Builder
	for _, e := range rec.events {
		if p, ok := e.(Piece); ok && p.Pass.Result() {
			answerText.WriteString(p.Text)
		}
	}
	if answerText.String() != res.Text {
		t.Errorf("final pieces %q != result %q", answerText.String(), res.Text)
	}
	// Prompts returns the parts' prompts, the same the run used.
	prompts, err := svc.Prompts(context.Background(), doc(text), Options{Settings: set})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(prompts, "\x00") != strings.Join(eng.prompts[:plan.Parts], "\x00") {
		t.Error("Prompts differ from the prompts the run sent")
	}
}

func TestSummarizeHierarchicalReduce(t *testing.T) {
	// Partial summaries as long as the answer room allows: the joined ones
	// never fit one prompt, so they are combined in rounds first.
	text := strings.Repeat("가나다라마바사아자차카타파하 거너더러머버서어저처커터퍼허.\n", 80)
	eng := &fakeEngine{script: func(p string) []string { return pieces(strings.Repeat("요약문장입니다. ", 40), 2) }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	set := settingsFor(modelFile(t))
	set.ContextSize = 300
	var rec recorder
	res, err := svc.Summarize(context.Background(), doc(text), Options{Settings: set}, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rec.passes(), ",")
	if !strings.Contains(got, "combine 1/") || !strings.HasSuffix(got, "final") {
		t.Errorf("passes = %s, want combine rounds then final", got)
	}
	if res.Text == "" {
		t.Error("empty final text")
	}
}

func TestSummarizeCombineGroupsDoNotOverlap(t *testing.T) {
	// Each generation writes a summary tagged with its own number. A partial
	// summary is whole on its own: it must go into exactly one combining
	// prompt, or its points come back twice in the final summary.
	text := strings.Repeat("가나다라마바사아자차카타파하 거너더러머버서어저처커터퍼허.\n", 80)
	n := 0
	eng := &fakeEngine{script: func(string) []string {
		n++
		return pieces(fmt.Sprintf("요약%03d: 가나다라마바사아자차카타파하 거너더러머버서.", n), 2)
	}}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	set := settingsFor(modelFile(t))
	set.ContextSize = 300
	var rec recorder
	if _, err := svc.Summarize(context.Background(), doc(text), Options{Settings: set}, rec.emit); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.passes(), ","); !strings.Contains(got, "combine 1/") {
		t.Fatalf("passes = %s, want combine rounds", got)
	}
	for i := 1; i < n; i++ { // the last one is the final answer
		tag := fmt.Sprintf("요약%03d:", i)
		in := 0
		for _, p := range eng.prompts {
			in += strings.Count(p, tag)
		}
		if in != 1 {
			t.Errorf("summary %s is in %d prompts, want 1", tag, in)
		}
	}
}

func TestSummarizeGuardStopsLoop(t *testing.T) {
	loop := "제목: 회의\n1. 예산\n- 예산을 검토했다." + strings.Repeat(" 예산을 검토했다.", 30)
	eng := &fakeEngine{script: func(string) []string { return pieces(loop, 2) }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	res, err := svc.Summarize(context.Background(), doc("짧은 회의록입니다."), Options{Settings: settingsFor(modelFile(t))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stats.Stopped {
		t.Error("guard did not stop the loop")
	}
	if res.Stats.Tokens >= len(pieces(loop, 2)) {
		t.Errorf("generated all %d pieces; want an early stop", res.Stats.Tokens)
	}
	if n := strings.Count(res.Text, "예산을 검토했다."); n != 1 {
		t.Errorf("text keeps %d copies: %q", n, res.Text)
	}
	if len(res.Summary.Sections) != 1 || len(res.Summary.Sections[0].Bullets) != 1 {
		t.Errorf("summary = %+v", res.Summary)
	}
}

// The model card's sample says a clause three times and goes on: the whole
// answer is kept, the extra copies trimmed, every section parsed.
func TestSummarizeTrimsCardSample(t *testing.T) {
	sample := "제목: 예산 회의\n1. 현황\n- 예산을 검토했다. 예산을 검토했다. 예산을 검토했다.\n- 인건비가 크다.\n2. 계획\n- 세부안을 만든다.\n"
	eng := &fakeEngine{script: func(string) []string { return pieces(sample, 3) }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	res, err := svc.Summarize(context.Background(), doc("짧은 회의록입니다."), Options{Settings: settingsFor(modelFile(t))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Stopped || res.Stats.Tokens != len(pieces(sample, 3)) {
		t.Errorf("stopped the sample: %+v", res.Stats)
	}
	if strings.Count(res.Text, "예산을 검토했다.") != 1 || !strings.Contains(res.Text, "세부안을 만든다.") {
		t.Errorf("text %q", res.Text)
	}
	if len(res.Summary.Sections) != 2 || len(res.Summary.Sections[0].Bullets) != 2 || res.Summary.Sections[0].Bullets[0] != "예산을 검토했다." {
		t.Errorf("summary %+v", res.Summary)
	}
}

// A model that writes nothing is reported, not passed off as a summary.
func TestSummarizeEmptyAnswer(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return []string{" ", "\n"} }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	res, err := svc.Summarize(context.Background(), doc("짧은 회의록입니다."), Options{Settings: settingsFor(modelFile(t))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.EmptyAnswers != 1 || len(res.Stats.Notes("ko")) != 1 || !strings.Contains(res.Stats.Notes("en")[0], "wrote nothing") {
		t.Errorf("stats %+v, notes %q", res.Stats, res.Stats.Notes("en"))
	}
}

// An answer cut by the token limit is reported, never passed off as whole.
func TestSummarizeTokenLimit(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return pieces(answer, 1) }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	for _, tt := range []struct {
		max  int
		want bool
	}{{16, true}, {1024, false}} {
		set := settingsFor(modelFile(t))
		set.MaxTokens = tt.max
		res, err := svc.Summarize(context.Background(), doc("짧은 회의록입니다."), Options{Settings: set}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Stats.TokenLimit != tt.want {
			t.Errorf("max %d tokens: TokenLimit = %v, want %v (text %q)", tt.max, res.Stats.TokenLimit, tt.want, res.Text)
		}
	}
}

func TestSummarizeCancel(t *testing.T) {
	eng := &fakeEngine{
		script:  func(string) []string { return pieces(answer, 1) },
		block:   make(chan struct{}),
		started: make(chan struct{}, 1),
	}
	hist, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := NewService(Config{Engine: eng, History: hist})
	defer svc.Close()
	var rec recorder
	job := svc.Start(context.Background(), doc("회의록"), Options{Settings: settingsFor(modelFile(t))}, rec.emit)
	<-eng.started
	job.Stop()
	_, err = job.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if f, ok := rec.events[len(rec.events)-1].(Failed); !ok || !errors.Is(f.Err, context.Canceled) {
		t.Errorf("last event %#v, want Failed(Canceled)", rec.events[len(rec.events)-1])
	}
	if list, _ := hist.List(); len(list) != 0 {
		t.Errorf("history kept %d entries of a cancelled run", len(list))
	}
	if got := Message(err, "ko"); got != "취소했습니다." {
		t.Errorf("message %q", got)
	}
}

func TestSummarizeAlreadyCancelled(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return pieces(answer, 1) }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.Summarize(ctx, doc("회의록"), Options{Settings: settingsFor(modelFile(t))}, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if eng.fullLoads() != 0 {
		t.Error("a cancelled run loaded the model")
	}
}

func TestModelReuse(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return pieces(answer, 5) }}
	svc := NewService(Config{Engine: eng})
	set := settingsFor(modelFile(t))
	run := func(s Settings) {
		t.Helper()
		if _, err := svc.Summarize(context.Background(), doc("회의록입니다."), Options{Settings: s}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Plan before any run loads only the vocabulary.
	if _, err := svc.Plan(context.Background(), doc("회의록입니다."), Options{Settings: set}); err != nil {
		t.Fatal(err)
	}
	if len(eng.loads) != 1 || !eng.loads[0].VocabOnly {
		t.Fatalf("loads after Plan = %+v, want one vocab-only", eng.loads)
	}
	run(set)
	run(set)
	if eng.fullLoads() != 1 {
		t.Errorf("%d full loads for two runs, want 1", eng.fullLoads())
	}
	// Plan now uses the loaded model: no new load.
	if _, err := svc.Plan(context.Background(), doc("회의록입니다."), Options{Settings: set}); err != nil {
		t.Fatal(err)
	}
	set.GPU = !set.GPU
	run(set)
	set.Model = modelFile(t)
	run(set)
	if eng.fullLoads() != 3 {
		t.Errorf("%d full loads, want 3 (GPU and model changes reload)", eng.fullLoads())
	}
	if eng.open != 1 {
		t.Errorf("%d models open, want only the current one", eng.open)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if eng.open != 0 {
		t.Errorf("%d models open after Close", eng.open)
	}
	if _, err := svc.Summarize(context.Background(), doc("x"), Options{Settings: set}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v, want ErrClosed", err)
	}
}

func TestPlanErrors(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return nil }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	set := settingsFor(modelFile(t))
	set.ContextSize = MinContextSize
	set.MaxTokens = 1000
	if _, err := svc.Plan(context.Background(), doc("   "), Options{Settings: set}); !errors.Is(err, transcript.ErrEmpty) {
		t.Errorf("blank text: %v, want ErrEmpty", err)
	}
	bad := set
	bad.Threads = -1
	if _, err := svc.Plan(context.Background(), doc("x"), Options{Settings: bad}); !errors.Is(err, ErrInvalidSettings) {
		t.Errorf("bad settings: %v", err)
	}
	missing := settingsFor(filepath.Join(t.TempDir(), "none.gguf"))
	_, err := svc.Plan(context.Background(), doc("x"), Options{Settings: missing})
	if err == nil || !strings.Contains(Message(err, "en"), "Model file not found") {
		t.Errorf("missing model: %v", err)
	}
	// A trained context smaller than the setting caps it.
	eng.trained = 512
	set.ContextSize = 4096
	p, err := svc.Plan(context.Background(), doc("회의록"), Options{Settings: set})
	if err != nil || p.Context != 512 {
		t.Errorf("plan = %+v, %v; want the trained 512", p, err)
	}
}

func TestPlanFromTheEventCallback(t *testing.T) {
	// A window may ask for a plan while a run reports progress (its UI
	// thread answering an edit while the bridge waits on it): no deadlock,
	// in any phase.
	eng := &fakeEngine{script: func(string) []string { return pieces(answer, 4) }}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	set := settingsFor(modelFile(t))
	plans := 0
	_, err := svc.Summarize(context.Background(), doc("회의록입니다."), Options{Settings: set}, func(e Event) {
		if _, ok := e.(Progress); ok {
			if _, err := svc.Plan(context.Background(), doc("다른 글"), Options{Settings: set}); err != nil {
				t.Error(err)
			}
			plans++
		}
	})
	if err != nil || plans == 0 {
		t.Fatalf("%v, %d plans", err, plans)
	}
}

func TestLayoutBudget(t *testing.T) {
	m := &fakeModel{e: &fakeEngine{}}
	info := ModelInfo{Template: DefaultPromptTemplate()}
	set := DefaultSettings()
	over := len([]rune(DefaultPromptTemplate().Build(""))) + 1 // one token per character, + BOS
	third := func(ctx int) int { return (ctx - over - tokenMargin - joinTokens) / 3 }
	tests := []struct {
		name                   string
		ctx, maxTokens         int
		template               string
		wantAnswer, wantBudget int
		wantErr                error
	}{
		{"default", 8192, 1024, DefaultTemplate, 1024, 8192 - over - tokenMargin - 1024, nil},
		{"a third at most", 256, 1024, DefaultTemplate, third(256), 256 - over - tokenMargin - third(256), nil},
		{"max tokens below a third", 256, 20, DefaultTemplate, 20, 256 - over - tokenMargin - 20, nil},
		{"smallest context", MinContextSize, 1024, DefaultTemplate, third(MinContextSize), MinContextSize - over - tokenMargin - third(MinContextSize), nil},
		{"template fills the context", MinContextSize, 1024, strings.Repeat("가", 110) + "{transcript}", 0, 0, ErrContextTooSmall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info.Template, _ = ParseTemplate(tt.template)
			set.ContextSize, set.MaxTokens = tt.ctx, tt.maxTokens
			l, err := layout(m, info, set, "회의록")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if l.answer != tt.wantAnswer || l.budget != tt.wantBudget {
				t.Errorf("answer %d budget %d, want %d and %d", l.answer, l.budget, tt.wantAnswer, tt.wantBudget)
			}
			// Two answers and the blank line between them always fit one
			// combining prompt.
			if 2*l.answer+joinTokens > l.budget {
				t.Errorf("two answers (%d) do not fit a budget of %d", 2*l.answer, l.budget)
			}
		})
	}
}
