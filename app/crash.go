package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/models"
)

// Crash reports: the Go runtime writes a fatal error's or an unrecovered
// panic's account (the goroutine traces) to stderr, which a window started
// from a desktop menu has nowhere to show. InstallCrashHandler gives the
// runtime a second copy to write (debug.SetCrashOutput): a file per process
// in the per-user data folder, empty unless the process crashed. The next
// start offers the non-empty ones (CrashReports), then marks them seen.
const (
	crashDirName = "crash"
	crashPrefix  = "crash-"
	crashSuffix  = ".txt"
	seenSuffix   = ".seen.txt"
)

// CrashDir is where crash reports are kept: DataDir()/crash (0700).
func CrashDir() string { return filepath.Join(models.DataDir(), crashDirName) }

// InstallCrashHandler makes the runtime copy a crash's account to a new
// report file (0600) in CrashDir, and removes the empty files processes
// that ended normally (or were killed) left. It returns the file's path,
// "" when none could be made (the app runs on without).
func InstallCrashHandler() string {
	dir := CrashDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	sweepEmptyReports(dir)
	name := fmt.Sprintf("%s%s-%d%s", crashPrefix, time.Now().UTC().Format("20060102T150405Z"), os.Getpid(), crashSuffix)
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return ""
	}
	defer f.Close() // SetCrashOutput keeps its own duplicate of the descriptor
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		f.Close()
		os.Remove(f.Name())
		return ""
	}
	return f.Name()
}

// CloseCrashReport ends the crash handler at a normal exit and removes the
// process's report (InstallCrashHandler's path) when it stayed empty, so a
// run that ended well leaves nothing behind. The runtime's copy of the file
// is dropped first: Windows does not delete a file that is still open.
func CloseCrashReport(path string) {
	if path == "" {
		return
	}
	debug.SetCrashOutput(nil, debug.CrashOptions{})
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		os.Remove(path)
	}
}

// sweepEmptyReports removes the empty report files of processes no longer
// running: one per normal run.
func sweepEmptyReports(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, crashPrefix) || !strings.HasSuffix(n, crashSuffix) || strings.HasSuffix(n, seenSuffix) {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() > 0 {
			continue
		}
		if pid := reportPID(n); pid != os.Getpid() && !processAlive(pid) {
			os.Remove(filepath.Join(dir, n))
		}
	}
}

// reportPID is the process id in a report's name, 0 when there is none.
func reportPID(name string) int {
	s := strings.TrimSuffix(name, crashSuffix)
	i := strings.LastIndexByte(s, '-')
	if i < 0 {
		return 0
	}
	pid, _ := strconv.Atoi(s[i+1:])
	return pid
}

// CrashReports lists the reports of earlier crashes not yet shown, oldest
// first: files in CrashDir with content, of processes no longer running.
func CrashReports() []string {
	dir := CrashDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, crashPrefix) || !strings.HasSuffix(n, crashSuffix) || strings.HasSuffix(n, seenSuffix) {
			continue
		}
		if info, err := e.Info(); err != nil || info.Size() == 0 || processAlive(reportPID(n)) {
			continue
		}
		out = append(out, filepath.Join(dir, n))
	}
	sort.Strings(out)
	return out
}

// MarkCrashSeen renames a report so it is offered only once; the file is
// kept for a bug report.
func MarkCrashSeen(path string) error {
	if !strings.HasSuffix(path, crashSuffix) {
		return errors.New("not a crash report")
	}
	return os.Rename(path, strings.TrimSuffix(path, crashSuffix)+seenSuffix)
}

// NoticeCrashReports is the command line's offer: one line on w per
// report of an earlier crash, naming the file, which is then marked seen;
// lang "" is the environment's.
func NoticeCrashReports(w io.Writer, lang string) {
	if lang == "" {
		lang = usererr.LangFromEnv(nil)
	}
	for _, p := range CrashReports() {
		seen := strings.TrimSuffix(p, crashSuffix) + seenSuffix
		if MarkCrashSeen(p) != nil {
			seen = p
		}
		fmt.Fprintln(w, "yoyak: "+pick(usererr.IsKorean(lang),
			"지난번 실행이 비정상적으로 끝났습니다. 보고서: "+seen,
			"the last run ended in a crash; report: "+seen))
	}
}
