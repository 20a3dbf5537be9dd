package remote

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors a caller branches on (errors.Is); each is one thing a
// person can act on, and app/messages.go says it in Korean and English.
var (
	// ErrBadURL: the address is not an http:// or https:// URL with a host.
	ErrBadURL = errors.New("server address is not an http(s) URL")
	// ErrUnreachable: no connection could be made (refused, no route, DNS,
	// or the connect timeout passed): the server is down or the address wrong.
	ErrUnreachable = errors.New("server unreachable")
	// ErrNotServer: something answers at the address, but not an inference
	// server Yoyak knows (no /props, no /v1/models): a wrong URL or path.
	ErrNotServer = errors.New("not an inference server")
	// ErrUnauthorized: 401 or 403, a missing or wrong API key.
	ErrUnauthorized = errors.New("server refused the API key")
	// ErrModelNotFound: the server does not serve the model asked for.
	ErrModelNotFound = errors.New("model not found on the server")
	// ErrServer: the server failed (5xx) or refused the request (4xx); the
	// wrapping error carries its status and message.
	ErrServer = errors.New("server error")
	// ErrStreamCut: the answer stopped before the server said it was done
	// (connection closed mid-answer).
	ErrStreamCut = errors.New("server stream cut mid-answer")
	// ErrNoAnswer: the server accepted the request but sent nothing within
	// the first-byte limit.
	ErrNoAnswer = errors.New("server did not answer")
	// ErrServerGone: while waiting for an answer, the server stopped
	// answering its health check too: it is dead, not merely busy.
	ErrServerGone = errors.New("server stopped responding")
	// ErrStalled: the answer began, then nothing came for the idle limit.
	ErrStalled = errors.New("server stream stalled")
	// ErrBadStream: the answer is not the event stream (SSE of JSON) the
	// API promises.
	ErrBadStream = errors.New("server sent something other than an event stream")
)

// StatusError is a non-2xx HTTP answer: the status and the server's own
// message, wrapping the sentinel the status maps to.
type StatusError struct {
	Status  int
	Message string // the server's error message, trimmed; "" when none
	err     error
}

func (e *StatusError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("%v (HTTP %d)", e.err, e.Status)
	}
	return fmt.Sprintf("%v (HTTP %d: %s)", e.err, e.Status, e.Message)
}

func (e *StatusError) Unwrap() error { return e.err }

// statusError maps an HTTP status and body to a StatusError. A 404 or 400
// that names the model is ErrModelNotFound; a message about the context is
// left to the caller (contextError).
func statusError(status int, body []byte) *StatusError {
	msg := errorMessage(body)
	var err error
	lower := strings.ToLower(msg)
	switch {
	case status == 401 || status == 403:
		err = ErrUnauthorized
	case (status == 404 || status == 400) && strings.Contains(lower, "model") &&
		(strings.Contains(lower, "not found") || strings.Contains(lower, "does not exist")):
		err = ErrModelNotFound
	default:
		err = ErrServer
	}
	return &StatusError{Status: status, Message: msg, err: err}
}

// maxMessage bounds the server message kept in an error.
const maxMessage = 300

// errorMessage pulls a message out of an error body: the JSON forms
// {"error":{"message":…}}, {"error":"…"}, {"message":…}, {"detail":…}, or the
// text itself, cut to maxMessage runes and to one line.
func errorMessage(body []byte) string {
	var m struct {
		Error   any    `json:"error"`
		Message string `json:"message"`
		Detail  any    `json:"detail"`
	}
	msg := ""
	if jsonUnmarshal(body, &m) == nil {
		switch e := m.Error.(type) {
		case string:
			msg = e
		case map[string]any:
			if s, ok := e["message"].(string); ok {
				msg = s
			}
		}
		if msg == "" {
			msg = m.Message
		}
		if msg == "" {
			if s, ok := m.Detail.(string); ok {
				msg = s
			}
		}
	} else {
		msg = string(body)
	}
	msg = strings.Join(strings.Fields(strings.ToValidUTF8(msg, "?")), " ")
	if r := []rune(msg); len(r) > maxMessage {
		msg = string(r[:maxMessage]) + "…"
	}
	return msg
}

// isContextMessage reports whether a server's refusal is about the prompt
// not fitting its context (llama-server: "exceed_context_size_error" /
// "exceeds the available context size"; vLLM: "maximum context length").
func isContextMessage(msg string) bool {
	l := strings.ToLower(msg)
	return strings.Contains(l, "context size") || strings.Contains(l, "context length") ||
		strings.Contains(l, "exceed_context")
}
