package app

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/models"
)

// crashChildEnv makes this test binary a yoyak that installs the crash
// handler, keeps a draft, and then crashes (a panic on another goroutine,
// which no recover in main could catch).
const crashChildEnv = "YOYAK_TEST_CRASH_CHILD"

func init() {
	if os.Getenv(crashChildEnv) == "" {
		return
	}
	InstallCrashHandler()
	d := OpenDrafts("")
	d.delay = time.Millisecond
	d.Save(Draft{Transcript: "김민수: 예산안을 검토했습니다.", Summary: "# 예산 회의\n1. 검토"})
	for { // the debounced write happens on its own goroutine
		if _, err := os.Stat(d.path); err == nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	done := make(chan struct{})
	go func() { panic("boom: a bug in a background job") }()
	<-done
}

// A crash leaves a report (0600) that the next start offers once, and the
// window's draft, which the next start restores; a normal exit leaves
// neither.
func TestCrashLeavesAReportAndTheDraft(t *testing.T) {
	data := t.TempDir()
	t.Setenv(models.DataDirEnv, data)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatal("the crashing child exited normally")
	}
	reports := CrashReports()
	if len(reports) != 1 {
		t.Fatalf("reports %v after a crash (child stderr: %s)", reports, stderr.String())
	}
	body, err := os.ReadFile(reports[0])
	if err != nil || !strings.Contains(string(body), "boom: a bug in a background job") || !strings.Contains(string(body), "goroutine") {
		t.Errorf("report: %v\n%s", err, body)
	}
	if st, err := os.Stat(reports[0]); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("report mode: %v %v", st.Mode(), err)
	}
	var notice bytes.Buffer
	NoticeCrashReports(&notice, "ko")
	if lines := strings.Split(strings.TrimSpace(notice.String()), "\n"); len(lines) != 1 ||
		!strings.Contains(lines[0], "비정상") || !strings.Contains(lines[0], filepath.Dir(reports[0])) {
		t.Errorf("notice %q", notice.String())
	}
	if again := CrashReports(); len(again) != 0 {
		t.Errorf("offered twice: %v", again)
	}

	d := OpenDrafts("")
	dr, ok := d.Load()
	if !ok || !strings.Contains(dr.Transcript, "예산안") || !strings.Contains(dr.Summary, "예산 회의") {
		t.Fatalf("draft after the crash: %+v, %v", dr, ok)
	}
	if st, err := os.Stat(d.path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("draft mode: %v %v", st.Mode(), err)
	}
	if err := d.Discard(); err != nil {
		t.Fatal(err)
	}
	if _, ok := OpenDrafts("").Load(); ok {
		t.Error("a discarded draft is restored")
	}
}

// The handler's file of a process that ended normally is empty and swept
// at the next start; it is never offered.
func TestEmptyReportsAreSwept(t *testing.T) {
	data := t.TempDir()
	t.Setenv(models.DataDirEnv, data)
	dir := CrashDir()
	os.MkdirAll(dir, 0o700)
	dead := filepath.Join(dir, "crash-20260101T000000Z-999999999.txt")
	if err := os.WriteFile(dead, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := CrashReports(); len(got) != 0 {
		t.Errorf("empty report offered: %v", got)
	}
	sweepEmptyReports(dir)
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("empty report of a dead process kept: %v", err)
	}
}

// A run that ends normally removes its own empty report at once, and keeps
// one that has content.
func TestCloseCrashReportRemovesOnlyAnEmptyReport(t *testing.T) {
	t.Setenv(models.DataDirEnv, t.TempDir())
	path := InstallCrashHandler()
	if path == "" {
		t.Fatal("no report file was made")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("report file: %v", err)
	}
	CloseCrashReport(path)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the empty report of a normal run was kept: %v", err)
	}
	kept := InstallCrashHandler()
	t.Cleanup(func() { debug.SetCrashOutput(nil, debug.CrashOptions{}) })
	if err := os.WriteFile(kept, []byte("fatal error: boom\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	CloseCrashReport(kept)
	if _, err := os.Stat(kept); err != nil {
		t.Errorf("a report with content was removed: %v", err)
	}
}

// Save returns at once and writes once edits settle, the last one winning.
func TestDraftSaveIsDebounced(t *testing.T) {
	d := OpenDrafts(filepath.Join(t.TempDir(), "draft.json"))
	d.delay = time.Hour // only Flush writes in this test
	d.Save(Draft{Transcript: "첫"})
	d.Save(Draft{Transcript: "둘째"})
	if _, ok := d.Load(); ok {
		t.Error("written before the edits settled")
	}
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	if dr, ok := d.Load(); !ok || dr.Transcript != "둘째" {
		t.Errorf("draft %+v", dr)
	}
	if err := d.Discard(); err != nil { // stops the hour-long timer, no wait
		t.Fatal(err)
	}
	d.Save(Draft{Transcript: "닫힌 뒤"})
	if _, ok := d.Load(); ok {
		t.Error("saved after Discard")
	}
}
