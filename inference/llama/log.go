package llama

import (
	"strings"
	"sync"
	"unsafe"
)

// Log levels, as enum ggml_log_level.
const (
	LogNone  = 0
	LogDebug = 1
	LogInfo  = 2
	LogWarn  = 3
	LogError = 4
	LogCont  = 5 // continues the previous message
)

// void llama_log_set(ggml_log_callback log_callback, void * user_data);
var llamaLogSet func(cb uintptr, userData uintptr)

// void ggml_log_set(ggml_log_callback log_callback, void * user_data);
var ggmlLogSet func(cb uintptr, userData uintptr)

var logSymbols = []symbol{
	{name: "llama_log_set", fptr: &llamaLogSet},
	{name: "ggml_log_set", fptr: &ggmlLogSet},
}

// LogLine is one complete line llama.cpp or ggml logged.
type LogLine struct {
	Seq   uint64
	Level int
	Text  string
}

const logRingSize = 256

// logState keeps the most recent lines: failed llama.cpp calls return NULL
// with no message, and these lines are the only account of why.
var logState struct {
	mu      sync.Mutex
	ring    [logRingSize]LogLine
	seq     uint64 // lines logged so far; ring[(seq-1)%size] is the newest
	partial strings.Builder
	level   int
	handler func(level int, msg string)
}

var (
	logOnce sync.Once
	logCB   uintptr
)

// installLog routes llama.cpp's and ggml's logging to Go. The callback is
// created once per process (purego callbacks are never freed and limited in
// number). Must run before backends load, or they print to stderr.
func installLog() {
	logOnce.Do(func() {
		// typedef void (*ggml_log_callback)(enum ggml_log_level level, const char * text, void * user_data);
		// The uintptr result is ignored by C; Windows callbacks need one.
		logCB = newCallback(func(level int32, text *byte, _ uintptr) uintptr {
			logWrite(int(level), goString(text))
			return 0
		})
	})
	llamaLogSet(logCB, 0)
	ggmlLogSet(logCB, 0)
}

// SetLogHandler sets a function that receives every complete log line (nil:
// none). Lines are kept in the ring either way.
func SetLogHandler(h func(level int, msg string)) {
	logState.mu.Lock()
	logState.handler = h
	logState.mu.Unlock()
}

func logWrite(level int, text string) {
	logState.mu.Lock()
	if level != LogCont {
		logState.level = level
	}
	logState.partial.WriteString(text)
	var done []LogLine
	s := logState.partial.String()
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			break
		}
		logState.seq++
		l := LogLine{Seq: logState.seq, Level: logState.level, Text: s[:i]}
		logState.ring[(logState.seq-1)%logRingSize] = l
		done = append(done, l)
		s = s[i+1:]
	}
	logState.partial.Reset()
	logState.partial.WriteString(s)
	h := logState.handler
	logState.mu.Unlock()
	if h != nil {
		for _, l := range done {
			h(l.Level, l.Text)
		}
	}
}

// LogSeq returns the sequence number of the newest line; pass it to LogSince
// after a call to get the lines that call logged.
func LogSeq() uint64 {
	logState.mu.Lock()
	defer logState.mu.Unlock()
	return logState.seq
}

// LogSince returns the kept lines newer than seq at or above minLevel, oldest first.
func LogSince(seq uint64, minLevel int) []LogLine {
	logState.mu.Lock()
	defer logState.mu.Unlock()
	var out []LogLine
	first := seq + 1
	if logState.seq >= logRingSize && first <= logState.seq-logRingSize {
		first = logState.seq - logRingSize + 1
	}
	for s := first; s <= logState.seq; s++ {
		l := logState.ring[(s-1)%logRingSize]
		if l.Level >= minLevel {
			out = append(out, l)
		}
	}
	return out
}

// LogSummary joins the warning and error lines logged after seq, for an error
// message ("" when there are none). Info lines are used when nothing worse was
// logged, since some failures are only reported at info level.
func LogSummary(seq uint64) string {
	lines := LogSince(seq, LogWarn)
	if len(lines) == 0 {
		lines = LogSince(seq, LogInfo)
		if len(lines) > 3 {
			lines = lines[len(lines)-3:]
		}
	}
	if len(lines) > 6 {
		lines = lines[len(lines)-6:]
	}
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		if t := strings.TrimSpace(l.Text); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "; ")
}

// goString copies a NUL-terminated C string.
func goString(p *byte) string {
	if p == nil {
		return ""
	}
	n := 0
	for *(*byte)(unsafe.Add(unsafe.Pointer(p), n)) != 0 {
		n++
	}
	return string(unsafe.Slice(p, n))
}
