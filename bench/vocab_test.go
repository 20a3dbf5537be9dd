package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/inference"
	"github.com/yoyak/yoyak/models/gguf"
	"github.com/yoyak/yoyak/models/synthetic"
)

// need skips when a prerequisite is missing, or fails under CI=true.
func need(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(err)
	}
	t.Skip(err)
}

// vocabTexts are long, varied Korean texts: a meeting transcript, the model
// card's prompt around it, and text with numbers, Latin words, URLs, emoji,
// CJK, whitespace runs, tabs, blank lines and HTML-like tags.
func vocabTexts() []string {
	var meeting strings.Builder
	for i := range 400 {
		meeting.WriteString(transcriptLine(i))
	}
	mixed := "2024년 3월 15일(금) 오후 2시 30분, 3층 회의실에서 Q1 OKR 리뷰를 했습니다.\n\n" +
		"참석: 김민수(PM), 이지은(Backend), Park J.-H. (QA)  —  총 7명 / 예산 1,250,000원 (약 $950).\n" +
		"\t링크: https://example.com/docs?id=42&lang=ko#section-3 , 메일 kim.ms@example.co.kr\n" +
		"결정 사항:   1) API v2.1 배포는 4/1 → 4/8로 연기   2) 성능 목표 p99 < 200ms\n" +
		"   <b>중요</b> <start_of_turn>user 잘 부탁드립니다 😀👍🏽 ㅋㅋㅋ ㅠㅠ… 「인용」 『책』 漢字 日本語 カタカナ\n" +
		"Instruction: 요약 할 문장 :\n[ 띄어쓰기없이붙여쓴문장도있고 , 마침표.쉼표,물음표?느낌표!도 있습니다 ]\n output:\n" +
		"The meeting ended at 5 p.m.; next one is on Wed. 10:00 KST.   \n\n\n끝."
	return []string{
		meeting.String(),
		"Instruction: 요약 할 문장 :\n[" + meeting.String() + "\n]\n output:",
		mixed,
		strings.Repeat(mixed+"\n", 12),
	}
}

// TestGemmaVocabularyMatchesReference: the synthetic model built from Gemma's
// tokenizer.json tokenizes exactly as the reference tokenizer does, so the
// benchmark's token counts are the real model's.
func TestGemmaVocabularyMatchesReference(t *testing.T) {
	tj, err := gemmaTokenizerJSON()
	need(t, err)
	if _, err := exec.LookPath("node"); err != nil {
		need(t, errNoNode)
	}
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{ForceCPU: true})
	need(t, err)

	// A one-layer model: only its vocabulary is loaded.
	path := filepath.Join(t.TempDir(), "gemma-vocab.gguf")
	shape := synthetic.Shape{Name: "gemma-vocab-test", Layers: 1, Embd: 32, Heads: 1, KVHeads: 1, HeadDim: 32, FFN: 32,
		ContextLength: 8192, MatrixType: gguf.TypeF16, EmbedType: gguf.TypeF16, Seed: 4, TokenizerJSON: tj}
	if err := synthetic.Write(path, shape); err != nil {
		t.Fatal(err)
	}
	m, err := rt.LoadModel(context.Background(), path, inference.ModelOptions{VocabOnly: true, UseMmap: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if info := m.Info(); info.VocabSize != 256000 {
		t.Fatalf("vocabulary of %d pieces, want 256,000", info.VocabSize)
	}

	texts := vocabTexts()
	want := referenceTokens(t, texts)
	total, chars := 0, 0
	for i, text := range texts {
		got, err := m.Tokenize(text, false)
		if err != nil {
			t.Fatal(err)
		}
		if d := firstDiff(got, want[i]); d >= 0 {
			t.Errorf("text %d: llama.cpp and the reference differ at token %d of %d/%d: %v vs %v",
				i, d, len(got), len(want[i]), window(got, d), window(want[i], d))
		}
		total += len(got)
		chars += len([]rune(text))
	}
	t.Logf("%d texts, %d characters, %d tokens: identical ids (%.2f characters per token)", len(texts), chars, total, float64(chars)/float64(total))
}

// referenceTokens runs bench/vocab/tokenize.mjs in the installed package.
func referenceTokens(t *testing.T, texts []string) [][]inference.Token {
	t.Helper()
	in := filepath.Join(t.TempDir(), "texts.json")
	data, _ := json.Marshal(texts)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join("vocab", "tokenize.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	// The script must sit beside node_modules to import the package.
	dst := filepath.Join(gemmaVocabDir(), "tokenize-test.mjs")
	src, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, src, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", dst, in)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("reference tokenizer: %v: %s", err, stderr.String())
	}
	var ids [][]inference.Token
	if err := json.Unmarshal(out, &ids); err != nil || len(ids) != len(texts) {
		t.Fatalf("reference tokenizer output: %v (%d results)", err, len(ids))
	}
	return ids
}

func firstDiff(a, b []inference.Token) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func window(a []inference.Token, i int) string {
	return fmt.Sprint(a[max(0, i-3):min(len(a), i+4)])
}
