package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER owned by H-engine: replace this whole file.
func runVersion(_ context.Context, e env) int {
	fmt.Fprintln(e.stderr, "yoyak version: not built yet")
	return exitFailure
}
