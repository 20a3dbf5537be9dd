package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/yoyak/yoyak/app"
)

// checking is a scripted service that can test a server connection; each
// check waits for release, so the test sees the UI stay live meanwhile.
type checking struct {
	*scripted
	release chan struct{}
	got     chan app.ServerSettings
}

func (c *checking) CheckServer(ctx context.Context, set app.ServerSettings) (app.ServerInfo, error) {
	c.got <- set
	select {
	case <-c.release:
	case <-ctx.Done():
		return app.ServerInfo{}, ctx.Err()
	}
	return app.ServerInfo{Kind: "llama-server", Model: "gemma-2b-ko.gguf", Context: 2048, ContextKnown: true, Slots: 4,
		CountsTokens: true, Insecure: set.Insecure()}, nil
}

func TestServerSettingsTestAndTitle(t *testing.T) {
	svc := &checking{scripted: newScripted(), release: make(chan struct{}), got: make(chan app.ServerSettings, 1)}
	w, p := newTestWindow(t, deps{svc: svc})
	f := newSettingsForm(w.set)
	w.addServerForm(f)
	if f.srv.url.Disabled() == false {
		t.Error("the server address is editable while this computer is chosen")
	}
	f.srv.engine.SetSelected("서버")
	f.srv.url.SetText(" http://gpu-box.local:8080 ")
	f.srv.key.SetText("office-key")

	// Test connection runs off the UI thread: the form answers while it waits.
	test.Tap(f.srv.test)
	set := <-svc.got
	if set.URL != "http://gpu-box.local:8080" || set.APIKey != "office-key" || !set.On {
		t.Errorf("checked %+v", set)
	}
	if f.srv.result.Text != "연결하는 중…" || !f.srv.test.Disabled() {
		t.Errorf("while checking: %q, button disabled %v", f.srv.result.Text, f.srv.test.Disabled())
	}
	close(svc.release)
	p.until(t, "the check's result", func() bool { return strings.HasPrefix(f.srv.result.Text, "연결됨") })
	for _, want := range []string{"llama-server", "gemma-2b-ko.gguf", "2,048", "슬롯 4", "경고: 다른 컴퓨터로 암호화되지 않은 http"} {
		if !strings.Contains(f.srv.result.Text, want) {
			t.Errorf("result %q lacks %q", f.srv.result.Text, want)
		}
	}

	if !w.applySettings(f) {
		t.Fatalf("settings refused: %s", f.errLabel.Text)
	}
	got := app.LoadSettings(w.prefs).Server
	if want := (app.ServerSettings{On: true, URL: "http://gpu-box.local:8080", APIKey: "office-key"}); got != want {
		t.Errorf("stored %+v, want %+v", got, want)
	}
	if w.modelBtn.Text != "서버에서 요약: gpu-box.local:8080 (암호화 안 됨)" {
		t.Errorf("model button = %q: the window must say where the text goes", w.modelBtn.Text)
	}

	// A bad address is refused with the reason; nothing stored changes.
	f2 := newSettingsForm(w.set)
	w.addServerForm(f2)
	f2.srv.url.SetText("gpu-box:8080")
	if w.applySettings(f2) || !strings.Contains(f2.errLabel.Text, "http:// 또는 https://") {
		t.Errorf("bad address: applied or message %q", f2.errLabel.Text)
	}

	// Back to this computer: the button names the model again.
	f3 := newSettingsForm(w.set)
	w.addServerForm(f3)
	f3.srv.engine.SetSelected("이 컴퓨터")
	if !w.applySettings(f3) {
		t.Fatal(f3.errLabel.Text)
	}
	if strings.Contains(w.modelBtn.Text, "서버") {
		t.Errorf("model button = %q after choosing this computer", w.modelBtn.Text)
	}
	if s := app.LoadSettings(w.prefs).Server; s.On || s.URL != "http://gpu-box.local:8080" {
		t.Errorf("stored %+v: the address should be kept for next time", s)
	}
}
