package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
	"github.com/yoyak/yoyak/inference"
)

// Plan is how a document will be summarized, for the window's "characters,
// tokens, fits one pass or n parts" line.
type Plan struct {
	Chars        int    // characters (runes) of the transcript
	Tokens       int    // the transcript's tokens, by the model's tokenizer
	PromptTokens int    // the one-pass prompt's tokens, BOS included
	Context      int    // the context size the run will use
	AnswerTokens int    // the room kept for each answer
	Parts        int    // 1 when it fits one pass, else how many parts
	FitsOnePass  bool   // Parts == 1
	Model        string // the model's name
}

// Errors of planning a run.
var (
	// ErrContextTooSmall: the context cannot hold the prompt template, an
	// answer and a useful piece of text.
	ErrContextTooSmall = errors.New("context too small")
	// ErrTooLong: the partial summaries did not shrink enough to be
	// combined within maxRounds rounds.
	ErrTooLong = errors.New("transcript too long to combine")
)

const (
	// tokenMargin is kept free in every prompt for the few tokens the
	// tokenizer may merge differently where the text meets the template.
	tokenMargin = 4
	// minBudget is the fewest text tokens a part may hold.
	minBudget = 16
	// maxRounds bounds the rounds of combining partial summaries.
	maxRounds = 6
	// partialJoin separates partial summaries in a combining prompt;
	// joinTokens is the most it costs.
	partialJoin = "\n\n"
	joinTokens  = 2
)

// textLayout is a text measured against a model's context and cut into the
// parts that fit.
type textLayout struct {
	ctx      int // context size
	answer   int // tokens kept for each answer
	overhead int // tokens of BOS + template without the text
	budget   int // most tokens of text in one prompt
	tokens   int // tokens of the whole text
	prompt   int // tokens of the whole one-pass prompt
	parts    []string
	count    countFunc
}

// contextSize is the settings' context, else the catalog's, else the
// model's trained one — capped by the trained one.
func contextSize(m Model, info ModelInfo, set Settings) int {
	n := set.ContextSize
	if n == 0 {
		n = info.ContextLength
	}
	trained := m.TrainedContext()
	if n == 0 {
		n = trained
	}
	if trained > 0 && n > trained {
		n = trained
	}
	return n
}

// layout measures text for m and plans its parts. The room for an answer is
// MaxTokens, but at most a third of what the template leaves, so that two
// partial summaries (and the blank line between them) always fit one
// combining prompt and every round of combining at least halves their
// number.
func layout(m Model, info ModelInfo, set Settings, text string) (textLayout, error) {
	count := func(s string) (int, error) {
		t, err := m.Tokenize(s, false)
		if err != nil {
			return 0, fmt.Errorf("count tokens: %w", err)
		}
		return len(t), nil
	}
	l := textLayout{ctx: contextSize(m, info, set), count: count}
	bare, err := m.Tokenize(info.Template.Build(""), true)
	if err != nil {
		return l, fmt.Errorf("count tokens: %w", err)
	}
	l.overhead = len(bare)
	free := l.ctx - l.overhead - tokenMargin
	l.answer = min(set.MaxTokens, (free-joinTokens)/3)
	l.budget = free - l.answer
	if l.budget < minBudget || l.answer < 1 {
		return l, fmt.Errorf("context of %d tokens for a template of %d: %w", l.ctx, l.overhead, ErrContextTooSmall)
	}
	if strings.TrimSpace(text) == "" {
		return l, fmt.Errorf("plan: %w", transcript.ErrEmpty)
	}
	if l.tokens, err = count(text); err != nil {
		return l, err
	}
	all, err := m.Tokenize(info.Template.Build(text), true)
	if err != nil {
		return l, fmt.Errorf("count tokens: %w", err)
	}
	l.prompt = len(all)
	if l.prompt+l.answer <= l.ctx {
		l.parts = []string{text}
		return l, nil
	}
	l.parts, err = l.split(text, lineUnits(text), true)
	return l, err
}

// split cuts text at units into parts within the budget, consecutive parts
// overlapping a little when overlap is set (see packParts).
func (l textLayout) split(text string, units []span, overlap bool) ([]string, error) {
	spans, err := packParts(text, units, l.budget, l.count, overlap)
	if err != nil {
		if errors.Is(err, errBudget) {
			return nil, fmt.Errorf("split: %w: %w", ErrContextTooSmall, err)
		}
		return nil, err
	}
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = text[s.start:s.end]
	}
	return parts, nil
}

// plan reports the layout for a window.
func (l textLayout) plan(doc transcript.Document, info ModelInfo) Plan {
	return Plan{
		Chars: doc.Chars(), Tokens: l.tokens, PromptTokens: l.prompt, Context: l.ctx,
		AnswerTokens: l.answer, Parts: len(l.parts), FitsOnePass: len(l.parts) == 1, Model: info.Name,
	}
}

// runner is one Summarize on a loaded model.
type runner struct {
	m       Model
	info    ModelInfo
	set     Settings
	emit    func(Event)
	stats   Stats
	genTime time.Duration
	link    *summary.Linker // links the answer to the transcript; nil: no sources
	sent    map[string]bool // parts whose Sources event went out
	jobs    int             // passes of a round run at once (a server's free slots); ≤ 1: one by one
}

// passOut is what one generation wrote.
type passOut struct {
	text    string
	summary summary.Summary
}

