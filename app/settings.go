package app

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference"
)

// Settings are what a person may change between runs. The window keeps them
// in Fyne's preferences (LoadSettings/SaveSettings take any store with
// Fyne's Preferences methods, so this package never imports Fyne); the
// command line builds them from flags over DefaultSettings.
type Settings struct {
	// Model is what to summarize with: "" for the default catalog entry, a
	// catalog or store name, or a path to a .gguf file.
	Model string
	// Threads for generation; 0 lets the engine choose (every CPU, one fewer
	// while another process competes: see inference.DefaultThreads).
	Threads int
	// GPU offloads the model to a GPU when the runtime found one. Changing it
	// reloads the model.
	GPU bool
	// ContextSize in tokens; 0 means the model's own (its catalog entry's, or
	// its trained context). Capped by the model's trained context either way.
	ContextSize int
	// MaxTokens is the room for one answer, in tokens. A pass never generates
	// more; parts are planned so that prompt + MaxTokens fits the context.
	MaxTokens int
	// Sampling overrides the model's catalog sampling when Custom is set.
	Sampling SamplingSettings
	// Language of messages: "ko", "en", or "" for the system's.
	Language string
	// Prefill ("미리 읽기"): read an opened transcript in the background
	// before 요약 is pressed (prefill_setting.go).
	Prefill PrefillMode
	// Server chooses the engine: this computer, or a shared server.
	Server ServerSettings
}

// SamplingSettings are the advanced sampling knobs. With Custom false the
// model's catalog entry decides (for the Korean Gemma-2B summarizer:
// temperature 0.1, top_k 50, top_p 0.95, repetition penalty 1.2 over the
// whole context), which is what the model card asks for.
type SamplingSettings struct {
	Custom        bool
	Temperature   float64 // 0 = greedy
	TopK          int     // 0 = off
	TopP          float64 // 1 = off
	RepeatPenalty float64 // 1 = off
}

// Limits for Validate.
const (
	MaxThreads       = 512
	MinContextSize   = 128
	MaxContextSize   = 1 << 17
	MinMaxTokens     = 16
	MaxMaxTokens     = 1 << 15
	DefaultMaxTokens = 1024
)

// DefaultSettings are the settings of a fresh install: default model, the
// engine's thread count, GPU on, the model's context, 1024 tokens per answer,
// the model's sampling, the system's language.
func DefaultSettings() Settings {
	return Settings{
		GPU:       true,
		MaxTokens: DefaultMaxTokens,
		Sampling:  SamplingSettings{Temperature: 0.1, TopK: 50, TopP: 0.95, RepeatPenalty: 1.2},
	}
}

// ErrInvalidSettings is wrapped by Validate's errors.
var ErrInvalidSettings = errors.New("invalid settings")

// Validate reports the first setting out of range as a *usererr.Error
// wrapping ErrInvalidSettings, naming the setting in both languages.
func (s Settings) Validate() error {
	bad := func(ko, en string, v any) error {
		return usererr.New(
			fmt.Sprintf("설정 값이 올바르지 않습니다: %s (%v)", ko, v),
			fmt.Sprintf("Invalid setting: %s (%v)", en, v),
			fmt.Errorf("%w: %s = %v", ErrInvalidSettings, en, v))
	}
	switch {
	case s.Threads < 0 || s.Threads > MaxThreads:
		return bad(fmt.Sprintf("스레드 수는 0~%d", MaxThreads), fmt.Sprintf("threads must be 0..%d", MaxThreads), s.Threads)
	case s.ContextSize != 0 && (s.ContextSize < MinContextSize || s.ContextSize > MaxContextSize):
		return bad(fmt.Sprintf("컨텍스트 크기는 0(모델 기본값) 또는 %d~%d", MinContextSize, MaxContextSize),
			fmt.Sprintf("context size must be 0 (the model's) or %d..%d", MinContextSize, MaxContextSize), s.ContextSize)
	case s.MaxTokens < MinMaxTokens || s.MaxTokens > MaxMaxTokens:
		return bad(fmt.Sprintf("최대 토큰 수는 %d~%d", MinMaxTokens, MaxMaxTokens),
			fmt.Sprintf("max tokens must be %d..%d", MinMaxTokens, MaxMaxTokens), s.MaxTokens)
	case s.Language != "" && s.Language != usererr.Korean && s.Language != usererr.English:
		return bad("언어는 ko 또는 en", `language must be "ko" or "en"`, s.Language)
	case strings.ContainsRune(s.Model, 0):
		return bad("모델 이름", "model name", s.Model)
	case s.Prefill < PrefillAuto || s.Prefill > PrefillOff:
		return bad("미리 읽기", "read ahead", int(s.Prefill))
	}
	if err := s.Server.validate(); err != nil {
		return err
	}
	if !s.Sampling.Custom {
		return nil
	}
	p := s.Sampling
	switch {
	case !(p.Temperature >= 0 && p.Temperature <= 2):
		return bad("온도는 0~2", "temperature must be 0..2", p.Temperature)
	case p.TopK < 0 || p.TopK > 1000:
		return bad("top_k는 0~1000", "top_k must be 0..1000", p.TopK)
	case !(p.TopP > 0 && p.TopP <= 1):
		return bad("top_p는 0 초과 1 이하", "top_p must be in (0, 1]", p.TopP)
	case !(p.RepeatPenalty >= 1 && p.RepeatPenalty <= 2):
		return bad("반복 페널티는 1~2", "repetition penalty must be 1..2", p.RepeatPenalty)
	}
	return nil
}

