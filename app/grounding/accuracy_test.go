package grounding

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/transcript"
)

// labelled is testdata/labels.json: transcripts of six kinds (a meeting,
// a news broadcast, a lecture, subtitles with clocks, a Clova Note export
// with speakers, a timestamped chat export) and summary points written for them, paraphrased and with
// numbers in digits where the transcript says them in words. Support names
// snippets of the lines that back a point (none: the point is invented);
// flags names what the point says that the transcript does not.
type labelled struct {
	Transcript string `json:"transcript"`
	Points     []struct {
		Text    string   `json:"text"`
		Support []string `json:"support"`
		Flags   []string `json:"flags"`
	} `json:"points"`
}

// Bars set from the labelled set (see the figures the test logs); a change
// that lowers accuracy below them fails.
const (
	minTop1      = 0.85
	minTop3      = 0.95
	minPrecision = 0.85
	minRecall    = 0.85
)

func TestAccuracyOnLabelledSet(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set []labelled
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	var supported, top1, top3, invented, caught int
	var tp, fp, fn int
	for _, tr := range set {
		doc, err := transcript.ReadFile(filepath.Join("testdata", tr.Transcript))
		if err != nil {
			t.Fatal(err)
		}
		ix := New(doc)
		lines := strings.Split(doc.Text, "\n")
		for _, p := range tr.Points {
			l := ix.Link(p.Text)
			if len(p.Support) == 0 {
				invented++
				if l.Unsupported {
					caught++
				} else {
					t.Logf("invented point linked: %q → %s", p.Text, l.Label())
				}
			} else {
				supported++
				want := supportLines(t, lines, p.Support)
				rank := hitRank(l.Sources, want)
				if rank == 1 {
					top1++
				}
				if rank >= 1 && rank <= 3 {
					top3++
				}
				if rank != 1 {
					t.Logf("rank %d: %q → %+v, want lines %v", rank, p.Text, l.Sources, want)
				}
			}
			a, b, c := compareFlags(l.Flags, p.Flags)
			tp, fp, fn = tp+a, fp+b, fn+c
			if b > 0 || c > 0 {
				t.Logf("flags of %q: got %+v, want %q", p.Text, l.Flags, p.Flags)
			}
		}
	}
	r1, r3 := ratio(top1, supported), ratio(top3, supported)
	prec, rec := ratio(tp, tp+fp), ratio(tp, tp+fn)
	t.Logf("sources: %d points, top-1 %.1f%%, top-3 %.1f%%; invented points marked unsupported %d/%d",
		supported, 100*r1, 100*r3, caught, invented)
	t.Logf("flags: precision %.1f%% (%d/%d), recall %.1f%% (%d/%d)", 100*prec, tp, tp+fp, 100*rec, tp, tp+fn)
	if supported < 40 || len(set) < 5 {
		t.Errorf("labelled set too small: %d points, %d transcripts", supported, len(set))
	}
	if r1 < minTop1 || r3 < minTop3 {
		t.Errorf("top-1 %.3f (bar %.2f), top-3 %.3f (bar %.2f)", r1, minTop1, r3, minTop3)
	}
	if prec < minPrecision || rec < minRecall {
		t.Errorf("flag precision %.3f (bar %.2f), recall %.3f (bar %.2f)", prec, minPrecision, rec, minRecall)
	}
}

// supportLines are the 1-based numbers of the lines containing a snippet.
func supportLines(t *testing.T, lines, snippets []string) map[int]bool {
	want := map[int]bool{}
	for _, s := range snippets {
		found := false
		for i, l := range lines {
			if strings.Contains(l, s) {
				want[i+1], found = true, true
			}
		}
		if !found {
			t.Fatalf("snippet %q is in no line", s)
		}
	}
	return want
}

// hitRank is the 1-based rank of the first source covering a wanted line,
// 0 when none does.
func hitRank(srcs []Source, want map[int]bool) int {
	for i, s := range srcs {
		for l := s.FirstLine; l <= s.LastLine; l++ {
			if want[l] {
				return i + 1
			}
		}
	}
	return 0
}

// compareFlags counts flags found and expected (true positives), found
// only (false positives) and expected only (false negatives); a flag
// matches an expected expression when one contains the other.
func compareFlags(got []Flag, want []string) (tp, fp, fn int) {
	used := make([]bool, len(want))
	for _, g := range got {
		hit := false
		for i, w := range want {
			if !used[i] && (strings.Contains(g.Text, w) || strings.Contains(w, g.Text)) {
				used[i], hit = true, true
				break
			}
		}
		if hit {
			tp++
		} else {
			fp++
		}
	}
	for _, u := range used {
		if !u {
			fn++
		}
	}
	return tp, fp, fn
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestAccuracyAmongAllTranscripts links every labelled point against all
// six transcripts joined into one (about 100 lines of meetings, news,
// lectures and chats on different topics), so a point must find its
// passage among many that share words and numbers with it.
func TestAccuracyAmongAllTranscripts(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var set []labelled
	if err := json.Unmarshal(data, &set); err != nil {
		t.Fatal(err)
	}
	var all []string
	offsets := make([]int, len(set))
	for i, tr := range set {
		doc, err := transcript.ReadFile(filepath.Join("testdata", tr.Transcript))
		if err != nil {
			t.Fatal(err)
		}
		offsets[i] = len(all)
		all = append(all, strings.Split(doc.Text, "\n")...)
	}
	ix := NewText(strings.Join(all, "\n"))
	var supported, top1, top3 int
	for i, tr := range set {
		for _, p := range tr.Points {
			if len(p.Support) == 0 {
				continue
			}
			supported++
			local := supportLines(t, all[offsets[i]:], p.Support)
			want := map[int]bool{}
			for l := range local {
				if offsets[i]+l <= len(all) && (i+1 == len(set) || offsets[i]+l <= offsets[i+1]) {
					want[offsets[i]+l] = true
				}
			}
			switch rank := hitRank(ix.Link(p.Text).Sources, want); {
			case rank == 1:
				top1++
				top3++
			case rank >= 1 && rank <= 3:
				top3++
				t.Logf("rank %d: %q", rank, p.Text)
			default:
				t.Logf("rank %d: %q", rank, p.Text)
			}
		}
	}
	r1, r3 := ratio(top1, supported), ratio(top3, supported)
	t.Logf("sources among all %d lines: %d points, top-1 %.1f%%, top-3 %.1f%%", len(all), supported, 100*r1, 100*r3)
	if r1 < minTop1 || r3 < minTop3 {
		t.Errorf("top-1 %.3f (bar %.2f), top-3 %.3f (bar %.2f)", r1, minTop1, r3, minTop3)
	}
}
