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
