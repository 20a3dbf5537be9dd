package usererr

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	cause := errors.New("disk full")
	e := New("저장하지 못했습니다.", "Could not save.", cause)
	if e.Message("ko") != "저장하지 못했습니다." || e.Message("en_US") != "Could not save." || e.Message("") != "Could not save." {
		t.Error("Message picks the wrong language")
	}
	if e.Error() != "Could not save.: disk full" {
		t.Errorf("Error() = %q", e.Error())
	}
	if !errors.Is(fmt.Errorf("x: %w", e), cause) {
		t.Error("does not unwrap to its cause")
	}
	m, ok := Find(fmt.Errorf("x: %w", e))
	if !ok || m.Message("ko") != "저장하지 못했습니다." {
		t.Error("Find missed it")
	}
	if _, ok := Find(cause); ok {
		t.Error("Find found a message in a plain error")
	}
	if New("가", "A", nil).Error() != "A" {
		t.Error("Error() without a cause")
	}
}

func TestLang(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, English},
		{map[string]string{"LANG": "ko_KR.UTF-8"}, Korean},
		{map[string]string{"LANG": "ko"}, Korean},
		{map[string]string{"LANG": "en_US.UTF-8"}, English},
		{map[string]string{"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, English},
		{map[string]string{"LC_MESSAGES": "ko_KR", "LANG": "en_US"}, Korean},
		{map[string]string{"LC_ALL": "KO_kr"}, Korean},
	}
	for _, tt := range tests {
		if got := LangFromEnv(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.env, got, tt.want)
		}
	}
	if Normalize(" ko-KR") != Korean || Normalize("fr") != English {
		t.Error("Normalize")
	}
}

// With no locale variable set (a program started from Explorer or Finder),
// the system's own setting decides; a variable that is set still wins.
func TestLangFromSystemWhenNoVariable(t *testing.T) {
	saved := systemLocale
	t.Cleanup(func() { systemLocale = saved })
	for _, tt := range []struct {
		name, lang, system string
		sysErr             error
		want               string
	}{
		{"korean windows", "", "ko-KR", nil, Korean},
		{"english windows", "", "en-US", nil, English},
		{"system unknown", "", "", errors.New("no locale"), English},
		{"variable wins", "en_US.UTF-8", "ko-KR", nil, English},
		{"variable korean", "ko_KR.UTF-8", "en-US", nil, Korean},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", tt.lang)
			systemLocale = func() (string, error) { return tt.system, tt.sysErr }
			if got := LangFromEnv(nil); got != tt.want {
				t.Errorf("LangFromEnv(nil) with LANG=%q, system %q = %q, want %q", tt.lang, tt.system, got, tt.want)
			}
		})
	}
}
