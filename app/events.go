package app

import (
	"fmt"
	"time"

	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/usererr"
)

// Event is what Summarize reports while it runs: Progress, Piece, Update,
// Done or Failed. The callback receives them on the worker goroutine, in
// order; a window must hand them to its UI thread itself.
type Event interface{ isEvent() }

// Phase is what the engine is busy with right now.
type Phase int

// Phases in the order a pass goes through them.
const (
	// PhaseLoadingModel: the model file is being loaded (Done/Total in
	// thousandths of the file). Only the first run, or after the model or
	// the GPU setting changed.
	PhaseLoadingModel Phase = iota + 1
	// PhasePlanning: the transcript is being tokenized to plan the parts.
	PhasePlanning
	// PhaseReadingPrompt: the model reads the prompt (Done/Total tokens).
	PhaseReadingPrompt
	// PhaseGenerating: the model writes (Done tokens so far of at most Total).
	PhaseGenerating
)

// String names the phase for logs.
func (p Phase) String() string {
	switch p {
	case PhaseLoadingModel:
		return "loading-model"
	case PhasePlanning:
		return "planning"
	case PhaseReadingPrompt:
		return "reading-prompt"
	case PhaseGenerating:
		return "generating"
	}
	return fmt.Sprintf("phase(%d)", int(p))
}

// Pass says which of the generations of a run an event belongs to. A
// transcript that fits the context takes one PassWhole; a long one takes
// PassPart for each part (map), then PassCombine rounds while the joined
// partial summaries still do not fit one prompt, then one PassFinal (reduce).
type Pass int

// Passes.
const (
	PassNone    Pass = iota // before any generation (loading, planning)
	PassWhole               // the transcript fits: the only pass
	PassPart                // summarizing part Part of Parts
	PassCombine             // combining group Part of Parts of partial summaries (hierarchical reduce)
	PassFinal               // the final pass over the joined partial summaries
)

// String names the pass for logs.
func (p Pass) String() string {
	switch p {
	case PassNone:
		return "none"
	case PassWhole:
		return "whole"
	case PassPart:
		return "part"
	case PassCombine:
		return "combine"
	case PassFinal:
		return "final"
	}
	return fmt.Sprintf("pass(%d)", int(p))
}

// Result reports whether text generated in this pass is the final answer
// (as opposed to a partial summary that feeds a later pass).
func (p Pass) Result() bool { return p == PassWhole || p == PassFinal }

// Progress reports how far a run is. Done and Total count the phase's unit
// (thousandths while loading, tokens otherwise); Total is 0 when unknown.
type Progress struct {
	Phase       Phase
	Pass        Pass
	Part, Parts int // 1-based part (or combine group) and how many; 0 outside PassPart/PassCombine
	Done, Total int
}

// Fraction is Done/Total clamped to [0, 1], or 0 when Total is unknown.
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	f := float64(p.Done) / float64(p.Total)
	return min(max(f, 0), 1)
}

// Describe is a one-line status in lang ("ko…" Korean, else English), the
// same words in the window's status line and on the command line:
// "모델 불러오는 중 42%", "2/5 부분 읽는 중 30%", "최종 요약 작성 중 120 토큰".
func (p Progress) Describe(lang string) string {
	ko := usererr.IsKorean(lang)
	step := p.Step(lang)
	switch p.Phase {
	case PhaseLoadingModel, PhaseReadingPrompt:
		return fmt.Sprintf("%s %d%%", step, int(p.Fraction()*100))
	case PhaseGenerating:
		return step + pick(ko, fmt.Sprintf(" %d 토큰", p.Done), fmt.Sprintf(" %d tokens", p.Done))
	}
	return step
}

