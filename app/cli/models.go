package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER owned by H-models: replace this whole file.
func runModels(_ context.Context, e env) int {
	fmt.Fprintln(e.stderr, "yoyak models: not built yet")
	return exitFailure
}
