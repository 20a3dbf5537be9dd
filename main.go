// Command yoyak summarizes Korean transcripts with a local model.
//
// With no arguments (or a single transcript file, as a file manager's
// "Open with" passes it) it opens the window; with a subcommand it serves the
// command line over the same pipeline; anything else is refused (exit 2).
package main

import (
	"os"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/cli"
	"github.com/yoyak/yoyak/ui"
	_ "github.com/yoyak/yoyak/ui/posixlocale" // before Fyne reads the locale
)

// Set at link time by `make build` (-X main.version=… -X main.commit=…).
var version, commit = "dev", ""

func main() {
	cli.Version, cli.Commit = version, commit
	report := app.InstallCrashHandler() // a crash leaves a report the next start offers
	code := run(os.Args[1:])
	app.CloseCrashReport(report) // a normal end leaves no report behind
	os.Exit(code)
}

// run is the command line or the window; it returns the exit code.
func run(args []string) int {
	if cli.IsCommand(args) {
		app.NoticeCrashReports(os.Stderr, "")
		return cli.Main(args, os.Stdin, os.Stdout, os.Stderr)
	}
	if code := cli.WindowRefusal(args, os.Stderr, os.Getenv); code != 0 {
		return code
	}
	return ui.Run(args)
}
