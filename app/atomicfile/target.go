package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/yoyak/yoyak/app/usererr"
)

// Errors CheckTarget returns (wrapped with the path; errors.Is finds them).
// Each carries its sentence for the user, in words that fit the window as
// well as the command line: the command line adds its own flag advice.
var (
	// ErrSameAsInput: the target is one of the inputs (the same file, also
	// through a symbolic or hard link); writing it would destroy the input.
	ErrSameAsInput = usererr.New("원본 파일에는 저장할 수 없습니다. 다른 파일 이름을 주세요.",
		"Cannot save over the input file; give another file name.", errors.New("target is the input"))
	// ErrTargetExists: a file is already there and overwriting was not asked for.
	ErrTargetExists = usererr.New("같은 이름의 파일이 이미 있습니다.",
		"A file of that name already exists.", fs.ErrExist)
	// ErrNotRegular: the target is a folder, a FIFO, a device or a socket,
	// which a rename would replace (as root, even /dev/null).
	ErrNotRegular = usererr.New("일반 파일이 아닌 곳(폴더, 장치, FIFO)에는 저장할 수 없습니다.",
		"Cannot save to something that is not a regular file (a folder, a device, a FIFO).", errors.New("not a regular file"))
	// ErrFolderNotWritable: the target's folder is missing or refuses new files.
	ErrFolderNotWritable = usererr.New("저장할 폴더가 없거나 쓸 수 없습니다.",
		"The folder to save in does not exist or cannot be written to.", errors.New("folder not writable"))
)

// Target says where an output goes and what it must not destroy.
type Target struct {
	Path string
	// Inputs are the files the output is made from; the target may be none
	// of them.
	Inputs []string
	// Overwrite allows replacing an existing regular file (--force, or a
	// save dialog that already asked).
	Overwrite bool
}

// Check applies the output rules before any slow work, so that a summary
// is never computed only to be refused, and nothing but a regular file
// that is not an input is ever replaced. It proves the folder writable by
// creating (and removing) a temporary file there: permission bits alone
// miss read-only mounts and root's exceptions.
func (t Target) Check() error {
	st, err := os.Stat(t.Path)
	switch {
	case err == nil:
		if !st.Mode().IsRegular() {
			return fmt.Errorf("%s: %w", t.Path, ErrNotRegular)
		}
		for _, in := range t.Inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return fmt.Errorf("%s: %w", t.Path, ErrSameAsInput)
			}
		}
		if !t.Overwrite {
			return fmt.Errorf("%s: %w", t.Path, ErrTargetExists)
		}
	case errors.Is(err, fs.ErrNotExist):
		if lst, lerr := os.Lstat(t.Path); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			// A dangling link: the rename would replace the link, not create
			// its target; refuse rather than guess.
			return fmt.Errorf("%s: dangling link: %w", t.Path, ErrNotRegular)
		}
	default:
		return fmt.Errorf("%s: %w", t.Path, err)
	}
	return checkFolder(filepath.Dir(t.Path))
}

// checkFolder creates and removes a temporary file in dir.
func checkFolder(dir string) error {
	f, err := os.CreateTemp(dir, TempPrefix+"check-*")
	if err != nil {
		return fmt.Errorf("%s: %w: %w", dir, ErrFolderNotWritable, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// PermLike is the mode for an output made from the file at input: perm,
// never readable by more people than input is (a 0600 transcript gives a
// 0600 summary). The owner keeps perm's own bits. An input that cannot be
// read (stdin, "-") leaves perm as it is.
func PermLike(input string, perm fs.FileMode) fs.FileMode {
	st, err := os.Stat(input)
	if input == "" || input == "-" || err != nil {
		return perm
	}
	return perm &^ (^st.Mode().Perm() & 0o077)
}
