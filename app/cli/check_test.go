package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yoyak/yoyak/app/grounding"
	"github.com/yoyak/yoyak/app/summary"
	"github.com/yoyak/yoyak/app/transcript"
)

const checkTranscript = "1\n00:00:01,000 --> 00:00:04,000\n김민수: 회의를 시작하겠습니다.\n\n" +
	"2\n00:12:31,000 --> 00:12:36,000\n이영희: 내년 예산은 삼백이십억 원으로 오 퍼센트 늘었습니다.\n\n" +
	"3\n00:13:02,000 --> 00:13:08,000\n김민수: 공사 기간에는 숭실대학교 열람실을 빌려 쓰기로 했습니다.\n"

const checkSummary = "# 예산 회의\n\n## 1. 예산\n\n- 내년 예산은 320억 원으로 5% 늘었다.\n- 공사 중에는 연세대학교 열람실을 쓴다.\n- 화성 탐사선이 발사되었다.\n"

func TestCheckText(t *testing.T) {
	dir := t.TempDir()
	tr := sumWriteFile(t, dir, "meeting.srt", checkTranscript)
	sum := sumWriteFile(t, dir, "summary.md", checkSummary)
	code, out, errs := sumRun(t, "", "check", tr, sum)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"- 내년 예산은 320억 원으로 5% 늘었다.\n    → 00:12:31 이영희 (",
		"! not in the transcript: 연세대학교 (name)",
		"- 화성 탐사선이 발사되었다.\n    ? no supporting passage in the transcript",
		"- 공사 중에는 연세대학교 열람실을 쓴다.\n    → 00:13:02 김민수 (",
		"5 points: 4 supported, 1 unsupported, 1 with expressions to check",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "! not in the transcript: 320억") || strings.Contains(out, "5% (") {
		t.Errorf("numbers said in words flagged:\n%s", out)
	}
}

func TestCheckJSONFromStdinWithFlagsAfterFiles(t *testing.T) {
	tr := sumWriteFile(t, t.TempDir(), "meeting.srt", checkTranscript)
	// Yoyak's answer form on stdin, --format after the files
	code, out, errs := sumRun(t, "제목: 예산 회의\n1. 예산\n- 내년 예산은 320억 원이다.\n", "check", tr, "-", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var v struct {
		Sections []struct {
			BulletSources []struct {
				Sources []struct {
					FirstLine int    `json:"first_line"`
					At        string `json:"at"`
					Speaker   string `json:"speaker"`
				} `json:"sources"`
			} `json:"bullet_sources"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	src := v.Sections[0].BulletSources[0].Sources
	if len(src) == 0 || src[0].At != "00:12:31" || src[0].Speaker != "이영희" || src[0].FirstLine != 2 {
		t.Errorf("sources %+v\n%s", src, out)
	}
}

func TestCheckUsageAndErrors(t *testing.T) {
	dir := t.TempDir()
	tr := sumWriteFile(t, dir, "a.txt", "회의를 시작합니다.")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", tr}, exitUsage, "Give one TRANSCRIPT and one SUMMARY"},
		{[]string{"check", "-", "-"}, exitUsage, "only one of them may be -"},
		{[]string{"check", "--format", "xml", tr, tr}, exitUsage, "--format must be text or json"},
		{[]string{"check", filepath.Join(dir, "none.txt"), tr}, exitFailure, "none.txt"},
		{[]string{"check", tr, filepath.Join(dir, "none.md")}, exitFailure, "none.md"},
	}
	for _, c := range cases {
		code, _, errs := sumRun(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errs, c.code, c.want)
		}
	}
}

// Free text written by a person: each line is a point.
func TestCheckPlainLines(t *testing.T) {
	s := parseAnySummary("예산이 늘었다\n\n열람실을 빌린다\n")
	if len(s.Sections) != 1 || len(s.Sections[0].Bullets) != 2 {
		t.Errorf("plain lines parsed as %+v", s)
	}
}

// Any summary file parses without panicking and links to any transcript.
func FuzzParseAnySummary(f *testing.F) {
	for _, s := range []string{checkSummary, "제목: 가\n1. 나\n- 다\n", `{"title":"가","sections":[{"bullets":["나"]}]}`, "{", "그냥 한 줄"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sum := parseAnySummary(s)
		doc, err := transcript.Read("a.srt", []byte(checkTranscript))
		if err != nil {
			t.Fatal(err)
		}
		sum = summary.NewLinker(grounding.New(doc)).Ground(sum, false)
		_ = checkReport(doc, sum, true)
	})
}

// summarize accepts --sources with --format md and still writes Markdown
// (the tiny model's nonsense has no points to cite; the rendering itself
// is tested in app/summary).
func TestSummarizeSourcesFlag(t *testing.T) {
	model := sumTinyModel(t)
	code, out, errs := sumRun(t, sumMeeting(2), "summarize", "--model", model, "--cpu", "--max-tokens", "16", "--format", "md", "--sources", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, "[no source]") && !strings.HasPrefix(out, "#") {
		t.Errorf("markers on an unstructured answer: %q", out)
	}
}
