package inference

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/yoyak/yoyak/inference/llama"
)

// RuntimeEnv names the environment variable that points at a runtime: a
// platform folder holding libllama, or a folder of platform folders.
const RuntimeEnv = "YOYAK_RUNTIME"

// FixCommand is what a user runs in a source checkout to fetch the runtime.
const FixCommand = "make runtime"

// Platforms lists the runtime folder names that can run on this OS and CPU,
// best first: a GPU build before the plain CPU one (without its driver the GPU
// module fails to load quietly and the CPU is used).
func Platforms(goos, goarch string, forceCPU bool) []string {
	var gpu, cpu []string
	switch goos + "/" + goarch {
	case "linux/amd64":
		gpu, cpu = []string{"linux-x64-vulkan", "linux-x64-cuda"}, []string{"linux-x64"}
	case "linux/arm64":
		gpu, cpu = []string{"linux-arm64-vulkan"}, []string{"linux-arm64"}
	case "windows/amd64":
		gpu, cpu = []string{"win-x64-vulkan", "win-x64-cuda"}, []string{"win-x64"}
	case "windows/arm64":
		cpu = []string{"win-arm64"}
	case "darwin/arm64":
		cpu = []string{"mac-arm64-metal"}
	case "darwin/amd64":
		cpu = []string{"mac-x64"}
	}
	if forceCPU {
		return append(cpu, gpu...)
	}
	return append(gpu, cpu...)
}

// locator finds a runtime folder; its hooks are replaced in tests.
type locator struct {
	dir        string // explicit, tried first
	platforms  []string
	executable func() (string, error)
	getwd      func() (string, error)
	getenv     func(string) string
}

func newLocator(opts RuntimeOptions) locator {
	return locator{
		dir:        opts.Dir,
		platforms:  Platforms(runtime.GOOS, runtime.GOARCH, opts.ForceCPU),
		executable: os.Executable,
		getwd:      os.Getwd,
		getenv:     os.Getenv,
	}
}

// candidates expands a base folder into the folders that may hold libraries:
// the folder itself, base/<platform>, base/runtime/<platform>.
func (l locator) candidates(base string) []string {
	out := []string{base}
	for _, p := range l.platforms {
		out = append(out, filepath.Join(base, p))
	}
	for _, p := range l.platforms {
		out = append(out, filepath.Join(base, "runtime", p))
	}
	return out
}

// checkoutRoot walks up from dir to a folder with go.mod and runtime/.
func checkoutRoot(dir string) string {
	for d := dir; ; {
		if fileExists(filepath.Join(d, "go.mod")) && dirExists(filepath.Join(d, "runtime")) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// find returns the first folder holding the three libraries, in this order:
// the explicit Dir; beside the executable (the exe's folder itself and its
// runtime/<platform>, the bundle layout); the source checkout's
// runtime/<platform> (walking up from the executable and the working
// directory, for `go run` and tests); $YOYAK_RUNTIME. On failure the error
// wraps ErrNoRuntime and lists every path tried.
func (l locator) find() (string, error) {
	var tried []string
	seen := map[string]bool{}
	try := func(dirs ...string) string {
		for _, d := range dirs {
			if d == "" {
				continue
			}
			if abs, err := filepath.Abs(d); err == nil {
				d = abs
			}
			if seen[d] {
				continue
			}
			seen[d] = true
			tried = append(tried, d)
			if _, err := llama.FindLibraries(d); err == nil {
				return d
			}
		}
		return ""
	}
	if l.dir != "" {
		if d := try(l.candidates(l.dir)...); d != "" {
			return d, nil
		}
	}
	var starts []string
	if exe, err := l.executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		exeDir := filepath.Dir(exe)
		starts = append(starts, exeDir)
		if d := try(l.candidates(exeDir)...); d != "" {
			return d, nil
		}
	}
	if wd, err := l.getwd(); err == nil {
		starts = append(starts, wd)
	}
	for _, s := range starts {
		if root := checkoutRoot(s); root != "" {
			var dirs []string
			for _, p := range l.platforms {
				dirs = append(dirs, filepath.Join(root, "runtime", p))
			}
			if d := try(dirs...); d != "" {
				return d, nil
			}
		}
	}
	if env := l.getenv(RuntimeEnv); env != "" {
		if d := try(l.candidates(env)...); d != "" {
			return d, nil
		}
	} else {
		tried = append(tried, "$"+RuntimeEnv+" (not set)")
	}
	return "", fmt.Errorf("%w for %s/%s; tried:\n  %s\nrun `%s` in the source checkout, or set %s to a folder holding libllama",
		ErrNoRuntime, runtime.GOOS, runtime.GOARCH, strings.Join(tried, "\n  "), FixCommand, RuntimeEnv)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
