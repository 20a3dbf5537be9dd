package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER owned by H-engine: replace this whole file.
func runGenerate(_ context.Context, e env) int {
	fmt.Fprintln(e.stderr, "yoyak generate: not built yet")
	return exitFailure
}
