package transcript

import (
	"reflect"
	"testing"
)

// Subtitles and meeting exports keep each utterance's start clock, which
// summaries cite as a source ("00:12:31 김 위원"); plain text has none.
func TestUtterancesKeepTheirClock(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"a.srt", "1\n00:00:01,500 --> 00:00:04,000\n김민수: 회의를 시작합니다.\n\n2\n00:12:31,000 --> 00:12:35,000\n예산을 보겠습니다.\n", []string{"00:00:01", "00:12:31"}},
		{"a.vtt", "WEBVTT\n\n00:01.000 --> 00:04.000\n<v 김민수>안녕하세요.\n\n00:05.250 --> 00:07.000\n<v 이영희>네, 반갑습니다.\n", []string{"00:01", "00:05"}},
		{"a.txt", "화자 1 00:01\n오늘 안건은 두 가지입니다.\n화자 2 01:02:03\n네 알겠습니다.\n", []string{"00:01", "01:02:03"}},
		{"a.txt", "[00:00:01] 김민수: 시작합니다.\n[00:00:09] 이영희: 좋습니다.\n", []string{"00:00:01", "00:00:09"}},
		{"a.txt", "첫 줄입니다.\n둘째 줄입니다.\n", []string{"", ""}},
	}
	for _, c := range cases {
		d, err := Read(c.name, []byte(c.in))
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		var got []string
		for _, u := range d.Utterances {
			got = append(got, u.At)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: clocks %q, want %q", c.in, got, c.want)
		}
	}
}
