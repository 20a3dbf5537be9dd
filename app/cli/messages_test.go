package cli

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// One corrupt model file gets one sentence from every command that reads
// it (it was "damaged" from models add and "not a GGUF file" from
// summarize).
func TestCorruptModelSameMessage(t *testing.T) {
	modelsEnv(t)
	var b bytes.Buffer
	b.WriteString("GGUF")
	binary.Write(&b, binary.LittleEndian, uint32(3))
	binary.Write(&b, binary.LittleEndian, uint64(1)<<62) // tensors: impossible
	binary.Write(&b, binary.LittleEndian, uint64(0))
	b.Write(make([]byte, 64))
	model := filepath.Join(t.TempDir(), "bad.gguf")
	must(t, os.WriteFile(model, b.Bytes(), 0o600))
	in := sumWriteFile(t, t.TempDir(), "t.txt", "회의록")
	t.Setenv("LC_ALL", "ko_KR.UTF-8")
	for _, args := range [][]string{
		{"models", "add", model},
		{"models", "info", model},
		{"summarize", "--model", model, in},
	} {
		var out, errb bytes.Buffer
		Main(args, strings.NewReader(""), &out, &errb)
		if !strings.Contains(errb.String(), "모델 파일이 손상되었습니다") || strings.Contains(errb.String(), "GGUF 형식이 아닙니다") {
			t.Errorf("%v: %q", args, errb.String())
		}
	}
}

// A symbolic link loop is named as one, not "something went wrong".
func TestSymlinkLoopMessage(t *testing.T) {
	dir := t.TempDir()
	loop := filepath.Join(dir, "loop.txt")
	if err := os.Symlink(loop, loop); err != nil {
		t.Skip(err)
	}
	code, _, stderr := sumRun(t, "", "summarize", loop)
	if code != exitFailure || !strings.Contains(stderr, "link loop") || strings.Contains(stderr, "Something went wrong") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
