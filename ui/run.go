// Package ui is Yoyak's window. PLACEHOLDER owned by H-ui: replace.
package ui

import (
	"fmt"
	"os"
)

// Run opens the window; args may name a transcript to open.
func Run(args []string) int {
	fmt.Fprintln(os.Stderr, "yoyak: the window is not built yet")
	return 1
}
