//go:build windows

package llama

import (
	"bufio"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/windows"
)

// The Windows llama.cpp DLLs are built with MSVC and write through the
// Universal C runtime (ucrtbase.dll). A few messages bypass ggml_log_set:
// ggml-vulkan prints "ggml_vulkan: Error: Vulkan 1.2 required." with
// std::cerr in ggml_vk_instance_init, which ggml_backend_vk_reg calls while
// ggml_backend_load_all_from_path probes the module, then catches the
// exception and reports no Vulkan device. On a machine whose Vulkan is older
// than 1.2 (or Wine without a Vulkan driver) that line reached the console of
// yoyak-cli.exe although the CPU fallback that follows is normal. The C
// runtime's file descriptor 2 is a table entry of ucrtbase, separate from Go's
// os.Stderr handle, so it can be pointed at a pipe while backends load.

var ucrt = windows.NewLazySystemDLL("ucrtbase.dll")

var (
	crtDup           = ucrt.NewProc("_dup")
	crtDup2          = ucrt.NewProc("_dup2")
	crtClose         = ucrt.NewProc("_close")
	crtGetOSFHandle  = ucrt.NewProc("_get_osfhandle")
	crtOpenOSFHandle = ucrt.NewProc("_open_osfhandle")
	crtFflush        = ucrt.NewProc("fflush")
	crtIobFunc       = ucrt.NewProc("__acrt_iob_func")
)

const (
	handleFlagProtectFromClose = 0x2    // HANDLE_FLAG_PROTECT_FROM_CLOSE (winbase.h)
	crtOWronly                 = 0x0001 // _O_WRONLY
	crtOBinary                 = 0x8000 // _O_BINARY
)

// redirect makes the C runtime's descriptor 2 a copy of fd. _dup2 closes the
// handle 2 held, which is the process's standard error handle that Go's
// os.Stderr writes to as well: it is protected from that close (the C runtime
// ignores the failure and drops its reference), else Go's own messages would
// go nowhere, or into whatever reuses the handle's number.
func redirect(fd uintptr) {
	old, _, _ := crtGetOSFHandle.Call(2)
	h := windows.Handle(old)
	protected := h != windows.InvalidHandle && h != 0 &&
		windows.SetHandleInformation(h, handleFlagProtectFromClose, handleFlagProtectFromClose) == nil
	crtDup2.Call(fd, 2)
	if protected {
		windows.SetHandleInformation(h, handleFlagProtectFromClose, 0)
	}
	// _dup2 makes an inheritable copy: a process started meanwhile (Wine
	// starts explorer.exe while a GPU module loads) would keep the pipe open
	// and the reader would never see its end.
	if nh, _, _ := crtGetOSFHandle.Call(2); windows.Handle(nh) != windows.InvalidHandle {
		windows.SetHandleInformation(windows.Handle(nh), windows.HANDLE_FLAG_INHERIT, 0)
	}
	crtClose.Call(fd) // fd 2 now holds the pipe; this closes only the spare descriptor
}

// captureCRTStderr points ucrtbase's stderr at a pipe whose lines go to the
// llama.cpp log (as warnings) until the returned function runs; that function
// restores stderr and returns once every captured line is logged. Where the C
// runtime has no stderr (a GUI process) or cannot be reached, nothing changes:
// there is no console to keep clean then.
func captureCRTStderr() (restore func()) {
	noop := func() {}
	if ucrt.Load() != nil {
		return noop
	}
	saved, _, _ := crtDup.Call(2)
	if int32(saved) < 0 {
		return noop
	}
	r, w, err := os.Pipe()
	if err != nil {
		crtClose.Call(saved)
		return noop
	}
	defer w.Close() // the C runtime holds its own duplicate
	var dup windows.Handle
	self := windows.CurrentProcess()
	if err := windows.DuplicateHandle(self, windows.Handle(w.Fd()), self, &dup, 0, false, windows.DUPLICATE_SAME_ACCESS); err != nil {
		r.Close()
		crtClose.Call(saved)
		return noop
	}
	fd, _, _ := crtOpenOSFHandle.Call(uintptr(dup), crtOWronly|crtOBinary)
	if int32(fd) < 0 {
		windows.CloseHandle(dup)
		r.Close()
		crtClose.Call(saved)
		return noop
	}
	redirect(fd)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 4096), 1<<20)
		for sc.Scan() {
			if line := strings.TrimRight(sc.Text(), "\r"); line != "" {
				logWrite(LogWarn, line+"\n")
			}
		}
		io.Copy(io.Discard, r) // a line too long to scan: keep draining so C never blocks
	}()
	return func() {
		if stderr, _, _ := crtIobFunc.Call(2); stderr != 0 {
			crtFflush.Call(stderr)
		}
		crtDup2.Call(saved, 2) // closes the C runtime's pipe end: the reader sees EOF
		crtClose.Call(saved)
		// Should a copy of the write end live on elsewhere, stop waiting:
		// the reader then logs what comes later and ends with the process.
		select {
		case <-done:
			r.Close()
		case <-time.After(2 * time.Second):
		}
	}
}
