// Package cli is Yoyak's command line: the same pipeline as the window,
// driven by arguments, for scripts, tests and benchmarks.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"sort"
	"strings"

	"github.com/yoyak/yoyak/app/usererr"
)

// Exit codes shared by every command.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitInterrupted is the conventional status of a command stopped by SIGINT.
	exitInterrupted = 130
)

// failExit is the status of a command that failed with err: 130 when Ctrl+C
// (the command's context) stopped it, so scripts can tell the two apart.
func failExit(ctx context.Context, err error) int {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	return exitFailure
}

// env is what a command may touch: its arguments and the three streams.
type env struct {
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e env) int
}

// commands is the table of subcommands; each lives in a file of its name.
var commands = map[string]command{
	"version":   {"print the app version, the llama.cpp build and the devices found", runVersion},
	"generate":  {"stream a raw completion from a model (diagnostic)", runGenerate},
	"summarize": {"summarize a transcript file, stdin (-) or a folder", runSummarize},
	"models":    {"list, pull, add and remove models", runModels},
	"check":     {"check a summary against its transcript: sources and unsupported words", runCheck},
	"server":    {"check an inference server to summarize on (server check URL)", runServer},
}

func init() {
	// help lists the table, so it joins it here to keep initialization acyclic.
	commands["help"] = command{"show this help", runHelp}
}

// IsCommand reports whether args name a subcommand (or a help flag) rather
// than a file to open in the window.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return true
	}
	_, ok := commands[args[0]]
	return ok
}

// Main runs the subcommand named by args[0] and returns the process exit code.
// The first interrupt cancels the command's context so it can stop cleanly.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	if strings.HasPrefix(name, "-") {
		name = "help"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintln(stderr, "yoyak: "+say(usererr.LangFromEnv(nil),
			fmt.Sprintf("모르는 명령입니다: %q", args[0]), fmt.Sprintf("unknown command %q", args[0])))
		usage(stderr)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	out := &checkedWriter{w: stdout, cancel: cancel}
	code := cmd.run(ctx, env{args: args[1:], stdin: stdin, stdout: out, stderr: stderr})
	return out.finish(code, stderr, usererr.LangFromEnv(nil))
}

func runHelp(_ context.Context, e env) int {
	usage(e.stdout)
	return exitOK
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	writeUsage(w, usererr.LangFromEnv(nil), names)
}
