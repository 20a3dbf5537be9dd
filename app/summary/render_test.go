package summary

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden renderings in testdata/render from the current output")

// TestRenderGolden renders every answer fixture in the three formats and
// compares with testdata/render/<answer>.<ext>.
func TestRenderGolden(t *testing.T) {
	for name, in := range answers(t) {
		s := Parse(in)
		for _, f := range []Format{Text, Markdown, JSON} {
			got := Render(s, f)
			path := filepath.Join("testdata", "render", name+f.Ext())
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test -update creates it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs\n--- got\n%s--- want\n%s", path, got, want)
			}
		}
	}
}

// The text rendering is the answer as the model wrote it, so parsing it
// again gives the same summary.
func TestRenderTextRoundTrip(t *testing.T) {
	for name, in := range answers(t) {
		s := Parse(in)
		if !s.Structured() {
			continue
		}
		back := Parse(Render(s, Text))
		back.Raw, s.Raw, s.Preamble = "", "", ""
		if !reflect.DeepEqual(back, s) {
			t.Errorf("%s: text round trip\ngot  %#v\nwant %#v", name, back, s)
		}
		md := Parse(Render(s, Markdown))
		md.Raw = ""
		if !reflect.DeepEqual(md, s) {
			t.Errorf("%s: markdown round trip\ngot  %#v\nwant %#v", name, md, s)
		}
	}
}

// The JSON field names are an interface for scripts: they must not drift.
func TestRenderJSONFields(t *testing.T) {
	out := Render(Parse("제목: 회의\n1. 가\n2. 나\n- b\n"), JSON)
	var v struct {
		Title    string `json:"title"`
		Sections []struct {
			Number  int      `json:"number"`
			Heading string   `json:"heading"`
			Bullets []string `json:"bullets"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Title != "회의" || len(v.Sections) != 2 || v.Sections[0].Bullets == nil || v.Sections[1].Bullets[0] != "b" {
		t.Fatalf("%s", out)
	}
	if got := Render(Summary{}, JSON); got != "{\n  \"title\": \"\",\n  \"sections\": []\n}\n" {
		t.Errorf("empty JSON %q", got)
	}
	if Render(Summary{}, Text) != "" || Render(Summary{}, Markdown) != "" {
		t.Error("empty summary renders something")
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"text": Text, "TXT": Text, "md": Markdown, "Markdown": Markdown, "json": JSON} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("html"); err == nil {
		t.Error("html accepted")
	}
}

// What Render writes as JSON, ParseJSON reads back (sources aside); what is
// not such JSON is refused.
func TestParseJSONReadsRenderedJSON(t *testing.T) {
	for _, text := range []string{
		"제목: 회의\n1. 가\n- a\n- b\n2. 나\n- c\n",
		"제목 없이 쓴 자유로운 답입니다.\n",
		"1. 가\n",
	} {
		want := Parse(text)
		got, ok := ParseJSON(Render(want, JSON))
		if !ok {
			t.Fatalf("ParseJSON refused Render's JSON of %q", text)
		}
		if Render(got, Markdown) != Render(want, Markdown) {
			t.Errorf("round trip of %q:\n got %+v\nwant %+v", text, got, want)
		}
	}
	if _, ok := ParseJSON("제목: 회의"); ok {
		t.Error("ParseJSON took text that is not JSON")
	}
}
