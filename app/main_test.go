package app

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/yoyak/yoyak/models/synthetic"
)

// tinyPath is the tiny synthetic Gemma model (random weights) the end-to-end
// tests run on the real llama.cpp runtime; written once per test binary.
var tinyPath string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "yoyak-app-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	tinyPath = filepath.Join(dir, "tiny.gguf")
	if err := synthetic.Write(tinyPath, synthetic.Tiny); err != nil {
		fmt.Fprintln(os.Stderr, "write tiny model:", err)
		return 1
	}
	code := m.Run()
	if code == 0 && !goroutinesSettle() {
		buf := make([]byte, 1<<20)
		fmt.Fprintf(os.Stderr, "goroutines left after the tests:\n%s\n", buf[:runtime.Stack(buf, true)])
		return 1
	}
	return code
}

// goroutinesSettle reports whether no goroutine running this module's code
// is left besides the caller, giving goroutines that were ending a moment
// to finish (not a timing assertion: a leaked one never ends). Goroutines
// of the testing and fuzzing machinery are not counted.
func goroutinesSettle() bool {
	buf := make([]byte, 1<<20)
	for range 200 {
		stacks := strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n")
		leaked := 0
		for _, g := range stacks[1:] { // stacks[0] is this goroutine
			if strings.Contains(g, "github.com/yoyak/yoyak/") {
				leaked++
			}
		}
		if leaked == 0 {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}
