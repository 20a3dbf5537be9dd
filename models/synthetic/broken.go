package synthetic

import (
	"fmt"
	"os"
)

// WriteTruncated writes the shape to path and cuts the file to keep bytes
// (a negative keep counts back from the end): the file an interrupted copy or
// download leaves. gguf.Read reports it as ErrTruncated as long as the cut
// loses tensor data or header bytes.
func WriteTruncated(path string, s Shape, keep int64) error {
	if err := Write(path, s); err != nil {
		return err
	}
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("truncate synthetic model: %w", err)
	}
	if keep < 0 {
		keep += st.Size()
	}
	if keep < 0 || keep >= st.Size() {
		return fmt.Errorf("truncate synthetic model: keep %d of %d bytes", keep, st.Size())
	}
	if err := os.Truncate(path, keep); err != nil {
		return fmt.Errorf("truncate synthetic model: %w", err)
	}
	return nil
}

// WriteForeign writes Tiny under another general.architecture (for example
// "bert-nonsense"), which gguf.Inspect and llama.cpp must refuse.
func WriteForeign(path, arch string) error {
	s := Tiny
	s.Architecture = arch
	return Write(path, s)
}
