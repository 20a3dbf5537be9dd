module github.com/yoyak/yoyak

go 1.26.0

require (
	fyne.io/fyne/v2 v2.7.1 // indirect
	github.com/adrg/xdg v0.5.3 // indirect
	github.com/ebitengine/purego v0.11.3 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/term v0.48.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
