package remote

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/inference"
)

var sseCases = []struct {
	name string
	in   string
	want []sseEvent
	err  error
}{
	{"one", "data: {\"a\":1}\n\n", []sseEvent{{"data", []byte(`{"a":1}`)}}, nil},
	{"crlf and no space", "data:{}\r\n\r\n", []sseEvent{{"data", []byte(`{}`)}}, nil},
	{"comment and event name", ": ping\nevent: message\ndata: x\n\n", []sseEvent{{"data", []byte("x")}}, nil},
	{"two lines", "data: a\ndata: b\n\n", []sseEvent{{"data", []byte("a\nb")}}, nil},
	{"error field", "error: {\"message\":\"m\"}\n\n", []sseEvent{{"error", []byte(`{"message":"m"}`)}}, nil},
	{"no final blank", "data: a\n\ndata: b", []sseEvent{{"data", []byte("a")}, {"data", []byte("b")}}, nil},
	{"html", "<html>\n", nil, ErrBadStream},
	{"unknown field", "content: hi\n\n", nil, ErrBadStream},
	{"empty", "", nil, nil},
}

func TestSSEReader(t *testing.T) {
	for _, tt := range sseCases {
		t.Run(tt.name, func(t *testing.T) {
			r := newSSEReader(strings.NewReader(tt.in))
			var got []sseEvent
			var err error
			for {
				var ev sseEvent
				if ev, err = r.next(); err != nil {
					break
				}
				got = append(got, ev)
			}
			if tt.err == nil && !errors.Is(err, io.EOF) || tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("events %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i].field != tt.want[i].field || string(got[i].data) != string(tt.want[i].data) {
					t.Errorf("event %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// FuzzStream feeds arbitrary bytes to the event reader and the stream
// decoder behind it: no panic, no endless loop, every error a known one.
func FuzzStream(f *testing.F) {
	for _, c := range sseCases {
		f.Add([]byte(c.in))
	}
	f.Add([]byte(joinStrings(llamaPieces("eos", "가", "나"))))
	f.Add([]byte(joinStrings(openAIPieces("length", "가"))))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range []Kind{LlamaServer, VLLM} {
			st := &stream{s: &Server{info: Info{Kind: kind}}, on: func(inference.Event) bool { return true }, wd: &watchdog{}}
			err := st.read(context.Background(), newSSEReader(strings.NewReader(string(data))))
			if err != nil && !errors.Is(err, ErrStreamCut) && !errors.Is(err, ErrBadStream) &&
				!errors.Is(err, ErrServer) && !errors.Is(err, inference.ErrPromptTooLong) {
				t.Fatalf("unexpected error %v", err)
			}
			st.finish()
		}
	})
}
