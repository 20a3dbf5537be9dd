package cli

import (
	"os"
	"testing"
)

// TestMain gives the tests, and the children they start, a data folder of
// their own: the models store remembers probed files there, and a test must
// never write into the user's folder.
func TestMain(m *testing.M) {
	data, err := os.MkdirTemp("", "yoyak-cli-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("YOYAK_DATA_DIR", data)
	code := m.Run()
	os.RemoveAll(data)
	os.Exit(code)
}
