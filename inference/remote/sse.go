package remote

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxEventLine bounds one line of the event stream: a piece is a few bytes,
// a final llama-server event with timings a few kilobytes.
const maxEventLine = 1 << 20

// sseEvent is one server-sent event: its field ("data", or "error" as
// llama-server names a failure) and its payload, the data lines joined.
type sseEvent struct {
	field string
	data  []byte
}

// sseReader reads server-sent events (the WHATWG event-stream format) from
// a response body: "field: value" lines, events ended by a blank line,
// comments starting with ':'. Anything else — a line without a colon, a
// field no event stream has — is ErrBadStream: an HTML error page or a
// proxy's text where events were promised.
type sseReader struct {
	r *bufio.Reader
}

func newSSEReader(r io.Reader) *sseReader {
	return &sseReader{r: bufio.NewReaderSize(r, 16<<10)}
}

// next returns the next event with data, or io.EOF after the last one
// (an event not closed by a blank line before the end still counts).
func (s *sseReader) next() (sseEvent, error) {
	var ev sseEvent
	have := false
	for {
		line, err := s.line()
		if err != nil {
			if errors.Is(err, io.EOF) && have {
				return ev, nil
			}
			return sseEvent{}, err
		}
		if len(line) == 0 {
			if have {
				return ev, nil
			}
			continue
		}
		if line[0] == ':' {
			continue // a comment (keep-alive)
		}
		field, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return sseEvent{}, fmt.Errorf("%w: %q", ErrBadStream, clip(line))
		}
		value = bytes.TrimPrefix(value, []byte(" "))
		switch f := string(field); f {
		case "data", "error":
			if have && ev.field == f {
				ev.data = append(append(ev.data, '\n'), value...)
			} else {
				ev = sseEvent{field: f, data: append([]byte(nil), value...)}
			}
			have = true
		case "event", "id", "retry":
		default:
			return sseEvent{}, fmt.Errorf("%w: %q", ErrBadStream, clip(line))
		}
	}
}

// line reads one line without its end (\n, \r\n); io.EOF at the end,
// io.ErrUnexpectedEOF for a last line without an end, ErrBadStream for a
// line over maxEventLine.
func (s *sseReader) line() ([]byte, error) {
	var buf []byte
	for {
		chunk, isPrefix, err := s.r.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) && len(buf) > 0 {
				return buf, nil
			}
			return nil, err
		}
		buf = append(buf, chunk...)
		if len(buf) > maxEventLine {
			return nil, fmt.Errorf("%w: a line over %d bytes", ErrBadStream, maxEventLine)
		}
		if !isPrefix {
			return buf, nil
		}
	}
}

// clip shortens b for an error message.
func clip(b []byte) string {
	const n = 80
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
