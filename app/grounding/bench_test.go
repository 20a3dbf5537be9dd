package grounding

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yoyak/yoyak/app/transcript"
)

// BenchmarkLink100k40 indexes a 100,000-character transcript and links 40
// bullets to it, the work one summary costs; the bound is 50 ms on
// the development machine, reported as ratio-to-50ms (wall time; below 1
// is within) and cpu-ratio-to-50ms (the process's CPU time, which a
// machine shared with other jobs does not inflate).
func BenchmarkLink100k40(b *testing.B) {
	text, bullets := benchInput(b)
	cpu0, cpuOK := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		ix := NewText(text)
		for _, bl := range bullets {
			ix.Link(bl)
		}
	}
	b.StopTimer()
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perOp/0.050, "ratio-to-50ms")
	if cpu1, ok := cpuTime(); ok && cpuOK {
		b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N)/0.050, "cpu-ratio-to-50ms")
	}
}

// benchInput is the labelled transcripts' lines, each numbered so no two
// are alike, repeated to 100,000 characters, and the first 40 labelled
// points.
func benchInput(b *testing.B) (string, []string) {
	data, err := os.ReadFile(filepath.Join("testdata", "labels.json"))
	if err != nil {
		b.Fatal(err)
	}
	var set []labelled
	if err := json.Unmarshal(data, &set); err != nil {
		b.Fatal(err)
	}
	var lines, bullets []string
	for _, tr := range set {
		doc, err := transcript.ReadFile(filepath.Join("testdata", tr.Transcript))
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, strings.Split(doc.Text, "\n")...)
		for _, p := range tr.Points {
			bullets = append(bullets, p.Text)
		}
	}
	var sb strings.Builder
	for i, n := 0, 0; n < 100_000; i++ {
		l := lines[i%len(lines)] + " " + strconv.Itoa(i) + "번째 발언\n"
		sb.WriteString(l)
		n += utf8.RuneCountInString(l)
	}
	return sb.String(), bullets[:40]
}
