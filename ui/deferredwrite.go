package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
)

// Fyne's save dialog opens the chosen file with a truncating writer before
// it hands the choice over, so a Save that Yoyak then refuses (the chosen
// file is the transcript itself) or that fails (a full disk) would already
// have emptied the file. Yoyak writes its outputs atomically itself and
// needs only the path, so the "file" repository is wrapped: its writers
// touch nothing until the first Write.

// fileRepository is what Fyne's own file repository is, so that the
// wrapper keeps every ability the file dialogs look for.
type fileRepository interface {
	repository.AppendableRepository
	repository.DeleteAllRepository
	repository.HierarchicalRepository
	repository.ListableRepository
	repository.MovableRepository
	repository.CopyableRepository
}

// deferredWriteRepository is the file repository with deferred writers.
type deferredWriteRepository struct{ fileRepository }

// installDeferredWrites wraps the "file" repository the driver registered;
// call it after the app is made. It leaves an unknown repository as it is.
func installDeferredWrites() {
	r, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	if _, done := r.(deferredWriteRepository); done {
		return
	}
	if fr, ok := r.(fileRepository); ok {
		repository.Register("file", deferredWriteRepository{fr})
	}
}

// Writer returns a writer that opens (and truncates) u only when something
// is written to it; closing it unwritten leaves u as it was.
func (r deferredWriteRepository) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &deferredWriter{uri: u, open: r.fileRepository.Writer}, nil
}

type deferredWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

func (d *deferredWriter) URI() fyne.URI { return d.uri }

func (d *deferredWriter) Write(p []byte) (int, error) {
	if d.w == nil {
		w, err := d.open(d.uri)
		if err != nil {
			return 0, err
		}
		d.w = w
	}
	return d.w.Write(p)
}

func (d *deferredWriter) Close() error {
	if d.w == nil {
		return nil
	}
	return d.w.Close()
}
