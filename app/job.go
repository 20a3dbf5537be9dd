package app

import (
	"context"

	"github.com/yoyak/yoyak/app/transcript"
)

// Job is a Summarize running on its own goroutine, for a window: Stop
// cancels it at once (in every phase: loading, reading, writing) and Wait
// returns its outcome. emit is called on the job's goroutine.
type Job struct {
	cancel context.CancelFunc
	done   chan struct{}
	res    Result
	err    error
}

// Start begins summarizing doc on a new goroutine under ctx.
func (s *Service) Start(ctx context.Context, doc transcript.Document, opts Options, emit func(Event)) *Job {
	ctx, cancel := context.WithCancel(ctx)
	j := &Job{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(j.done)
		defer cancel()
		j.res, j.err = s.Summarize(ctx, doc, opts, emit)
	}()
	return j
}

// Stop cancels the job; it returns at once (Wait waits for the end).
func (j *Job) Stop() { j.cancel() }

// Done is closed when the job has ended.
func (j *Job) Done() <-chan struct{} { return j.done }

// Wait waits for the job to end and returns what Summarize returned
// (context.Canceled after Stop).
func (j *Job) Wait() (Result, error) {
	<-j.done
	return j.res, j.err
}
