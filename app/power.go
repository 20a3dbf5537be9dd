package app

import (
	"os"
	"path/filepath"
	"strings"
)

// Power: background reading (Prefill) costs energy a person on battery may
// not want to spend on a summary they may never ask for, so Settings'
// PrefillAuto turns it off while the machine runs on battery — where the OS
// tells us. Linux does, in /sys/class/power_supply; elsewhere (Windows,
// macOS: not read yet) mains power is assumed.

// powerSupplyDir is where Linux lists power supplies.
const powerSupplyDir = "/sys/class/power_supply"

// OnBattery reports whether the machine runs on battery now; false when the
// OS does not say.
func OnBattery() bool { return onBatteryIn(powerSupplyDir) }

// onBatteryIn reads a power_supply folder: on mains when any "Mains" (or
// USB-C "USB") supply is online; else on battery when a "Battery" is
// discharging; else (no battery, a desktop, unknown) not on battery.
func onBatteryIn(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	read := func(name, file string) string {
		b, err := os.ReadFile(filepath.Join(dir, name, file))
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	discharging := false
	for _, e := range entries {
		switch read(e.Name(), "type") {
		case "Mains", "USB":
			if read(e.Name(), "online") == "1" {
				return false
			}
		case "Battery":
			discharging = discharging || read(e.Name(), "status") == "Discharging"
		}
	}
	return discharging
}
