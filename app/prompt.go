package app

import (
	"errors"
	"fmt"
	"strings"
)

// TranscriptPlaceholder marks where a prompt template takes the text.
const TranscriptPlaceholder = "{transcript}"

// DefaultTemplate is the prompt of the Korean Gemma-2B summarizer's model
// card, byte for byte (the engine adds BOS in front): used for a model that
// has no catalog entry of its own — a user's own GGUF or the synthetic test
// model — when the catalog cannot be read.
const DefaultTemplate = "Instruction: 요약 할 문장 :\n[" + TranscriptPlaceholder + "\n]\n output:"

// ErrBadTemplate is returned for a prompt template without exactly one
// placeholder.
var ErrBadTemplate = errors.New("prompt template needs exactly one " + TranscriptPlaceholder)

// Template is a prompt split around the place the text goes.
type Template struct {
	Prefix, Suffix string
}

// ParseTemplate splits s at its one placeholder. It accepts
// TranscriptPlaceholder and the "{{transcript}}" spelling.
func ParseTemplate(s string) (Template, error) {
	ph := TranscriptPlaceholder
	if strings.Contains(s, "{{transcript}}") {
		ph = "{{transcript}}"
	}
	if strings.Count(s, ph) != 1 {
		return Template{}, fmt.Errorf("parse template %q: %w", s, ErrBadTemplate)
	}
	pre, suf, _ := strings.Cut(s, ph)
	return Template{Prefix: pre, Suffix: suf}, nil
}

// Build returns the prompt for text: what follows BOS, exactly as the engine
// receives it and as `yoyak summarize --print-prompt` prints it.
func (t Template) Build(text string) string {
	return t.Prefix + text + t.Suffix
}

// DefaultPromptTemplate is DefaultTemplate parsed.
func DefaultPromptTemplate() Template {
	t, err := ParseTemplate(DefaultTemplate)
	if err != nil {
		panic(err)
	}
	return t
}
