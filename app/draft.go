package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/yoyak/yoyak/app/atomicfile"
	"github.com/yoyak/yoyak/models"
)

// Draft is what the window would lose in a crash: the transcript being
// edited and the last summary shown.
type Draft struct {
	Transcript string    `json:"transcript"`
	Source     string    `json:"source,omitempty"` // the file it came from, "" when pasted
	Summary    string    `json:"summary,omitempty"`
	Saved      time.Time `json:"saved"`
}

// DraftDelay is how long the window's edits settle before the draft is
// written: typing writes it a few times a minute, not per key.
const DraftDelay = 2 * time.Second

// Drafts keeps one Draft in a file (0600, written atomically) so that a
// crash or a killed process loses at most the last DraftDelay of edits;
// a normal exit removes it (Discard), so a draft found at start means the
// last run did not end normally. Save never blocks its caller (the UI
// thread): writes happen on a timer goroutine that Discard waits for.
type Drafts struct {
	path  string
	delay time.Duration

	mu      sync.Mutex
	pending *Draft
	timer   *time.Timer
	closed  bool
	writing sync.WaitGroup
	wmu     sync.Mutex // one write at a time
}

// OpenDrafts keeps the draft at path; "" is DataDir()/draft.json.
func OpenDrafts(path string) *Drafts {
	if path == "" {
		path = filepath.Join(models.DataDir(), "draft.json")
	}
	return &Drafts{path: path, delay: DraftDelay}
}

// Load returns the draft an earlier run left, ok false when there is none
// (or it cannot be read: a draft is a convenience, never an error).
func (d *Drafts) Load() (Draft, bool) {
	data, err := os.ReadFile(d.path)
	if err != nil {
		return Draft{}, false
	}
	var dr Draft
	if err := json.Unmarshal(data, &dr); err != nil || (dr.Transcript == "" && dr.Summary == "") {
		return Draft{}, false
	}
	return dr, true
}

// Save records dr to be written once edits settle; it returns at once.
func (d *Drafts) Save(dr Draft) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return
	}
	d.pending = &dr
	if d.timer == nil {
		d.writing.Add(1)
		d.timer = time.AfterFunc(d.delay, d.flushTimer)
	}
}

func (d *Drafts) flushTimer() {
	defer d.writing.Done()
	d.mu.Lock()
	d.timer = nil // the next Save arms a new one
	d.mu.Unlock()
	d.Flush()
}

// Flush writes the pending draft now (the timer does this; tests too).
func (d *Drafts) Flush() error {
	d.wmu.Lock() // held from taking the draft to writing it: never an older one over a newer
	defer d.wmu.Unlock()
	d.mu.Lock()
	dr := d.pending
	d.pending = nil
	d.mu.Unlock()
	if dr == nil {
		return nil
	}
	dr.Saved = time.Now().UTC()
	data, err := json.Marshal(dr)
	if err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(d.path), 0o700); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	if err := atomicfile.Write(d.path, data, 0o600); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	return nil
}

// Discard is the normal exit: it stops pending writes, waits for one in
// progress and removes the draft file.
func (d *Drafts) Discard() error {
	d.mu.Lock()
	d.closed = true
	d.pending = nil
	if d.timer != nil && d.timer.Stop() {
		d.writing.Done() // its flushTimer will never run
	}
	d.timer = nil
	d.mu.Unlock()
	d.writing.Wait()
	if err := os.Remove(d.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("draft: %w", err)
	}
	return nil
}
