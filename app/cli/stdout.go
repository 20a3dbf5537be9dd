package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// checkedWriter is a command's stdout that remembers its first write error
// (a full disk, a closed pipe) and cancels the command with it, so a
// summary nobody can receive stops being computed and the command exits
// non-zero instead of reporting success.
type checkedWriter struct {
	w      io.Writer
	cancel context.CancelCauseFunc
	mu     sync.Mutex
	err    error
}

func (c *checkedWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	if err != nil {
		c.err = fmt.Errorf("write to stdout: %w", err)
		c.cancel(c.err)
		return n, c.err
	}
	return n, nil
}

// Fd lets isTerminal see through to the underlying file; ^0 when it is none.
func (c *checkedWriter) Fd() uintptr {
	if f, ok := c.w.(interface{ Fd() uintptr }); ok {
		return f.Fd()
	}
	return ^uintptr(0)
}

// failed is the write error, if any.
func (c *checkedWriter) failed() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// finish turns a command's exit code into a failure when its output was
// lost, saying why on stderr.
func (c *checkedWriter) finish(code int, stderr io.Writer, lang string) int {
	err := c.failed()
	if err == nil {
		return code
	}
	fmt.Fprintln(stderr, "yoyak: "+say(lang, "출력을 쓰지 못했습니다: ", "could not write the output: ")+err.Error())
	if code == exitOK || code == exitInterrupted {
		return exitFailure
	}
	return code
}
