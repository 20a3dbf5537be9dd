package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/app/summary"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "yoyak", "history"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func entry(title string, created time.Time) Entry {
	return Entry{
		Created: created, Source: "회의.txt", Model: "gemma-summary-v01",
		Chars: 12, Excerpt: Excerpt("김민수: 예산이 늘었습니다."), Hash: Hash("김민수: 예산이 늘었습니다."),
		Summary: summary.Summary{Title: title, Sections: []summary.Section{{Number: 1, Heading: "예산", Bullets: []string{"5% 증가"}}}},
		Text:    "제목: " + title + "\n1. 예산\n- 5% 증가\n", Parts: 1, Tokens: 20, Elapsed: 3 * time.Second,
	}
}

func TestAddListGetDelete(t *testing.T) {
	s := open(t)
	if st, err := os.Stat(s.Dir()); err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("folder %v, %v; want 0700", st, err)
	}
	t0 := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	var ids []string
	for i, title := range []string{"첫 회의", "둘째 회의", "셋째 회의"} {
		e, err := s.Add(entry(title, t0.Add(time.Duration(i)*time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		if !idPattern.MatchString(e.ID) {
			t.Errorf("id %q", e.ID)
		}
		ids = append(ids, e.ID)
		st, err := os.Stat(filepath.Join(s.Dir(), e.ID+".json"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("entry file %v, %v; want 0600", st, err)
		}
	}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, e := range list {
		titles = append(titles, e.Title())
	}
	if strings.Join(titles, ",") != "셋째 회의,둘째 회의,첫 회의" {
		t.Errorf("List order %v, want newest first", titles)
	}
	got, err := s.Get(ids[1])
	if err != nil {
		t.Fatal(err)
	}
	want := entry("둘째 회의", t0.Add(time.Hour))
	want.ID = ids[1]
	if got.Text != want.Text || got.Summary.Sections[0].Bullets[0] != "5% 증가" || !got.Created.Equal(want.Created) ||
		got.Hash != want.Hash || got.Elapsed != want.Elapsed {
		t.Errorf("Get = %+v, want %+v", got, want)
	}
	if err := s.Delete(ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if err := s.Delete(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete twice: %v", err)
	}
	if list, _ := s.List(); len(list) != 2 {
		t.Errorf("%d entries after Delete", len(list))
	}
}

func TestBadIDs(t *testing.T) {
	s := open(t)
	for _, id := range []string{"", "../x", "..", "/etc/passwd", "20261126T090000.000000Z-zzzzzzzz", "a/b"} {
		if _, err := s.Get(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) = %v", id, err)
		}
		if err := s.Delete(id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Delete(%q) = %v", id, err)
		}
	}
}

func TestCrashLeftoversIgnored(t *testing.T) {
	s := open(t)
	e, err := s.Add(entry("회의", time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	// A crash mid-write leaves a temporary file; a foreign or damaged file
	// may sit there too. List shows only whole entries.
	os.WriteFile(filepath.Join(s.Dir(), ".tmp-20261126T090000.000000Z-00000000.json-123"), []byte(`{"id":"half`), 0o600)
	os.WriteFile(filepath.Join(s.Dir(), "20261126T090000.000000Z-00000001.json"), []byte(`{"id":"trunc`), 0o600)
	os.WriteFile(filepath.Join(s.Dir(), "notes.txt"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(s.Dir(), "20261126T090000.000000Z-00000002.json"), []byte(`{"id":"20261126T090000.000000Z-99999999"}`), 0o600)
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != e.ID {
		t.Errorf("List = %+v, want only %s", list, e.ID)
	}
	// Add sweeps temporary files older than an hour, not younger ones.
	old := filepath.Join(s.Dir(), ".tmp-old")
	os.WriteFile(old, nil, 0o600)
	os.Chtimes(old, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour))
	if _, err := s.Add(entry("또", time.Time{})); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("old temporary file not swept")
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), ".tmp-20261126T090000.000000Z-00000000.json-123")); err != nil {
		t.Error("a young temporary file was swept")
	}
}

func TestAddFailsCleanly(t *testing.T) {
	s := open(t)
	if err := os.Chmod(s.Dir(), 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(s.Dir(), 0o700)
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders")
	}
	if _, err := s.Add(entry("회의", time.Time{})); err == nil {
		t.Fatal("Add into a read-only folder succeeded")
	}
	ents, _ := os.ReadDir(s.Dir())
	if len(ents) != 0 {
		t.Errorf("left %d files", len(ents))
	}
}

func TestExcerptAndTitle(t *testing.T) {
	long := strings.Repeat("가", ExcerptRunes+10)
	if got := Excerpt(long); len([]rune(got)) != ExcerptRunes+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("Excerpt of a long text: %d runes", len([]rune(got)))
	}
	if got := Excerpt("  짧다 \n"); got != "짧다" {
		t.Errorf("Excerpt %q", got)
	}
	tests := []struct {
		e    Entry
		want string
	}{
		{Entry{Summary: summary.Summary{Title: "제목"}, Source: "a.txt"}, "제목"},
		{Entry{Source: "a.txt", Excerpt: "x"}, "a.txt"},
		{Entry{Source: "-", Excerpt: "첫 줄\n둘째 줄"}, "첫 줄"},
	}
	for _, tt := range tests {
		if got := tt.e.Title(); got != tt.want {
			t.Errorf("Title = %q, want %q", got, tt.want)
		}
	}
}

func TestDefaultDir(t *testing.T) {
	if d := DefaultDir(); !strings.HasSuffix(d, filepath.Join("yoyak", "history")) {
		t.Errorf("DefaultDir = %q", d)
	}
}

// FuzzList: whatever sits in the folder, List neither fails nor shows an
// entry that is not whole.
func FuzzList(f *testing.F) {
	f.Add([]byte(`{"id":"20261126T090000.000000Z-00000001","summary":{"Title":"x"}}`))
	f.Add([]byte(`{"id":"trunc`))
	f.Add([]byte{0, 1, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		s, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "20261126T090000.000000Z-00000001.json"), data, 0o600)
		list, err := s.List()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list {
			if e.ID != "20261126T090000.000000Z-00000001" {
				t.Fatalf("entry %q", e.ID)
			}
		}
	})
}
