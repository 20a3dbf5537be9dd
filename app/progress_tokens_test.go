package app

import (
	"context"
	"testing"
)

// Progress.Done while generating counts tokens, not pieces: a piece a
// Korean syllable's byte-fallback tokens make is several tokens, and the
// live rate must agree with the final count (Stats.Tokens).
func TestGeneratingProgressCountsTokens(t *testing.T) {
	eng := &fakeEngine{script: func(string) []string { return pieces(answer, 3) }, tokensPerPiece: 3}
	svc := NewService(Config{Engine: eng})
	defer svc.Close()
	var rec recorder
	res, err := svc.Summarize(context.Background(), doc("김민수: 예산이 늘었습니다."),
		Options{Settings: settingsFor(modelFile(t))}, rec.emit)
	if err != nil {
		t.Fatal(err)
	}
	last, n := 0, 0
	for _, e := range rec.events {
		if p, ok := e.(Progress); ok && p.Phase == PhaseGenerating {
			n++
			last = p.Done
		}
	}
	if n == 0 || last != res.Stats.Tokens || last != 3*n {
		t.Errorf("last generating Done = %d after %d pieces; want %d tokens (Stats.Tokens %d)", last, n, 3*n, res.Stats.Tokens)
	}
}
