package document

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needTools skips when an outside program is missing; in CI (CI=true) its
// absence is a failure (packaging/deps.sh installs them).
func needTools(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing: run packaging/deps.sh test", n)
			}
			t.Skipf("%s is missing: run packaging/deps.sh test", n)
		}
	}
}

// TestOfficeReadsDOCX is the proof that a real office suite reads the
// .docx: LibreOffice converts it to PDF, its text layer has the title,
// headings and bullets (with the list's "•" and the muted sources) in
// order, and OCR of the rendered page reads the Korean, so the glyphs were
// really drawn. LibreOffice finds a Hangul font through a fontconfig file
// that adds Yoyak's own faces (assets/fonts), standing in for 맑은 고딕 the
// way an office without it substitutes one. About 4 s on one core.
func TestOfficeReadsDOCX(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	needTools(t, "soffice", "pdftotext", "pdftoppm", "tesseract")
	dir := t.TempDir()
	data, err := Write(DOCX, meeting())
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "meeting.docx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	fonts, err := filepath.Abs(filepath.Join("..", "..", "assets", "fonts"))
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "fonts.conf")
	os.WriteFile(conf, []byte(`<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>`+
		`<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>`+fonts+`</dir>`+
		`<cachedir>`+filepath.Join(dir, "fc")+`</cachedir></fontconfig>`), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "FONTCONFIG_FILE="+conf, "HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		return string(out)
	}
	run("soffice", "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	pdf := filepath.Join(dir, "meeting.pdf")
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	text := run("pdftotext", "-layout", pdf, "-")
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		// Spaces aside: LibreOffice spaces Hangul from Latin and digits
		// (autoSpaceDE/DN) and the text layer shows that as a space.
		if l = strings.Join(strings.Fields(l), ""); l != "" {
			lines = append(lines, l)
		}
	}
	want := []string{
		"2024년 예산 편성 회의",
		"원본: 예산회의_녹취.txt (2026-11-30) · 모델: gemma-3-1b-it · 작성: 2026-12-01 09:30",
		"1. 예산 현황",
		"• 올해 예산은 전년 대비 5% 증가했다. (00:12:31 김 위원)",
		"• 인건비 비중이 40%를 넘었다.",
		"2. 향후 계획",
		"• 다음 달까지 세부안을 마련한다. (212–214행)",
	}
	for i, w := range want {
		want[i] = strings.ReplaceAll(w, " ", "")
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("PDF text:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	run("pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", pdf, filepath.Join(dir, "page"))
	pages, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	if len(pages) != 1 {
		t.Fatalf("pdftoppm wrote %v", pages)
	}
	ocr := strings.Join(strings.Fields(run("tesseract", pages[0], "-", "-l", "kor")), "")
	for _, phrase := range []string{"예산편성회의", "올해예산은전년대비", "다음달까지"} {
		if !strings.Contains(ocr, phrase) {
			t.Errorf("OCR of the page lacks %q:\n%s", phrase, ocr)
		}
	}
}
