package inference

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

// waitingInClose reports whether some goroutine is blocked on a lock
// inside (*Model).Close.
func waitingInClose() bool {
	buf := make([]byte, 1<<20)
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		if strings.Contains(g, "inference.(*Model).Close") &&
			(strings.Contains(header, "Mutex.Lock") || strings.Contains(header, "semacquire")) {
			return true
		}
	}
	return false
}

// Generate's callback may use the model (Tokenize, Info, TrainedContext)
// while another goroutine's Close waits for the Generate to end; before,
// a Close queued on the model's lock blocked those readers: a deadlock.
func TestCallbackUsesModelWhileCloseWaits(t *testing.T) {
	m, err := testRuntime.LoadModel(context.Background(), tinyPath, DefaultModelOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	pieces := 0
	res, err := m.Generate(context.Background(), Request{Prompt: "요약", AddBOS: true, MaxTokens: 50}, func(ev Event) bool {
		if _, ok := ev.(Piece); !ok {
			return true
		}
		pieces++
		go func() { closed <- m.Close() }()
		for !waitingInClose() { // a state to reach, not a time to wait
			time.Sleep(time.Millisecond)
		}
		used := make(chan error, 1)
		go func() {
			_, err := m.Tokenize("회의 요약", false)
			if err == nil && m.TrainedContext() == 0 {
				err = ErrClosed
			}
			m.Info()
			used <- err
		}()
		select {
		case err := <-used:
			if err != nil {
				t.Errorf("Tokenize from the callback: %v", err)
			}
		case <-time.After(30 * time.Second): // generous: only a deadlock gets here
			t.Fatal("the callback's Tokenize waits for Close, which waits for Generate")
		}
		return false
	})
	if err != nil || res.Stop != Stopped || pieces != 1 {
		t.Errorf("Generate: %v, %+v, %d pieces", err, res, pieces)
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := m.Tokenize("요약", false); err != ErrClosed {
		t.Errorf("Tokenize after Close = %v, want ErrClosed", err)
	}
}
