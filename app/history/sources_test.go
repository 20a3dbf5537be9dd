package history

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
)

// Entries keep a summary's sources; entries written before sources existed
// read as before, with none.
func TestEntryKeepsSourcesAndReadsOldEntries(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sum := summary.Parse("제목: 예산\n1. 현황\n- 예산이 320억 원이다.\n")
	sum = summary.NewLinker(grounding.NewText("박 위원: 예산 총액은 삼백이십억 원입니다.")).Ground(sum, false)
	e, err := s.Add(Entry{Source: "회의.txt", Summary: sum})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l := got.Summary.Sources.Bullet(0, 0); l == nil || l.Label() != "1행" {
		t.Errorf("kept sources %+v", got.Summary.Sources)
	}
	old := `{"id": "20250101T000000.000000Z-0000abcd", "source": "옛 회의.txt", "summary": {"Title": "예산", "Sections": [{"Number": 1, "Heading": "현황", "Bullets": ["예산이 늘었다."]}], "Preamble": "", "Raw": ""}}`
	if err := os.WriteFile(filepath.Join(s.Dir(), "20250101T000000.000000Z-0000abcd.json"), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := s.Get("20250101T000000.000000Z-0000abcd")
	if err != nil {
		t.Fatalf("old entry: %v", err)
	}
	if o.Summary.Title != "예산" || o.Summary.Sources != nil || o.Summary.Sources.Bullet(0, 0) != nil {
		t.Errorf("old entry read as %+v", o.Summary)
	}
}
