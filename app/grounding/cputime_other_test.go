//go:build !unix

package grounding

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