// EffectiveThreads is Threads, or what the engine starts with when it is 0
// (every CPU), for the settings panel to show as the default.
func (s Settings) EffectiveThreads() int {
	if s.Threads > 0 {
		return s.Threads
	}
	gen, _ := inference.DefaultThreads(runtime.NumCPU())
	return gen
}

// Lang is the language messages should use: Language, or the system's
// locale (LC_ALL, LC_MESSAGES, LANG) when it is empty.
func (s Settings) Lang() string {
	if s.Language != "" {
		return usererr.Normalize(s.Language)
	}
	return usererr.LangFromEnv(nil)
}

// Preferences is the part of fyne.Preferences that settings are kept in;
// a fyne.Preferences satisfies it as is.
type Preferences interface {
	BoolWithFallback(key string, fallback bool) bool
	SetBool(key string, value bool)
	FloatWithFallback(key string, fallback float64) float64
	SetFloat(key string, value float64)
	IntWithFallback(key string, fallback int) int
	SetInt(key string, value int)
	StringWithFallback(key string, fallback string) string
	SetString(key string, value string)
}

// Preference keys, stable across versions.
const (
	PrefModel         = "model"
	PrefThreads       = "threads"
	PrefGPU           = "gpu"
	PrefContextSize   = "context_size"
	PrefMaxTokens     = "max_tokens"
	PrefSamplingOn    = "sampling.custom"
	PrefTemperature   = "sampling.temperature"
	PrefTopK          = "sampling.top_k"
	PrefTopP          = "sampling.top_p"
	PrefRepeatPenalty = "sampling.repeat_penalty"
	PrefLanguage      = "language"
	PrefPrefill       = "prefill"
)

// LoadSettings reads settings from p with DefaultSettings as fallbacks. A
// stored value that does not validate (a hand-edited file, an older
// version's range) falls back to the default for that setting alone.
func LoadSettings(p Preferences) Settings {
	d := DefaultSettings()
	s := Settings{
		Model:       p.StringWithFallback(PrefModel, d.Model),
		Threads:     p.IntWithFallback(PrefThreads, d.Threads),
		GPU:         p.BoolWithFallback(PrefGPU, d.GPU),
		ContextSize: p.IntWithFallback(PrefContextSize, d.ContextSize),
		MaxTokens:   p.IntWithFallback(PrefMaxTokens, d.MaxTokens),
		Sampling: SamplingSettings{
			Custom:        p.BoolWithFallback(PrefSamplingOn, d.Sampling.Custom),
			Temperature:   p.FloatWithFallback(PrefTemperature, d.Sampling.Temperature),
			TopK:          p.IntWithFallback(PrefTopK, d.Sampling.TopK),
			TopP:          p.FloatWithFallback(PrefTopP, d.Sampling.TopP),
			RepeatPenalty: p.FloatWithFallback(PrefRepeatPenalty, d.Sampling.RepeatPenalty),
		},
		Language: p.StringWithFallback(PrefLanguage, d.Language),
		Prefill:  PrefillMode(p.IntWithFallback(PrefPrefill, int(d.Prefill))),
		Server:   loadServerSettings(p),
	}
	return s.repaired(d)
}

// repaired takes each field of s that is valid on its own (on top of d)
// and keeps d's value for the others.
func (s Settings) repaired(d Settings) Settings {
	check := func(apply func(dst *Settings, src Settings)) {
		t := d
		apply(&t, s)
		if t.Validate() == nil {
			apply(&d, s)
		}
	}
	check(func(dst *Settings, src Settings) { dst.Model = src.Model })
	check(func(dst *Settings, src Settings) { dst.Threads = src.Threads })
	check(func(dst *Settings, src Settings) { dst.GPU = src.GPU })
	check(func(dst *Settings, src Settings) { dst.ContextSize = src.ContextSize })
	check(func(dst *Settings, src Settings) { dst.MaxTokens = src.MaxTokens })
	check(func(dst *Settings, src Settings) { dst.Language = src.Language })
	check(func(dst *Settings, src Settings) { dst.Sampling = src.Sampling })
	check(func(dst *Settings, src Settings) { dst.Prefill = src.Prefill })
	check(func(dst *Settings, src Settings) { dst.Server = src.Server })
	return d
}

// SaveSettings writes every setting to p.
func SaveSettings(p Preferences, s Settings) {
	p.SetString(PrefModel, s.Model)
	p.SetInt(PrefThreads, s.Threads)
	p.SetBool(PrefGPU, s.GPU)
	p.SetInt(PrefContextSize, s.ContextSize)
	p.SetInt(PrefMaxTokens, s.MaxTokens)
	p.SetBool(PrefSamplingOn, s.Sampling.Custom)
	p.SetFloat(PrefTemperature, s.Sampling.Temperature)
	p.SetInt(PrefTopK, s.Sampling.TopK)
	p.SetFloat(PrefTopP, s.Sampling.TopP)
	p.SetFloat(PrefRepeatPenalty, s.Sampling.RepeatPenalty)
	p.SetString(PrefLanguage, s.Language)
	p.SetInt(PrefPrefill, int(s.Prefill))
	saveServerSettings(p, s.Server)
}
