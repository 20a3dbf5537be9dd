package app

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/usererr"
)

func TestSettingsValidate(t *testing.T) {
	ok := DefaultSettings()
	tests := []struct {
		name  string
		edit  func(*Settings)
		field string // "" = valid; else in the English message
	}{
		{"defaults", func(*Settings) {}, ""},
		{"threads 8", func(s *Settings) { s.Threads = 8 }, ""},
		{"negative threads", func(s *Settings) { s.Threads = -1 }, "threads"},
		{"too many threads", func(s *Settings) { s.Threads = MaxThreads + 1 }, "threads"},
		{"model context", func(s *Settings) { s.ContextSize = 0 }, ""},
		{"context 256", func(s *Settings) { s.ContextSize = 256 }, ""},
		{"context too small", func(s *Settings) { s.ContextSize = 64 }, "context size"},
		{"context too large", func(s *Settings) { s.ContextSize = MaxContextSize + 1 }, "context size"},
		{"max tokens zero", func(s *Settings) { s.MaxTokens = 0 }, "max tokens"},
		{"max tokens huge", func(s *Settings) { s.MaxTokens = MaxMaxTokens + 1 }, "max tokens"},
		{"korean", func(s *Settings) { s.Language = "ko" }, ""},
		{"english", func(s *Settings) { s.Language = "en" }, ""},
		{"klingon", func(s *Settings) { s.Language = "tlh" }, "language"},
		{"model path", func(s *Settings) { s.Model = "/models/x.gguf" }, ""},
		{"NUL in model", func(s *Settings) { s.Model = "a\x00b" }, "model"},
		{"sampling ignored unless custom", func(s *Settings) { s.Sampling.Temperature = 99 }, ""},
		{"custom sampling", func(s *Settings) { s.Sampling.Custom = true }, ""},
		{"greedy", func(s *Settings) {
			s.Sampling = SamplingSettings{Custom: true, Temperature: 0, TopP: 1, RepeatPenalty: 1}
		}, ""},
		{"hot", func(s *Settings) { s.Sampling.Custom, s.Sampling.Temperature = true, 2.5 }, "temperature"},
		{"NaN temperature", func(s *Settings) { s.Sampling.Custom, s.Sampling.Temperature = true, math.NaN() }, "temperature"},
		{"top_k negative", func(s *Settings) { s.Sampling.Custom, s.Sampling.TopK = true, -1 }, "top_k"},
		{"top_p zero", func(s *Settings) { s.Sampling.Custom, s.Sampling.TopP = true, 0 }, "top_p"},
		{"penalty below 1", func(s *Settings) { s.Sampling.Custom, s.Sampling.RepeatPenalty = true, 0.5 }, "repetition penalty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			err := s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidSettings) {
				t.Fatalf("Validate = %v, want ErrInvalidSettings", err)
			}
			if msg := Message(err, "en"); !strings.Contains(msg, tt.field) {
				t.Errorf("English message %q lacks %q", msg, tt.field)
			}
			if msg := Message(err, "ko"); !strings.HasPrefix(msg, "설정 값이 올바르지 않습니다") {
				t.Errorf("Korean message %q", msg)
			}
		})
	}
}

func TestDefaultSettingsAreTheModelCards(t *testing.T) {
	s := DefaultSettings()
	if s.MaxTokens != 1024 || !s.GPU || s.Sampling.Custom || s.Sampling.Temperature != 0.1 || s.Sampling.TopK != 50 ||
		s.Sampling.TopP != 0.95 || s.Sampling.RepeatPenalty != 1.2 {
		t.Errorf("defaults %+v", s)
	}
	if s.EffectiveThreads() < 1 {
		t.Error("no threads")
	}
}

// memPrefs is a Preferences in memory, like Fyne's test app's.
type memPrefs map[string]any

func (p memPrefs) BoolWithFallback(k string, f bool) bool {
	if v, ok := p[k].(bool); ok {
		return v
	}
	return f
}
func (p memPrefs) SetBool(k string, v bool) { p[k] = v }
func (p memPrefs) FloatWithFallback(k string, f float64) float64 {
	if v, ok := p[k].(float64); ok {
		return v
	}
	return f
}
func (p memPrefs) SetFloat(k string, v float64) { p[k] = v }
func (p memPrefs) IntWithFallback(k string, f int) int {
	if v, ok := p[k].(int); ok {
		return v
	}
	return f
}
func (p memPrefs) SetInt(k string, v int) { p[k] = v }
func (p memPrefs) StringWithFallback(k string, f string) string {
	if v, ok := p[k].(string); ok {
		return v
	}
	return f
}
func (p memPrefs) SetString(k string, v string) { p[k] = v }

func TestSettingsPreferences(t *testing.T) {
	p := memPrefs{}
	if got := LoadSettings(p); got != DefaultSettings() {
		t.Errorf("empty preferences: %+v, want defaults", got)
	}
	s := Settings{Model: "/m/x.gguf", Threads: 3, GPU: false, ContextSize: 4096, MaxTokens: 512, Language: "ko",
		Sampling: SamplingSettings{Custom: true, Temperature: 0.7, TopK: 40, TopP: 0.9, RepeatPenalty: 1.1}}
	SaveSettings(p, s)
	if got := LoadSettings(p); got != s {
		t.Errorf("round trip: %+v, want %+v", got, s)
	}
	// A bad stored value falls back for that setting alone.
	p.SetInt(PrefThreads, -5)
	p.SetFloat(PrefTopP, 7)
	got := LoadSettings(p)
	want := s
	want.Threads = DefaultSettings().Threads
	want.Sampling = DefaultSettings().Sampling
	if got != want {
		t.Errorf("repaired: %+v, want %+v", got, want)
	}
	if err := got.Validate(); err != nil {
		t.Error(err)
	}
}

func TestSettingsLang(t *testing.T) {
	if got := (Settings{Language: "ko"}).Lang(); got != usererr.Korean {
		t.Errorf("ko: %q", got)
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "ko_KR.UTF-8")
	if got := (Settings{}).Lang(); got != usererr.Korean {
		t.Errorf("system ko: %q", got)
	}
	t.Setenv("LC_ALL", "en_US.UTF-8")
	if got := (Settings{}).Lang(); got != usererr.English {
		t.Errorf("LC_ALL wins: %q", got)
	}
}

// FuzzLoadSettings: whatever the preferences file holds, LoadSettings
// returns valid settings.
func FuzzLoadSettings(f *testing.F) {
	f.Add(0, 0, 1024, true, 0.1, 50, 0.95, 1.2, "ko", "")
	f.Add(-5, 64, 0, true, math.NaN(), -1, 7.0, 0.0, "tlh", "a\x00b")
	f.Add(4, 8192, 512, false, 2.0, 1000, 1.0, 2.0, "en", "/m/x.gguf")
	f.Fuzz(func(t *testing.T, threads, ctx, maxTok int, custom bool, temp float64, topK int, topP, pen float64, lang, model string) {
		p := memPrefs{}
		p.SetInt(PrefThreads, threads)
		p.SetInt(PrefContextSize, ctx)
		p.SetInt(PrefMaxTokens, maxTok)
		p.SetBool(PrefSamplingOn, custom)
		p.SetFloat(PrefTemperature, temp)
		p.SetInt(PrefTopK, topK)
		p.SetFloat(PrefTopP, topP)
		p.SetFloat(PrefRepeatPenalty, pen)
		p.SetString(PrefLanguage, lang)
		p.SetString(PrefModel, model)
		if err := LoadSettings(p).Validate(); err != nil {
			t.Fatalf("LoadSettings gave invalid settings: %v", err)
		}
	})
}
