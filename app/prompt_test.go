package app

import (
	"errors"
	"testing"
)

func TestTemplateBuild(t *testing.T) {
	tests := []struct {
		name, template, text, want string
	}{
		{"model card", DefaultTemplate, "화자 1: 안녕하세요.\n화자 2: 네.",
			"Instruction: 요약 할 문장 :\n[화자 1: 안녕하세요.\n화자 2: 네.\n]\n output:"},
		{"empty text", DefaultTemplate, "", "Instruction: 요약 할 문장 :\n[\n]\n output:"},
		{"double braces", "A{{transcript}}B", "x", "AxB"},
		{"at the start", "{transcript} 요약:", "글", "글 요약:"},
		{"text with a placeholder is not expanded again", DefaultTemplate, "{transcript}",
			"Instruction: 요약 할 문장 :\n[{transcript}\n]\n output:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := ParseTemplate(tt.template)
			if err != nil {
				t.Fatal(err)
			}
			if got := tp.Build(tt.text); got != tt.want {
				t.Errorf("Build = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseTemplateErrors(t *testing.T) {
	for _, s := range []string{"", "no placeholder", "{transcript} and {transcript}"} {
		if _, err := ParseTemplate(s); !errors.Is(err, ErrBadTemplate) {
			t.Errorf("ParseTemplate(%q) = %v, want ErrBadTemplate", s, err)
		}
	}
}

func TestDefaultTemplateIsTheModelCards(t *testing.T) {
	// The seed model card's prompt, byte for byte; BOS is added by the engine.
	const card = "Instruction: 요약 할 문장 :\n[" + "TEXT" + "\n]\n output:"
	if got := DefaultPromptTemplate().Build("TEXT"); got != card {
		t.Fatalf("default prompt = %q, want %q", got, card)
	}
}
