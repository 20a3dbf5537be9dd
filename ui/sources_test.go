package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

const sourcedTranscript = "김 위원장: 예산 편성 회의를 시작하겠습니다.\n" +
	"박 위원: 내년 예산 총액은 삼백이십억 원으로 오 퍼센트 늘었습니다.\n" +
	"최 과장: 청년 월세 지원은 사백오십 명이 신청했습니다.\n" +
	"정 주무관: 공사 기간에는 숭실대학교 열람실을 빌려 쓰기로 했습니다.\n" +
	"김 위원장: 다음 회의는 다음 주 목요일 오후 두 시에 열겠습니다."

var sourcedAnswer = []string{"제목: 예산 편성 회의\n", "1. 예산\n", "- 내년 예산은 320억 원으로 5% 늘었다.\n",
	"- 공사 기간에는 연세대학교 열람실을 빌린다.\n", "2. 일정\n", "- 다음 회의는 목요일 오후 2시에 열린다.\n"}

// markers are the source markers and flagged words shown in segs, in order.
func markers(segs []widget.RichTextSegment) (ms []*sourceMarker, flags []*flagWord) {
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch s := s.(type) {
			case *objectSegment:
				switch o := s.obj.(type) {
				case *sourceMarker:
					ms = append(ms, o)
				case *flagWord:
					flags = append(flags, o)
				}
			case *widget.ListSegment:
				walk(s.Items)
			case *widget.ParagraphSegment:
				walk(s.Texts)
			}
		}
	}
	walk(segs)
	return ms, flags
}

func runSourced(t *testing.T, w *window, p *pump, s *scripted) {
	t.Helper()
	w.startRun()
	for range len(sourcedAnswer) + 1 {
		s.step()
	}
	p.until(t, "the end of the run", func() bool { return !w.running })
}

