package cli

import (
	"os"
	"syscall"
)

// stopSignals cancel a command's context: Ctrl+C, and the SIGTERM and SIGHUP
// that a kill, a logout or a closed terminal sends. Each then unwinds through
// its deferred cleanups (a model copy's temporary file, say) instead of dying
// mid-write and leaving files behind.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
