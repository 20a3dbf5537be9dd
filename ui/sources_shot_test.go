package ui

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestSourcesScreenshot renders the window after a click on a bullet's
// source marker: the passage highlighted in the transcript, the status
// line naming the source, the invented name underlined with its tooltip.
// The PNGs go to $YOYAK_SCREENSHOT_DIR when set (README's picture comes from
// here), else a temporary folder; with tesseract's Korean data installed
// they are read back and must show the passage, the status and the tooltip.
func TestSourcesScreenshot(t *testing.T) {
	dir := os.Getenv("YOYAK_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	s := newScripted(sourcedAnswer...)
	s.ground = true
	w, p := newTestWindow(t, deps{svc: s})
	w.win.Resize(fyne.NewSize(1000, 560))
	w.in.setDocument(docOf("회의.txt", sourcedTranscript))
	runSourced(t, w, p, s)
	ms, flags := markers(w.out.view.Segments)
	if len(ms) != 6 || len(flags) != 1 {
		t.Fatalf("%d markers, %d flagged words", len(ms), len(flags))
	}
	test.Tap(ms[3]) // "공사 기간에는 연세대학교 열람실을 빌린다." → line 4
	capture := func(name string) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
		return path
	}
	capture("sources-ko-plain.png")
	flags[0].MouseIn(nil)
	defer flags[0].MouseOut()
	shot := capture("sources-ko.png")

	if _, err := exec.LookPath("tesseract"); err != nil {
		t.Log("no tesseract: the screenshot is not read back")
		return
	}
	if out, err := exec.Command("tesseract", "--list-langs").CombinedOutput(); err != nil || !regexp.MustCompile(`(?m)^kor$`).Match(out) {
		t.Log("no Korean OCR data: the screenshot is not read back")
		return
	}
	big := strings.TrimSuffix(shot, ".png") + "-3x.png"
	if _, err := exec.LookPath("convert"); err == nil {
		if out, err := exec.Command("convert", shot, "-resize", "300%", big).CombinedOutput(); err != nil {
			t.Fatalf("convert: %v\n%s", err, out)
		}
	} else {
		big = shot
	}
	out, err := exec.Command("tesseract", big, "-", "-l", "kor+eng").Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	flat := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"숭실대학교열람실", "1/1:4행", "전사문에없는표현"} {
		if !strings.Contains(flat, want) {
			t.Errorf("OCR of %s lacks %q:\n%s", shot, want, out)
		}
	}
}