// Step names what runs without the numbers: "2/5 부분 읽는 중",
// "final summary: writing".
func (p Progress) Step(lang string) string {
	ko := usererr.IsKorean(lang)
	var where string
	switch p.Pass {
	case PassPart:
		where = pick(ko, fmt.Sprintf("%d/%d 부분 ", p.Part, p.Parts), fmt.Sprintf("part %d/%d: ", p.Part, p.Parts))
	case PassCombine:
		where = pick(ko, fmt.Sprintf("부분 요약 합치기 %d/%d ", p.Part, p.Parts), fmt.Sprintf("combining %d/%d: ", p.Part, p.Parts))
	case PassFinal:
		where = pick(ko, "최종 요약 ", "final summary: ")
	}
	switch p.Phase {
	case PhaseLoadingModel:
		return pick(ko, "모델 불러오는 중", "loading the model")
	case PhasePlanning:
		return pick(ko, "글 길이 재는 중", "measuring the transcript")
	case PhaseReadingPrompt:
		return where + pick(ko, "읽는 중", "reading")
	case PhaseGenerating:
		return where + pick(ko, "작성 중", "writing")
	}
	return ""
}

func pick(ko bool, k, e string) string {
	if ko {
		return k
	}
	return e
}

// Piece is a whole-UTF-8 piece of the model's text as it arrives. Pieces of
// partial passes (Pass.Result() false) are the partial summaries, not the
// answer; a streaming view shows only the others.
type Piece struct {
	Text string
	Pass Pass
}

// Update is the answer of the current pass parsed so far, sent after each
// piece that changed it, so a view can redraw title, sections and bullets.
type Update struct {
	Summary summary.Summary
	Pass    Pass
}

// Stats describe a finished run.
type Stats struct {
	Tokens       int           // tokens generated, all passes together
	PromptTokens int           // prompt tokens read, all passes together
	CachedTokens int           // of PromptTokens, found in the KV cache (kept or prefilled), not read again
	TokensPerSec float64       // generation speed (generated tokens / time generating)
	Elapsed      time.Duration // wall time of the whole run, model loading included
	Parts        int           // 1 when the transcript fit one pass, else the number of parts
	Passes       int           // generations run (parts + combine rounds + final)
	Stopped      bool          // the repetition guard stopped a pass and its repeat was trimmed
	// TokenLimit: a pass ran out of answer tokens (Settings.MaxTokens or
	// the context) before the model ended its answer, so that answer may
	// stop mid-sentence; tell the user rather than cut it silently.
	TokenLimit bool
	// EmptyAnswers counts passes whose answer was empty (the model ended at
	// once): what they were given is missing from the summary.
	EmptyAnswers int
}

// Notes are what a person should know about a finished run besides the
// summary, one line each in lang ("ko…" Korean, else English): an answer
// cut by the token limit, a repeat the guard stopped and trimmed. The window
// and the command line show the same words.
func (s Stats) Notes(lang string) []string {
	ko := usererr.IsKorean(lang)
	var out []string
	if s.TokenLimit {
		out = append(out, pick(ko,
			"답이 최대 토큰 수에 닿아 끝이 잘렸을 수 있습니다. 최대 토큰 수를 늘리거나 컨텍스트를 키워 다시 해 보세요.",
			"The answer reached the token limit and may be cut short. Allow more tokens or a larger context and try again."))
	}
	if s.EmptyAnswers > 0 {
		out = append(out, pick(ko,
			fmt.Sprintf("모델이 답을 쓰지 않은 단계가 %d번 있었습니다. 그 부분은 요약에서 빠졌을 수 있으니 다시 해 보세요.", s.EmptyAnswers),
			fmt.Sprintf("The model wrote nothing in %d step(s); that text may be missing from the summary. Try again.", s.EmptyAnswers)))
	}
	if s.Stopped {
		out = append(out, pick(ko,
			"모델이 같은 말을 되풀이해 생성을 멈추고 반복된 부분을 잘라냈습니다.",
			"The model started repeating itself: generation was stopped and the repeat trimmed."))
	}
	return out
}

// Done is the last event of a successful run.
type Done struct {
	Summary summary.Summary // the final answer, parsed
	Text    string          // the final answer as the model wrote it (repeat trimmed)
	Stats   Stats
	Model   string // the name of the model that wrote it (a server's model too)
}

// Failed is the last event of a failed or cancelled run; Err is also what
// Summarize returns (context.Canceled for a cancelled one). Show it with
// Message(Err, lang).
type Failed struct {
	Err error
}

func (Progress) isEvent() {}
func (Piece) isEvent()    {}
func (Update) isEvent()   {}
func (Done) isEvent()     {}
func (Failed) isEvent()   {}
