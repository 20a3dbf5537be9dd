package app

import (
	"fmt"
	"strings"

	"github.com/yoyak/yoyak/app/usererr"
	"github.com/yoyak/yoyak/inference/remote"
)

// ServerSettings choose the engine: this computer (On false, the default)
// or an inference server an office shares (llama-server, vLLM, Ollama).
// The API key is kept with the other settings (Fyne's preferences file, in
// the user's own folder) and never written to a log or an error.
type ServerSettings struct {
	On     bool   // summarize on the server at URL instead of this computer
	URL    string // http(s)://host[:port]
	APIKey string // sent as a bearer token; "" for none
	Model  string // the server's model to use; "" for its only (or first) one
}

// Preference keys of the engine choice.
const (
	PrefEngine      = "engine" // "local" or "server"
	PrefServerURL   = "server.url"
	PrefServerKey   = "server.api_key"
	PrefServerModel = "server.model"
)

// Engine preference values.
const (
	EngineLocal  = "local"
	EngineServer = "server"
)

// validate checks the address when the server is chosen (a URL may be kept
// while the local engine is chosen, valid or not).
func (s ServerSettings) validate() error {
	if strings.ContainsRune(s.APIKey, '\n') || strings.ContainsRune(s.Model, 0) {
		return usererr.New("서버 설정 값이 올바르지 않습니다.", "Invalid server setting.",
			fmt.Errorf("%w: server key or model", ErrInvalidSettings))
	}
	if !s.On {
		return nil
	}
	if _, err := remote.ParseURL(s.URL); err != nil {
		return usererr.New(
			"서버 주소는 http:// 또는 https://로 시작하는 주소여야 합니다 (예: http://gpu-box.local:8080).",
			"The server address must be an http:// or https:// URL (e.g. http://gpu-box.local:8080).",
			fmt.Errorf("%w: %w", ErrInvalidSettings, err))
	}
	return nil
}

// Host is the server's host (and port) for "서버에서 요약: HOST"; "" when
// the local engine is chosen or the address does not parse.
func (s ServerSettings) Host() string {
	if !s.On {
		return ""
	}
	u, err := remote.ParseURL(s.URL)
	if err != nil {
		return ""
	}
	return u.Host
}

// Insecure reports whether the chosen server gets the text unencrypted over
// the network: plain http to a host other than this computer.
func (s ServerSettings) Insecure() bool {
	if !s.On {
		return false
	}
	u, err := remote.ParseURL(s.URL)
	return err == nil && remote.Insecure(u)
}

// loadServerSettings reads the engine choice; an unknown engine value is
// the local engine.
func loadServerSettings(p Preferences) ServerSettings {
	return ServerSettings{
		On:     p.StringWithFallback(PrefEngine, EngineLocal) == EngineServer,
		URL:    p.StringWithFallback(PrefServerURL, ""),
		APIKey: p.StringWithFallback(PrefServerKey, ""),
		Model:  p.StringWithFallback(PrefServerModel, ""),
	}
}

// saveServerSettings writes the engine choice.
func saveServerSettings(p Preferences, s ServerSettings) {
	engine := EngineLocal
	if s.On {
		engine = EngineServer
	}
	p.SetString(PrefEngine, engine)
	p.SetString(PrefServerURL, s.URL)
	p.SetString(PrefServerKey, s.APIKey)
	p.SetString(PrefServerModel, s.Model)
}