// Clicking a bullet's marker in the editor's transcript shows its passage
// highlighted (read-only, with Edit to go back), Enter on it goes to the
// next passage, and the words the transcript does not say are flagged.
func TestSourceMarkerHighlightsPassageOfEditedTranscript(t *testing.T) {
	s := newScripted(sourcedAnswer...)
	s.ground = true
	w, p := newTestWindow(t, deps{svc: s})
	onUI(func() { w.in.setDocument(docOf("회의.txt", sourcedTranscript)) })
	runSourced(t, w, p, s)

	var ms []*sourceMarker
	var flags []*flagWord
	onUI(func() { ms, flags = markers(w.out.view.Segments) })
	if len(ms) != 6 { // title, two headings, three bullets
		t.Fatalf("%d markers, want 6", len(ms))
	}
	if len(flags) != 1 || flags[0].word != "연세대학교" {
		t.Fatalf("flagged words %v, want 연세대학교", flags)
	}
	first := ms[2] // "내년 예산은 320억 원…": line 2
	if got := markerText(first.link); got != "2행" {
		t.Errorf("marker %q, want 2행", got)
	}
	onUI(func() { test.Tap(first) })
	onUI(func() {
		if w.in.editor.Visible() || !w.in.viewer.Visible() || !w.in.edit.Visible() {
			t.Errorf("editor visible %v, viewer %v, edit %v", w.in.editor.Visible(), w.in.viewer.Visible(), w.in.edit.Visible())
		}
		from, to := w.in.viewer.Highlighted()
		if from >= to || !strings.Contains(strings.Join(w.in.viewer.rows[from:to], ""), "삼백이십억") {
			t.Errorf("highlighted rows %d–%d: %q", from, to, w.in.viewer.rows[from:to])
		}
		if !strings.Contains(w.out.phase.Text, "출처 1/") || !strings.Contains(w.out.phase.Text, "2행") {
			t.Errorf("status %q", w.out.phase.Text)
		}
	})
	last := ms[5] // "다음 회의는…": line 5
	onUI(func() { last.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	onUI(func() {
		from, to := w.in.viewer.Highlighted()
		if from >= to || !strings.Contains(strings.Join(w.in.viewer.rows[from:to], ""), "목요일") {
			t.Errorf("after Enter, highlighted %q", w.in.viewer.rows[from:to])
		}
	})
	if n := len(last.link.Sources); n > 1 {
		onUI(func() { last.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
		onUI(func() {
			if !strings.Contains(w.out.phase.Text, "출처 2/") {
				t.Errorf("Enter again: status %q, want the second source", w.out.phase.Text)
			}
		})
	}
	onUI(func() { test.Tap(w.in.edit) })
	onUI(func() {
		if !w.in.editor.Visible() || w.in.viewer.Visible() || w.in.editor.Text != sourcedTranscript {
			t.Errorf("back to the editor: visible %v, text changed %v", w.in.editor.Visible(), w.in.editor.Text != sourcedTranscript)
		}
	})
}

// A long transcript stays in the virtualized viewer, which highlights the
// passage and scrolls to it.
func TestSourceMarkerHighlightsLongTranscript(t *testing.T) {
	long := strings.Repeat("참석자: 오늘은 일반 안건을 차례로 검토하겠습니다.\n", editLimit/25) + sourcedTranscript
	s := newScripted(sourcedAnswer...)
	s.ground = true
	w, p := newTestWindow(t, deps{svc: s})
	onUI(func() { w.in.setDocument(docOf("긴 회의.txt", long)) })
	if w.in.file == nil {
		t.Fatal("the long transcript is in the editor")
	}
	runSourced(t, w, p, s)
	var ms []*sourceMarker
	onUI(func() { ms, _ = markers(w.out.view.Segments) })
	if len(ms) < 3 {
		t.Fatalf("%d markers", len(ms))
	}
	onUI(func() { test.Tap(ms[2]) })
	onUI(func() {
		from, to := w.in.viewer.Highlighted()
		if from < editLimit/25 || from >= to || !strings.Contains(strings.Join(w.in.viewer.rows[from:to], ""), "삼백이십억") {
			t.Errorf("highlighted rows %d–%d of %d", from, to, len(w.in.viewer.rows))
		}
		if w.in.edit.Visible() {
			t.Error("Edit offered for a read-only file")
		}
	})
}

// A summary reopened from history cites its transcript: with that
// transcript open the marker shows the passage; with another, it says to
// open the right one.
func TestSourceMarkerFromHistory(t *testing.T) {
	doc := docOf("회의.txt", sourcedTranscript)
	sum := summary.NewLinker(grounding.New(doc)).Ground(summary.Parse(strings.Join(sourcedAnswer, "")), false)
	e := history.Entry{ID: "a", Source: "회의.txt", Summary: sum, Hash: history.Hash(doc.Text)}
	w, _ := newTestWindow(t, deps{svc: newScripted()})
	onUI(func() {
		w.in.setDocument(doc)
		w.showEntry(e)
	})
	var ms []*sourceMarker
	onUI(func() { ms, _ = markers(w.out.view.Segments) })
	if len(ms) != 6 {
		t.Fatalf("%d markers from history, want 6", len(ms))
	}
	onUI(func() { test.Tap(ms[3]) })
	onUI(func() {
		from, to := w.in.viewer.Highlighted()
		if !w.in.viewer.Visible() || from >= to || !strings.Contains(strings.Join(w.in.viewer.rows[from:to], ""), "숭실대학교") {
			t.Errorf("history: highlighted %d–%d", from, to)
		}
	})
	onUI(func() {
		w.in.setDocument(docOf("다른 회의.txt", "전혀 다른 회의입니다."))
		test.Tap(ms[3])
	})
	onUI(func() {
		if !strings.Contains(w.out.phase.Text, "이 요약을 만든 전사문을 여세요") {
			t.Errorf("another transcript open: status %q", w.out.phase.Text)
		}
	})
}

// onUI runs f: the test goroutine is the UI thread (see pump).
func onUI(f func()) { f() }

// Subtitles opened into the editor keep their clocks and speakers while
// unedited, so markers read "00:12:31 …" rather than a line number.
func TestSourceMarkerOfSubtitlesShowsTheClock(t *testing.T) {
	srt := "1\n00:00:01,000 --> 00:00:04,000\n김민수: 예산 편성 회의를 시작하겠습니다.\n\n" +
		"2\n00:12:31,000 --> 00:12:36,000\n이영희: 내년 예산 총액은 삼백이십억 원으로 오 퍼센트 늘었습니다.\n"
	doc, err := transcript.Read("회의.srt", []byte(srt))
	if err != nil {
		t.Fatal(err)
	}
	s := newScripted("제목: 예산\n", "1. 예산\n", "- 내년 예산은 320억 원으로 5% 늘었다.\n")
	s.ground = true
	w, p := newTestWindow(t, deps{svc: s})
	w.in.setDocument(doc)
	w.startRun()
	for range 4 {
		s.step()
	}
	p.until(t, "the end of the run", func() bool { return !w.running })
	ms, _ := markers(w.out.view.Segments)
	if len(ms) != 3 || markerText(ms[2].link) != "00:12:31" || !strings.Contains(markerTip(ms[2].link), "00:12:31 이영희") {
		t.Fatalf("markers %d; bullet's %q", len(ms), markerText(ms[len(ms)-1].link))
	}
	test.Tap(ms[2])
	if from, to := w.in.viewer.Highlighted(); from >= to || !strings.Contains(strings.Join(w.in.viewer.rows[from:to], ""), "삼백이십억") {
		t.Errorf("highlighted %d–%d", from, to)
	}
}
