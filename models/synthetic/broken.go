package synthetic

import (
	"bytes"
	"encoding/binary"
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

// WriteCrafted writes Tiny with one uint32 metadata value changed in place
// (for example "gemma.block_count" to 1000): the same bytes otherwise, as
// someone editing a valid model's header would make it. Tests use it for
// files that pass the format checks but carry a value llama.cpp aborts on.
func WriteCrafted(path, key string, value uint32) error {
	if err := Write(path, Tiny); err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("craft synthetic model: %w", err)
	}
	// A KV is: key length (u64), key, type (u32), value.
	pat := binary.LittleEndian.AppendUint64(nil, uint64(len(key)))
	pat = append(pat, key...)
	pat = binary.LittleEndian.AppendUint32(pat, 4) // GGUF_TYPE_UINT32
	i := bytes.Index(data, pat)
	if i < 0 {
		return fmt.Errorf("craft synthetic model: no uint32 key %q", key)
	}
	binary.LittleEndian.PutUint32(data[i+len(pat):], value)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("craft synthetic model: %w", err)
	}
	return nil
}
