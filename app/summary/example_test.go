package summary_test

import (
	"fmt"

	"github.com/yoyak/yoyak/app/summary"
)

// The pipeline's loop: every piece goes to the parser (for the window) and
// to the guard; on a loop it stops generating, trims and parses again.
func Example() {
	pieces := []string{"제목: 예산", " 회의\n1. 현황\n- 예산을 ", "검토했다. 예산을 검토했다.", " 예산을 검토했다.", " 예산을 검토했다.", " 예산을 검"}
	var (
		p    summary.Parser
		g    summary.Guard
		text string
	)
	for _, piece := range pieces {
		text += piece
		p.Feed(piece) // changes: redraw; p.Summary() shows the unfinished line too
		if g.Feed(piece) {
			break // returning false from the engine's callback
		}
	}
	s := summary.Parse(g.Trim(text))
	fmt.Print(summary.Render(s, summary.Markdown))
	// Output:
	// # 예산 회의
	//
	// ## 1. 현황
	//
	// - 예산을 검토했다.
}
