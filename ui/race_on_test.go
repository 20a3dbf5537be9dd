//go:build race

package ui

// raceBuild: the tests run with -race, so the app under Xvfb is built with
// -race too.
const raceBuild = true
