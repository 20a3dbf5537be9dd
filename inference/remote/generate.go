package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/yoyak/yoyak/inference"
)

// completionBody maps a request to the server's parameter names.
//
// llama-server's /completion: the penalty window repeat_last_n is the slot's
// whole context (the server refuses -1 and 0 turns the penalty off), and the
// server feeds the prompt to the sampler first, so the penalty covers the
// prompt as Hugging Face's repetition_penalty does. min_p and typical_p are
// switched off: the local engine's chain has neither.
//
// vLLM's /v1/completions: repetition_penalty is Hugging Face's own (prompt
// and answer); top_k and min_p are its extensions. Ollama reads top_k and
// repeat_penalty from its Modelfile (its OpenAI API ignores them; see
// packaging/server/README.md); a generic OpenAI server gets only the
// standard fields.
func (s *Server) completionBody(req inference.Request) (string, map[string]any) {
	sm := req.Sampling
	if s.info.Kind == LlamaServer {
		window := req.ContextSize
		if sm.RepeatLastN > 0 {
			window = sm.RepeatLastN
		}
		if window <= 0 {
			window = s.info.Context
		}
		b := map[string]any{
			"prompt": req.Prompt, "n_predict": req.MaxTokens, "stream": true, "cache_prompt": true,
			"temperature": sm.Temperature, "top_k": sm.TopK, "top_p": topP(sm.TopP), "min_p": 0, "typical_p": 1,
			"repeat_penalty": penalty(sm.RepeatPenalty), "repeat_last_n": window, "return_progress": true,
		}
		if sm.Seed != 0 {
			b["seed"] = sm.Seed
		}
		if sm.DRYMultiplier > 0 {
			b["dry_multiplier"] = sm.DRYMultiplier
		}
		return "/completion", b
	}
	b := map[string]any{
		"model": s.info.Model, "prompt": req.Prompt, "max_tokens": req.MaxTokens, "stream": true,
		"stream_options": map[string]any{"include_usage": true},
		"temperature":    sm.Temperature, "top_p": topP(sm.TopP),
	}
	if sm.Seed != 0 {
		b["seed"] = sm.Seed
	}
	switch s.info.Kind {
	case VLLM:
		b["top_k"], b["repetition_penalty"], b["min_p"] = topK(sm.TopK), penalty(sm.RepeatPenalty), 0
	case Ollama:
		b["top_k"], b["repeat_penalty"] = sm.TopK, penalty(sm.RepeatPenalty)
	}
	return "/v1/completions", b
}

func topP(p float32) float32 {
	if p <= 0 || p > 1 {
		return 1
	}
	return p
}

func topK(k int) int {
	if k <= 0 {
		return -1 // vLLM: -1 is off
	}
	return k
}

func penalty(p float32) float32 {
	if p <= 0 {
		return 1
	}
	return p
}

