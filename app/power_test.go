package app

import (
	"os"
	"path/filepath"
	"testing"
)

func TestOnBatteryIn(t *testing.T) {
	type supply struct{ name, typ, online, status string }
	for _, c := range []struct {
		name     string
		supplies []supply
		want     bool
	}{
		{"no supplies (desktop)", nil, false},
		{"laptop on mains", []supply{{"AC", "Mains", "1", ""}, {"BAT0", "Battery", "", "Charging"}}, false},
		{"laptop on battery", []supply{{"AC", "Mains", "0", ""}, {"BAT0", "Battery", "", "Discharging"}}, true},
		{"usb-c charger", []supply{{"ucsi-source-psy-USBC000:001", "USB", "1", ""}, {"BAT1", "Battery", "", "Discharging"}}, false},
		{"battery full, no mains file", []supply{{"BAT0", "Battery", "", "Full"}}, false},
		{"battery only, discharging", []supply{{"BAT0", "Battery", "", "Discharging"}}, true},
		{"a mouse's battery", []supply{{"hidpp_battery_0", "Battery", "", "Unknown"}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, s := range c.supplies {
				d := filepath.Join(dir, s.name)
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
				for file, v := range map[string]string{"type": s.typ, "online": s.online, "status": s.status} {
					if v != "" {
						if err := os.WriteFile(filepath.Join(d, file), []byte(v+"\n"), 0o644); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			if got := onBatteryIn(dir); got != c.want {
				t.Errorf("onBatteryIn = %v, want %v", got, c.want)
			}
		})
	}
	if onBatteryIn(filepath.Join(t.TempDir(), "missing")) {
		t.Error("a missing folder reads as battery")
	}
}

func TestPrefillEnabled(t *testing.T) {
	for _, c := range []struct {
		mode             PrefillMode
		battery, mainsOK bool
	}{{PrefillAuto, false, true}, {PrefillOn, true, true}, {PrefillOff, false, false}} {
		s := DefaultSettings()
		s.Prefill = c.mode
		if got := s.PrefillEnabled(false); got != c.mainsOK {
			t.Errorf("mode %d on mains: %v", c.mode, got)
		}
		if got := s.PrefillEnabled(true); got != c.battery {
			t.Errorf("mode %d on battery: %v", c.mode, got)
		}
	}
	s := DefaultSettings()
	s.Prefill = 7
	if s.Validate() == nil {
		t.Error("prefill mode 7 validated")
	}
}
