package posixlocale

import "testing"

func TestIsPOSIX(t *testing.T) {
	tests := []struct {
		loc  string
		want bool
	}{
		{"C.UTF-8", true},
		{"C.utf8", true},
		{"POSIX.UTF-8", true},
		{"C@euro", true},
		{"C", false}, // Fyne handles the bare names itself
		{"POSIX", false},
		{"", false},
		{"ko_KR.UTF-8", false},
		{"en_US.UTF-8", false},
		{"Ca.UTF-8", false},
	}
	for _, tt := range tests {
		if got := IsPOSIX(tt.loc); got != tt.want {
			t.Errorf("IsPOSIX(%q) = %v, want %v", tt.loc, got, tt.want)
		}
	}
}
