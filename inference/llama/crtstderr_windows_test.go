//go:build windows

package llama

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

var crtFputs = ucrt.NewProc("fputs")

// cPrint writes s to the C runtime's stderr, as ggml-vulkan's std::cerr does.
func cPrint(t *testing.T, s string) {
	t.Helper()
	b := append([]byte(s), 0)
	stderr, _, _ := crtIobFunc.Call(2)
	if r, _, _ := crtFputs.Call(uintptr(unsafe.Pointer(&b[0])), stderr); int32(r) < 0 {
		t.Fatalf("fputs(%q) failed", s)
	}
	crtFflush.Call(stderr)
}

// A line the C runtime prints to stderr while captured reaches the log as a
// warning and not the console; after restore, stderr is the console again.
// The "console" is a file put in as the C runtime's descriptor 2, so the test
// can read what reached it; its handle stays open throughout, as Go's
// os.Stderr, which is the same handle in a real process, must.
func TestCRTStderrGoesToTheLogWhileCaptured(t *testing.T) {
	if err := ucrt.Load(); err != nil {
		t.Skipf("no ucrtbase.dll: %v", err)
	}
	console := filepath.Join(t.TempDir(), "console.txt")
	h, err := windows.CreateFile(windows.StringToUTF16Ptr(console), windows.GENERIC_WRITE, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE,
		nil, windows.CREATE_ALWAYS, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	orig, _, _ := crtDup.Call(2)
	fd, _, _ := crtOpenOSFHandle.Call(uintptr(h), crtOWronly|crtOBinary)
	if int32(fd) < 0 {
		t.Fatal("_open_osfhandle failed")
	}
	redirect(fd)
	t.Cleanup(func() {
		if int32(orig) >= 0 {
			crtDup2.Call(orig, 2)
			crtClose.Call(orig)
		}
	})

	cPrint(t, "before\n")
	// In a real process this handle is also Go's os.Stderr: it must survive.
	held, _, _ := crtGetOSFHandle.Call(2)
	seq := LogSeq()
	restore := captureCRTStderr()
	cPrint(t, "ggml_vulkan: Error: Vulkan 1.2 required.\r\n")
	cPrint(t, "second line without newline")
	restore()
	cPrint(t, "after\n")
	if _, err := windows.GetFileType(windows.Handle(held)); err != nil {
		t.Errorf("the handle stderr held before the capture was closed: %v", err)
	}
	windows.CloseHandle(windows.Handle(held)) // the C runtime let go of it; Go's os.Stderr would keep it

	lines := LogSince(seq, LogWarn)
	var got []string
	for _, l := range lines {
		got = append(got, l.Text)
	}
	want := []string{"ggml_vulkan: Error: Vulkan 1.2 required.", "second line without newline"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("logged %q, want %q", got, want)
	}
	crtDup2.Call(orig, 2) // close the file's descriptor before reading it
	data, err := os.ReadFile(console)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "before\nafter\n" {
		t.Errorf("the console got %q, want only the lines outside the capture", data)
	}
}
