package inference

import "os"

// NoBacktraceEnv is the variable ggml's abort handler reads: when it is set
// at all, ggml_print_backtrace (ggml/src/ggml.c) returns at once instead of
// forking gdb or lldb onto the dying process, whose output would land on the
// user's stdout (in a summary piped to a file) and which would stall a crash
// for seconds.
const NoBacktraceEnv = "GGML_NO_BACKTRACE"

// noDebugger sets NoBacktraceEnv in the process environment before the
// libraries load. os.Setenv reaches the C environment ggml's getenv reads
// (through cgo, or purego's fake cgo runtime when cgo is off).
func noDebugger() {
	if _, ok := os.LookupEnv(NoBacktraceEnv); !ok {
		os.Setenv(NoBacktraceEnv, "1")
	}
}
