package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/app/history"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

// finishedWindow is a window showing a finished run of answer.
func finishedWindow(t *testing.T) (*window, *pump) {
	t.Helper()
	w, p := newTestWindow(t, deps{svc: newScripted()})
	w.in.fileName = "예산회의.txt"
	w.running = true
	w.finish(&app.Done{Summary: summary.Parse(strings.Join(answer, "")), Text: strings.Join(answer, ""), Model: "scripted"}, nil)
	return w, p
}

// TestSaveOffersTheFormats taps Save…: a menu offers .hwpx, .docx, .md and
// .txt, and choosing Word opens the save dialog with the summary's title
// and .docx as the proposed name.
func TestSaveOffersTheFormats(t *testing.T) {
	w, _ := finishedWindow(t)
	c := w.win.Canvas()
	test.Tap(w.out.saveBtn)
	var menu *widget.PopUpMenu
	for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
		if m, ok := o.(*widget.PopUpMenu); ok {
			menu = m
		}
	}
	if menu == nil {
		t.Fatalf("Save… opened no menu:\n%s", overlayText(c))
	}
	got := overlayText(c)
	for _, want := range []string{"한글 문서 (.hwpx)", "워드 문서 (.docx)", "마크다운 (.md)", "텍스트 (.txt)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the format menu lacks %q:\n%s", want, got)
		}
	}
	test.Tap(menu.Items[1].(fyne.Tappable)) // 워드 문서 (.docx)
	var name string
	for _, o := range test.LaidOutObjects(c.Overlays().Top()) {
		if e, ok := o.(*widget.Entry); ok && strings.HasSuffix(e.Text, ".docx") {
			name = e.Text
		}
	}
	if name != "예산 편성 회의.docx" {
		t.Errorf("proposed name %q, want 예산 편성 회의.docx; dialog:\n%s", name, overlayText(c))
	}
}

// TestSaveAddsTheExtensionAndAsks: a name typed without an extension is
// saved with the chosen format's (a file under the bare name left as it
// was); an existing file of the full name is replaced only after a Yes.
// The document says where the summary came from.
func TestSaveAddsTheExtensionAndAsks(t *testing.T) {
	w, p := finishedWindow(t)
	c := w.win.Canvas()
	dir := t.TempDir()
	typed := filepath.Join(dir, "보고서")
	full := typed + ".hwpx"
	saved := func() {
		t.Helper()
		p.until(t, "the save to be reported", func() bool { return strings.Contains(w.out.phase.Text, "보고서.hwpx") })
		w.out.setPhase("", -1)
	}

	os.WriteFile(typed, []byte("사용자 파일"), 0o644) // the user's own file under the bare name
	w.saveChosen(typed, ".hwpx", w.out.sum)
	saved()
	if b, err := os.ReadFile(typed); err != nil || string(b) != "사용자 파일" {
		t.Errorf("the file under the bare name was changed: %q, %v", b, err)
	}
	doc, err := transcript.ReadFile(full)
	if err != nil || doc.Format != transcript.HWPX {
		t.Fatalf("read back: %v (%s)", err, doc.Format)
	}
	for _, want := range []string{"예산 편성 회의", "원본: 예산회의.txt", "모델: scripted", "다음 달까지"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("document lacks %q:\n%s", want, doc.Text)
		}
	}

	os.WriteFile(full, []byte("mine"), 0o644)
	w.saveChosen(typed, ".hwpx", w.out.sum)
	if got := overlayText(c); !strings.Contains(got, "보고서.hwpx 파일이 이미 있습니다") {
		t.Fatalf("no question before replacing:\n%s", got)
	}
	tapOverlayButton(t, c, "아니요")
	if b, _ := os.ReadFile(full); string(b) != "mine" {
		t.Error("replaced after No")
	}
	w.saveChosen(typed, ".hwpx", w.out.sum)
	tapOverlayButton(t, c, "예")
	saved()
	if b, _ := os.ReadFile(full); string(b) == "mine" {
		t.Error("not replaced after Yes")
	}
}

func TestWithSaveExt(t *testing.T) {
	for in, want := range map[string]string{
		"/d/보고서":       "/d/보고서.docx",
		"/d/보고서.docx":  "/d/보고서.docx",
		"/d/보고서.HWPX":  "/d/보고서.HWPX",
		"/d/보고서.md":    "/d/보고서.md",
		"/d/회의 1.5":    "/d/회의 1.5.docx",
		"/d/a.summary": "/d/a.summary.docx",
	} {
		if got := withSaveExt(in, ".docx"); got != want {
			t.Errorf("withSaveExt(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSaveFileWritesEachFormat: the extension picks the writer.
func TestSaveFileWritesEachFormat(t *testing.T) {
	sum := summary.Parse(strings.Join(answer, ""))
	dir := t.TempDir()
	for ext, format := range map[string]transcript.Format{".docx": transcript.DOCX, ".hwpx": transcript.HWPX} {
		path := filepath.Join(dir, "요약"+ext)
		if err := saveFile(path, origin{}, sum, entryMeta(historyEntry())); err != nil {
			t.Fatal(err)
		}
		doc, err := transcript.ReadFile(path)
		if err != nil || doc.Format != format || !strings.HasPrefix(doc.Text, "예산 편성 회의\n원본: 회의.srt") {
			t.Errorf("%s: %v, %s, %q", ext, err, doc.Format, doc.Text)
		}
	}
	md := filepath.Join(dir, "요약.md")
	if err := saveFile(md, origin{}, sum, entryMeta(historyEntry())); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(md); !strings.HasPrefix(string(b), "# 예산 편성 회의") {
		t.Errorf(".md = %q", b)
	}
}

// historyEntry is a kept summary from a subtitle file.
func historyEntry() history.Entry {
	return history.Entry{Source: "회의.srt", Model: "gemma", Created: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
}

// TestSaveFileFollowsTheOutputRules: the window's Save never writes over
// the transcript it summarized (also through a link) nor over a device,
// and a private transcript gives a private summary.
func TestSaveFileFollowsTheOutputRules(t *testing.T) {
	sum := summary.Parse(strings.Join(answer, ""))
	dir := t.TempDir()
	input := filepath.Join(dir, "회의.txt")
	if err := os.WriteFile(input, []byte("원본 전사문"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(input, link); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{input, link} {
		if err := saveFile(target, origin{path: input}, sum, entryMeta(historyEntry())); !errors.Is(err, atomicfile.ErrSameAsInput) {
			t.Errorf("save over the input via %s: %v, want ErrSameAsInput", filepath.Base(target), err)
		}
	}
	if b, _ := os.ReadFile(input); string(b) != "원본 전사문" {
		t.Fatalf("the transcript was changed: %q", b)
	}
	if err := saveFile(os.DevNull, origin{path: input}, sum, entryMeta(historyEntry())); !errors.Is(err, atomicfile.ErrNotRegular) {
		t.Errorf("save to %s: %v, want ErrNotRegular", os.DevNull, err)
	}
	for _, ext := range []string{".md", ".docx"} {
		out := filepath.Join(dir, "요약"+ext)
		if err := saveFile(out, origin{path: input}, sum, entryMeta(historyEntry())); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v (%v), want 0600 like the transcript", ext, st.Mode().Perm(), err)
		}
	}
	kept := filepath.Join(dir, "기록에서.md")
	if err := saveFile(kept, origin{private: true}, sum, entryMeta(historyEntry())); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(kept); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("a summary from history saved with mode %v (%v), want 0600 like history", st.Mode().Perm(), err)
	}
}
