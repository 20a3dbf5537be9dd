package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER owned by H-pipe: replace this whole file.
func runSummarize(_ context.Context, e env) int {
	fmt.Fprintln(e.stderr, "yoyak summarize: not built yet")
	return exitFailure
}
