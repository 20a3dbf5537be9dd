package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/yoyak/yoyak/app"
	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference"
)

// Version and Commit identify the build; main sets them from its
// -ldflags "-X main.version=… -X main.commit=…" values (or the linker sets
// them here directly).
var (
	Version = "dev"
	Commit  = ""
)

// runVersion prints the app version, the llama.cpp runtime it found (release,
// build, folder) and the devices its backends report, so a user can see at a
// glance whether a GPU is used.
func runVersion(_ context.Context, e env) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	runtimeDir := fs.String("runtime", "", "llama.cpp runtime `folder` (default: discovered)")
	cpu := fs.Bool("cpu", false, "prefer the CPU-only runtime, use no GPU")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: yoyak version [--runtime DIR] [--cpu]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(e.args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	v := "yoyak " + Version
	if Commit != "" {
		v += " (" + Commit + ")"
	}
	fmt.Fprintf(e.stdout, "%s %s %s/%s\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	rt, err := inference.OpenRuntime(inference.RuntimeOptions{Dir: *runtimeDir, ForceCPU: *cpu})
	if err != nil {
		printError(e.stderr, err)
		return exitFailure
	}
	printRuntime(e.stdout, rt.Info())
	return exitOK
}

func printRuntime(w io.Writer, info inference.RuntimeInfo) {
	fmt.Fprintf(w, "llama.cpp %s", info.LlamaCppVersion)
	if info.Package != "" {
		fmt.Fprintf(w, " from %s", info.Package)
	}
	fmt.Fprintln(w)
	if info.Build != "" {
		fmt.Fprintf(w, "build:    %s\n", info.Build)
	}
	fmt.Fprintf(w, "runtime:  %s\n", info.Dir)
	if info.SystemInfo != "" {
		fmt.Fprintf(w, "features: %s\n", strings.TrimPrefix(info.SystemInfo, "CPU : "))
	}
	fmt.Fprintln(w, "devices:")
	for _, d := range info.Devices {
		mem := ""
		if d.MemoryBytes > 0 {
			mem = fmt.Sprintf(", %.1f GiB", float64(d.MemoryBytes)/(1<<30))
		}
		fmt.Fprintf(w, "  %-4s %s: %s%s\n", d.Type, d.Name, d.Description, mem)
	}
	switch {
	case info.ForceCPU:
		fmt.Fprintln(w, "in use:   CPU (forced)")
	case info.GPU():
		var gpus []string
		for _, d := range info.Devices {
			if d.Type == "GPU" || d.Type == "iGPU" {
				gpus = append(gpus, d.Name)
			}
		}
		fmt.Fprintf(w, "in use:   %s (all layers offloaded)\n", strings.Join(gpus, ", "))
	default:
		fmt.Fprintln(w, "in use:   CPU")
	}
}

// printError shows the user message in the user's language and, for these
// diagnostic commands, the technical cause (paths tried, log lines) below it.
func printError(w io.Writer, err error) {
	msg := app.Message(err, usererr.LangFromEnv(nil))
	fmt.Fprintf(w, "yoyak: %s\n", msg)
	if cause := err.Error(); !strings.Contains(msg, cause) {
		fmt.Fprintf(w, "  (%s)\n", strings.ReplaceAll(cause, "\n", "\n   "))
	}
}
