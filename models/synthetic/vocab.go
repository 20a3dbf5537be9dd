package synthetic

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// Token types, as llama.cpp's llama_token_type / gguf-py TokenType.
const (
	tokNormal  int32 = 1
	tokUnknown int32 = 2
	tokControl int32 = 3
	tokByte    int32 = 6
)

// Special token ids, laid out like Gemma's vocabulary.
const (
	PadID = 0
	EOSID = 1
	BOSID = 2
	UnkID = 3
)

// vocab is a SentencePiece-style vocabulary as llama.cpp's SPM tokenizer
// reads it: pieces, scores (higher merges first) and token types.
type vocab struct {
	tokens []string
	scores []float32
	types  []int32
	index  map[string]int
}

func (v *vocab) add(piece string, score float32, typ int32) {
	if _, dup := v.index[piece]; dup || piece == "" {
		return
	}
	v.index[piece] = len(v.tokens)
	v.tokens = append(v.tokens, piece)
	v.scores = append(v.scores, score)
	v.types = append(v.types, typ)
}

// addNormal adds a normal piece scored by its length, so the tokenizer's
// bigram merges prefer building long pieces.
func (v *vocab) addNormal(piece string) {
	v.add(piece, float32(utf8.RuneCountInString(piece))-float32(len(v.tokens))*1e-7, tokNormal)
}

// addWord adds w and every prefix of it, because SentencePiece merges two
// existing pieces at a time: "▁회의" is only reachable through "▁회".
func (v *vocab) addWord(w string) {
	for i := range w {
		if i > 0 {
			v.addNormal(w[:i])
		}
	}
	v.addNormal(w)
}

// commonWords are pieces a Korean meeting transcript and the summary prompt
// use often; each is added bare and with the word-start mark "▁".
var commonWords = []string{
	"요약", "요약합니다", "회의", "회의록", "안녕", "안녕하세요", "니다", "습니다", "합니다", "입니다",
	"있습니다", "없습니다", "했습니다", "됩니다", "감사합니다", "그리고", "하지만", "그래서", "그러면",
	"오늘", "내일", "어제", "결정", "사항", "논의", "참석자", "안건", "일정", "담당", "담당자", "프로젝트",
	"진행", "확인", "검토", "예산", "보고", "다음", "주요", "내용", "결론", "의견", "질문", "답변",
	"문제", "해결", "방안", "제안", "정리", "여러분", "우리", "저희", "네", "아니요", "좋습니다",
	"문장", "할", "주제", "발표", "자료", "개발", "팀장", "회사", "고객", "서비스", "시간", "이번",
	"은", "는", "이", "가", "을", "를", "에", "에서", "의", "와", "과", "도", "로", "으로", "께서",
	"에게", "까지", "부터", "하고", "요", "다", "고", "서", "지", "게", "면",
	"Instruction", "output", "summary", "meeting", "the", "and", "of", "to", "is", "in",
}

// koreanSyllables returns the 2,350 Hangul syllables of KS X 1001 (the
// common ones), or all 11,172 precomposed syllables when all is set.
func koreanSyllables(all bool) []string {
	var out []string
	if all {
		for r := rune(0xAC00); r <= 0xD7A3; r++ {
			out = append(out, string(r))
		}
		return out
	}
	dec := korean.EUCKR.NewDecoder()
	for hi := 0xB0; hi <= 0xC8; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err == nil && utf8.RuneCount(s) == 1 {
				if r, _ := utf8.DecodeRune(s); r >= 0xAC00 && r <= 0xD7A3 {
					out = append(out, string(s))
				}
			}
		}
	}
	return out
}

// buildVocab assembles the vocabulary; size > 0 pads it to exactly that many
// tokens with two-syllable pieces (so random generation still reads as Hangul).
func buildVocab(allSyllables bool, size int) (*vocab, error) {
	v := &vocab{index: map[string]int{}}
	v.add("<pad>", 0, tokControl)
	v.add("<eos>", 0, tokControl)
	v.add("<bos>", 0, tokControl)
	v.add("<unk>", 0, tokUnknown)
	v.add("<mask>", 0, tokControl)
	v.add("<start_of_turn>", 0, tokControl)
	v.add("<end_of_turn>", 0, tokControl)
	for b := range 256 {
		v.add(fmt.Sprintf("<0x%02X>", b), 0, tokByte)
	}
	v.addNormal("▁")
	for c := byte(0x21); c < 0x7f; c++ {
		v.addNormal(string(c))
	}
	for c := byte(0x21); c < 0x7f; c++ {
		v.addNormal("▁" + string(c))
	}
	syl := koreanSyllables(allSyllables)
	for _, s := range syl {
		v.addNormal(s)
	}
	for _, s := range syl {
		v.addNormal("▁" + s)
	}
	for _, w := range commonWords {
		v.addWord(w)
		v.addWord("▁" + w)
	}
	if size > 0 {
		if len(v.tokens) > size {
			return nil, fmt.Errorf("vocabulary of %d pieces does not fit in %d", len(v.tokens), size)
		}
		// Deterministic two-syllable fillers: pairs walked with a stride
		// coprime to the syllable count so they spread over the table.
		n := len(syl)
		for i := 0; len(v.tokens) < size; i++ {
			a, b := syl[i%n], syl[(i*7919+i/n)%n]
			if i%2 == 0 {
				v.addNormal(a + b)
			} else {
				v.addNormal("▁" + a + b)
			}
			if i > 64*size {
				return nil, fmt.Errorf("cannot pad vocabulary to %d", size)
			}
		}
	}
	return v, nil
}
