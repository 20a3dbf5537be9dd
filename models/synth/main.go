// Command synth writes a synthetic Gemma-architecture GGUF model for tests
// and benchmarks: go run ./models/synth -shape tiny|gemma-2b -o FILE
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/yoyak/yoyak/models/synthetic"
)

func main() {
	names := make([]string, 0, len(synthetic.Shapes))
	for n := range synthetic.Shapes {
		names = append(names, n)
	}
	sort.Strings(names)
	shape := flag.String("shape", "tiny", "model shape: "+strings.Join(names, ", "))
	out := flag.String("o", "", "output file (required)")
	flag.Parse()
	s, ok := synthetic.Shapes[*shape]
	if !ok || *out == "" || flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "usage: synth -shape %s -o FILE\n", strings.Join(names, "|"))
		os.Exit(2)
	}
	if err := synthetic.Write(*out, s); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}
