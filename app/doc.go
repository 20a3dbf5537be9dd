// Package app decides: it turns a transcript into a titled, numbered summary
// with a local model, the same way for the window and the command line.
//
// A Service holds the loaded model between runs. Plan measures a document
// against the model's context (characters, tokens, one pass or n parts);
// Summarize (or Start, for a window) runs the pipeline:
//
//	prompt exactly as the model card asks (BOS + template around the text)
//	→ one pass when it fits the context, else parts that fit, cut at
//	  utterance (then sentence, word, character) boundaries with a small
//	  overlap, each summarized (map), then the joined partial summaries
//	  summarized again (reduce, in rounds while they do not fit)
//	→ every piece parsed into a summary.Summary as it arrives and watched by
//	  the repetition guard, which stops a looping model and trims the repeat.
//
// Progress, pieces and parsed updates reach the caller as typed events on
// the worker goroutine; errors carry a Korean and an English message
// (Message). Settings are a plain struct kept by the window in its
// preferences; finished summaries are kept by package history. Nothing here
// imports Fyne.
package app