// summarize runs the whole map/reduce over text.
func (r *runner) summarize(ctx context.Context, text string) (Result, error) {
	r.emit(Progress{Phase: PhasePlanning})
	lay, err := layout(r.m, r.info, r.set, text)
	if err != nil {
		return Result{}, err
	}
	r.stats.Parts = len(lay.parts)
	var res Result
	var out passOut
	if len(lay.parts) == 1 {
		out, err = r.pass(ctx, lay, lay.parts[0], PassWhole, 0, 0)
	} else {
		if res.Partials, err = r.passes(ctx, lay, lay.parts, PassPart); err != nil {
			return Result{}, err
		}
		out, err = r.reduce(ctx, lay, res.Partials)
	}
	if err != nil {
		return Result{}, err
	}
	res.Summary, res.Text = out.summary, out.text
	if r.genTime > 0 {
		r.stats.TokensPerSec = float64(r.stats.Tokens) / r.genTime.Seconds()
	}
	res.Stats = r.stats
	return res, nil
}

// reduce combines partial summaries into the final one: one final pass when
// their joined text fits, else rounds of combining groups of them first.
func (r *runner) reduce(ctx context.Context, lay textLayout, texts []string) (passOut, error) {
	for round := 0; ; round++ {
		joined, units := joinPartials(texts)
		if joined == "" {
			return passOut{}, nil // the model wrote nothing for any part
		}
		all, err := r.m.Tokenize(r.info.Template.Build(joined), true)
		if err != nil {
			return passOut{}, fmt.Errorf("count tokens: %w", err)
		}
		if len(all)+lay.answer <= lay.ctx {
			return r.pass(ctx, lay, joined, PassFinal, 0, 0)
		}
		if round == maxRounds {
			return passOut{}, fmt.Errorf("reduce: %d rounds: %w", round, ErrTooLong)
		}
		// No overlap: a partial summary in two groups would be said twice.
		groups, err := lay.split(joined, units, false)
		if err != nil {
			return passOut{}, err
		}
		if texts, err = r.passes(ctx, lay, groups, PassCombine); err != nil {
			return passOut{}, err
		}
	}
}

// joinPartials joins the non-empty partial summaries with a blank line and
// returns each one's span as a unit for splitting.
func joinPartials(texts []string) (string, []span) {
	var b strings.Builder
	var units []span
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(partialJoin)
		}
		units = append(units, span{b.Len(), b.Len() + len(t)})
		b.WriteString(t)
	}
	return b.String(), units
}

// sampling is the catalog's sampling unless the settings override it.
func (r *runner) sampling() inference.Sampling {
	s := r.info.Sampling
	if c := r.set.Sampling; c.Custom {
		s.Temperature = float32(c.Temperature)
		s.TopK = c.TopK
		s.TopP = float32(c.TopP)
		s.RepeatPenalty = float32(c.RepeatPenalty)
	}
	return s
}

// pass runs one generation over text: streams its pieces and parsed
// updates, stops it when the repetition guard fires, and trims the repeat.
func (r *runner) pass(ctx context.Context, lay textLayout, text string, pass Pass, part, parts int) (passOut, error) {
	prompt := r.info.Template.Build(text)
	toks, err := r.m.Tokenize(prompt, true)
	if err != nil {
		return passOut{}, fmt.Errorf("count tokens: %w", err)
	}
	maxTokens := min(lay.answer, lay.ctx-len(toks))
	if maxTokens < 1 {
		return passOut{}, fmt.Errorf("prompt of %d tokens in a context of %d: %w", len(toks), lay.ctx, inference.ErrPromptTooLong)
	}
	req := inference.Request{
		Prompt: prompt, AddBOS: true, MaxTokens: maxTokens, ContextSize: lay.ctx,
		Threads: r.set.Threads, Sampling: r.sampling(),
	}
	var (
		parser  summary.Parser
		guard   summary.Guard
		b       strings.Builder
		stopped bool
	)
	r.emit(Progress{Phase: PhaseReadingPrompt, Pass: pass, Part: part, Parts: parts, Total: len(toks)})
	res, err := r.m.Generate(ctx, req, func(ev inference.Event) bool {
		switch e := ev.(type) {
		case inference.PromptProgress:
			r.emit(Progress{Phase: PhaseReadingPrompt, Pass: pass, Part: part, Parts: parts, Done: e.Done, Total: e.Total})
		case inference.Piece:
			b.WriteString(e.Text)
			r.emit(Piece{Text: e.Text, Pass: pass})
			if len(parser.Feed(e.Text)) > 0 {
				r.emit(Update{Summary: r.grounded(parser.Summary(), parser.Writing(), pass), Pass: pass})
			}
			r.emit(Progress{Phase: PhaseGenerating, Pass: pass, Part: part, Parts: parts, Done: e.Tokens, Total: maxTokens})
			if guard.Feed(e.Text) {
				stopped = true
				return false
			}
		}
		return ctx.Err() == nil
	})
	if cerr := ctx.Err(); cerr != nil {
		return passOut{}, cerr
	}
	if err != nil {
		return passOut{}, fmt.Errorf("generate: %w", err)
	}
	r.stats.Tokens += res.GeneratedTokens
	r.stats.PromptTokens += res.PromptTokens
	r.stats.CachedTokens += res.CachedTokens
	r.stats.Passes++
	if !stopped && res.Stop == inference.TokenLimit {
		r.stats.TokenLimit = true
	}
	r.genTime += res.GenTime
	// Trim even when the guard did not stop the stream: a clause said three
	// times and left behind (the model card's own sample) is cut too.
	out := passOut{text: guard.Trim(b.String())}
	r.stats.Stopped = r.stats.Stopped || stopped
	if strings.TrimSpace(out.text) == "" {
		r.stats.EmptyAnswers++
	}
	if out.text != b.String() {
		out.summary = summary.Parse(out.text)
	} else {
		parser.Close()
		out.summary = parser.Summary()
	}
	out.summary = r.grounded(out.summary, false, pass)
	r.emit(Update{Summary: out.summary, Pass: pass})
	return out, nil
}