// streamEvent is the union of llama-server's /completion events and the
// OpenAI completion chunks.
type streamEvent struct {
	Content         string `json:"content"`
	Stop            bool   `json:"stop"`
	StopType        string `json:"stop_type"`
	TokensEvaluated int    `json:"tokens_evaluated"`
	TokensPredicted int    `json:"tokens_predicted"`
	Timings         *struct {
		PromptN     int     `json:"prompt_n"`
		PromptMS    float64 `json:"prompt_ms"`
		PredictedN  int     `json:"predicted_n"`
		PredictedMS float64 `json:"predicted_ms"`
	} `json:"timings"`
	PromptProgress *struct {
		Total     int `json:"total"`
		Cache     int `json:"cache"`
		Processed int `json:"processed"`
	} `json:"prompt_progress"`
	Choices []struct {
		Text         string  `json:"text"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
	Error any `json:"error"`
}

// Generate streams one completion of req.Prompt (sent raw, never through a
// chat template) to on as inference.Piece events (and PromptProgress where
// the server reports it). It ends when the server says it is done, when on
// returns false (Stopped: the request is closed, the server frees the slot),
// or when ctx is cancelled (the request is closed at once; ctx.Err()).
//
// A stream that ends in llama-server's "does not match the expected
// Content-only format" error — text that is not valid UTF-8 at the end, as
// a token limit cutting a character produces — keeps what came and ends as
// TokenLimit. Other failures wrap ErrStreamCut, ErrNoAnswer, ErrServerGone,
// ErrStalled, ErrBadStream, ErrServer, ErrUnauthorized or
// inference.ErrPromptTooLong; the pieces delivered before stay delivered.
func (s *Server) Generate(ctx context.Context, req inference.Request, on func(inference.Event) bool) (inference.Result, error) {
	if on == nil {
		on = func(inference.Event) bool { return true }
	}
	if err := ctx.Err(); err != nil {
		return inference.Result{Stop: inference.Cancelled}, err
	}
	p, body := s.completionBody(req)
	gctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	wd := s.watch(gctx, cancel)
	defer wd.stop()
	hreq, err := s.newRequest(gctx, "POST", p, body)
	if err != nil {
		return inference.Result{}, err
	}
	hreq.Header.Set("Accept", "text/event-stream")
	start := time.Now()
	resp, err := s.hc.Do(hreq)
	if err != nil {
		return s.streamError(ctx, gctx, inference.Result{}, s.transportError(gctx, p, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		return s.streamError(ctx, gctx, inference.Result{}, requestError(p, resp.StatusCode, data))
	}
	st := stream{s: s, on: on, wd: wd, start: start, res: inference.Result{ContextSize: s.info.Context}}
	err = st.read(gctx, newSSEReader(resp.Body))
	return s.streamError(ctx, gctx, st.finish(), err)
}

// requestError names a refused completion: a prompt over the context is
// inference.ErrPromptTooLong, the rest as statusError maps them.
func requestError(p string, status int, body []byte) error {
	se := statusError(status, body)
	if status == 400 && isContextMessage(se.Message) {
		return fmt.Errorf("POST %s: %w: %s", p, inference.ErrPromptTooLong, se.Message)
	}
	return fmt.Errorf("POST %s: %w", p, se)
}

// streamError settles how a completion ended: the caller's cancellation,
// the watchdog's verdict (dead, stalled, never answered), or err itself.
func (s *Server) streamError(ctx, gctx context.Context, res inference.Result, err error) (inference.Result, error) {
	if err == nil {
		return res, nil
	}
	if cerr := ctx.Err(); cerr != nil {
		res.Stop = inference.Cancelled
		return res, cerr
	}
	if cause := context.Cause(gctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return res, fmt.Errorf("%s: %w", s.base.Host, cause)
	}
	return res, err
}

// stream is one completion's answer being read.
type stream struct {
	s      *Server
	on     func(inference.Event) bool
	wd     *watchdog
	start  time.Time
	first  time.Time // the first piece
	pieces int
	res    inference.Result
	timed  bool // res times come from the server
	ended  bool // the server said the answer ended
}

// read consumes events until the server says it is done. ctx is checked
// before each event: events the client has already received are buffered,
// and once the caller cancels none of them may reach it (a stop pressed on
// the first piece stops there, as it does on the local engine).
func (st *stream) read(ctx context.Context, r *sseReader) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		ev, err := r.next()
		if err != nil {
			if st.ended && errors.Is(err, io.EOF) {
				return nil // an OpenAI stream that ends without [DONE] after its finish
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("%w after %d pieces", ErrStreamCut, st.pieces)
			}
			if errors.Is(err, ErrBadStream) {
				return err
			}
			return fmt.Errorf("%w: %v", ErrStreamCut, err)
		}
		st.wd.seen()
		if ev.field == "data" && strings.TrimSpace(string(ev.data)) == "[DONE]" {
			return nil
		}
		var e streamEvent
		if err := jsonUnmarshal(ev.data, &e); err != nil {
			return fmt.Errorf("%w: %q", ErrBadStream, clip(ev.data))
		}
		if ev.field == "error" || e.Error != nil {
			return st.failure(ev.data)
		}
		done, stopped := st.event(e)
		if stopped {
			st.res.Stop = inference.Stopped
			return nil
		}
		st.ended = st.ended || done
		if done && st.s.info.Kind == LlamaServer {
			return nil // llama-server's stop event is its last
		}
	}
}

// event handles one decoded event; done: the server says the answer ended;
// stopped: on asked to stop.
func (st *stream) event(e streamEvent) (done, stopped bool) {
	if pp := e.PromptProgress; pp != nil && pp.Total > 0 {
		// Servers differ on whether processed counts the cached prefix:
		// never report more than the whole prompt.
		if !st.on(inference.PromptProgress{Done: min(pp.Processed+pp.Cache, pp.Total), Total: pp.Total}) {
			return false, true
		}
	}
	text := e.Content
	var finish *string
	for _, c := range e.Choices {
		text += c.Text
		if c.FinishReason != nil {
			finish = c.FinishReason
		}
	}
	if e.TokensEvaluated > 0 { // llama-server says it in every event
		st.res.PromptTokens = e.TokensEvaluated
	}
	if e.TokensPredicted > 0 {
		st.res.GeneratedTokens = e.TokensPredicted
	}
	if text != "" {
		if st.pieces == 0 {
			st.first = time.Now()
		}
		st.pieces++
		// Tokens so far: llama-server counts them; an OpenAI stream sends
		// about one chunk per token.
		tokens := max(st.res.GeneratedTokens, st.pieces)
		if !st.on(inference.Piece{Text: text, Tokens: tokens}) {
			return false, true
		}
	}
	if u := e.Usage; u != nil {
		st.res.PromptTokens, st.res.GeneratedTokens = u.PromptTokens, u.CompletionTokens
	}
	switch {
	case e.Stop:
		st.res.Stop = inference.EndOfGeneration
		if e.StopType == "limit" {
			st.res.Stop = inference.TokenLimit
		}
		if t := e.Timings; t != nil {
			st.res.PromptTime = time.Duration(t.PromptMS * float64(time.Millisecond))
			st.res.GenTime = time.Duration(t.PredictedMS * float64(time.Millisecond))
			st.timed = true
		}
		return true, false
	case finish != nil:
		st.res.Stop = inference.EndOfGeneration
		if *finish == "length" {
			st.res.Stop = inference.TokenLimit
		}
		return true, false
	}
	return false, false
}

// failure turns an error event into the run's end. llama-server's
// Content-only-format error comes after every piece of an answer whose
// text is not valid UTF-8 at the end (a token limit cutting a character):
// what came is kept and the answer counts as cut by the limit.
func (st *stream) failure(data []byte) error {
	msg := errorMessage(data)
	if strings.Contains(msg, "Content-only format") || strings.Contains(strings.ToLower(msg), "utf-8") {
		st.res.Stop = inference.TokenLimit
		return nil
	}
	if isContextMessage(msg) {
		return fmt.Errorf("%w: %s", inference.ErrPromptTooLong, msg)
	}
	return fmt.Errorf("%w: %s", ErrServer, msg)
}

// finish fills the result's counts and times where the server gave none.
func (st *stream) finish() inference.Result {
	r := st.res
	if r.GeneratedTokens == 0 {
		r.GeneratedTokens = st.pieces
	}
	if !st.timed && st.pieces > 0 {
		r.PromptTime = st.first.Sub(st.start)
		r.GenTime = time.Since(st.first)
	}
	return r
}
