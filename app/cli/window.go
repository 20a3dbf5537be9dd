package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/yoyak/yoyak/app/usererr"
)

// WindowRefusal reports why args cannot open the window, on stderr and in
// the user's language, and the exit code to stop with; 0 means open it.
// The window opens only for no arguments or one existing file (what a file
// manager's "Open with" passes): a mistyped command ("summarise") is said
// to be one rather than opening a window, and a machine with no display
// (over SSH, a headless shell) is told so instead of panicking in GLFW.
func WindowRefusal(args []string, stderr io.Writer, getenv func(string) string) int {
	lang := usererr.LangFromEnv(getenv)
	if len(args) > 0 {
		st, err := os.Stat(args[0])
		switch {
		case err != nil && looksLikePath(args[0]):
			fmt.Fprintln(stderr, "yoyak: "+say(lang, "파일을 찾을 수 없습니다: ", "file not found: ")+args[0])
			return exitUsage
		case err != nil:
			fmt.Fprintln(stderr, "yoyak: "+say(lang,
				fmt.Sprintf("모르는 명령입니다: %q", args[0]), fmt.Sprintf("unknown command %q", args[0])))
			usage(stderr)
			return exitUsage
		case st.IsDir() || len(args) > 1:
			fmt.Fprintln(stderr, "yoyak: "+say(lang,
				"창은 회의록 파일 하나만 엽니다. 폴더나 여러 파일은: yoyak summarize",
				"the window opens one transcript file; for a folder or several files: yoyak summarize"))
			return exitUsage
		}
	}
	if !hasDisplay(getenv) {
		fmt.Fprintln(stderr, "yoyak: "+say(lang,
			"화면(X11/Wayland)이 없어 창을 열 수 없습니다. 명령줄로 요약하려면: yoyak summarize 파일 (도움말: yoyak help)",
			"no display (X11/Wayland) to open the window on. To summarize on the command line: yoyak summarize FILE (see yoyak help)"))
		return exitUsage
	}
	return 0
}

// hasDisplay reports whether a window can be shown: on Linux and the BSDs
// GLFW needs $DISPLAY or $WAYLAND_DISPLAY; Windows and macOS always have
// a desktop when a user runs the app.
func hasDisplay(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// looksLikePath reports whether a word that names nothing was meant as a
// file (it has a folder or an extension) rather than a command.
func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\.`)
}
