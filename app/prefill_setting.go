package app

// PrefillMode is the "미리 읽기" setting.
type PrefillMode int

// Prefill modes. The zero value is automatic, so older settings files get it.
const (
	// PrefillAuto reads ahead on mains power, not on battery (OnBattery).
	PrefillAuto PrefillMode = iota
	// PrefillOn always reads ahead.
	PrefillOn
	// PrefillOff never does.
	PrefillOff
)

// PrefillEnabled reports whether the window should read an opened
// transcript ahead now; onBattery is OnBattery's answer.
func (s Settings) PrefillEnabled(onBattery bool) bool {
	switch s.Prefill {
	case PrefillOn:
		return true
	case PrefillAuto:
		return !onBattery
	}
	return false
}
