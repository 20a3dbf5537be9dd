package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/app/usererr"
)

// summaryPerm is the mode of a summary made from stdin; one made from a
// file is never more readable than that file (atomicfile.PermLike).
const summaryPerm fs.FileMode = 0o644

// checkOutput applies the output rules (atomicfile.Target) to a summary's
// destination before any generating: never the input, never a device or a
// FIFO, an existing file only with --force, a folder that takes new files.
func (c *summarizeCmd) checkOutput(path, input string) error {
	err := atomicfile.Target{Path: path, Inputs: []string{input}, Overwrite: c.flags.force}.Check()
	if errors.Is(err, atomicfile.ErrTargetExists) {
		return usererr.New("같은 이름의 파일이 이미 있습니다. 덮어쓰려면 --force를 붙이세요.",
			"A file of that name already exists; add --force to overwrite it.", err)
	}
	return err
}

// writeOutput writes a summary of input to path atomically, as private as input.
func writeOutput(path, input, text string) error {
	if err := atomicfile.Write(path, []byte(text), atomicfile.PermLike(input, summaryPerm)); err != nil {
		return fmt.Errorf("save summary: %w", err)
	}
	return nil
}

// folderSkip says why a folder's entry is skipped, or "" to summarize it:
// a FIFO, a device or a socket would block the whole batch on its first
// read, so only regular files (also through links) are read.
func (c *summarizeCmd) folderSkip(path string) string {
	st, err := os.Stat(path)
	if err != nil || st.Mode().IsRegular() {
		return "" // a read error is reported by the read itself
	}
	return c.say("건너뜀 (일반 파일이 아님): ", "skipped (not a regular file): ") + path
}
