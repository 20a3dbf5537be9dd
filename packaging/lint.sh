#!/usr/bin/env bash
# lint.sh — static analysis of the whole module with the build tags of the
# release (GOTAGS): go vet, staticcheck and govulncheck, the tools at pinned
# versions installed through the Go module proxy and cached outside the repo
# (~/.cache/yoyak/tools), so a second run costs only the analysis itself.
#
# govulncheck reads the Go vulnerability database. It does not fetch it here:
# the database's OSV files are published as the Go module golang.org/x/vulndb,
# so this script downloads that module at a pinned version through the module
# proxy and indexes it with the module's own cmd/indexdb into a local database
# (govulncheck -db file://…). Raise VULNDB_VERSION to learn of newer reports.
# Where even the module proxy cannot be reached, it says so in one line and
# skips govulncheck (vet and staticcheck still run).
#
# Usage: packaging/lint.sh   (make lint)
set -euo pipefail

GO=${GO:-go}
tags=${GOTAGS:-migrated_fynedo}
tools=${YOYAK_TOOLS_DIR:-$HOME/.cache/yoyak/tools}
STATICCHECK_VERSION=v0.8.2
GOVULNCHECK_VERSION=v1.9.0
VULNDB_VERSION=${VULNDB_VERSION:-v0.0.0-20261105234957-e22db6528018}

cd "$(dirname "$0")/.."
say() { echo "lint: $*"; }

# tool NAME PACKAGE VERSION prints the path of the installed tool, installing it once.
tool() {
	local dir="$tools/$1-$3"
	if [ ! -x "$dir/$1" ]; then
		say "installing $2@$3" >&2
		GOBIN="$dir" "$GO" install "$2@$3" >&2
	fi
	echo "$dir/$1"
}

# vulndb prints a file:// URL of the local vulnerability database, building it once.
vulndb() {
	local db="$tools/vulndb-$VULNDB_VERSION" src indexdb
	if [ ! -s "$db/index/db.json" ]; then
		src=$("$GO" mod download -json "golang.org/x/vulndb@$VULNDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
		[ -d "$src/data/osv" ] || return 1
		indexdb=$(tool indexdb golang.org/x/vulndb/cmd/indexdb "$VULNDB_VERSION") || return 1
		rm -rf "$db.tmp"
		"$indexdb" -vulns "$src/data/osv" -out "$db.tmp" >&2 && mv "$db.tmp" "$db"
	fi
	echo "file://$db"
}

say "go vet -tags $tags"
"$GO" vet -tags "$tags" ./...

say "staticcheck $STATICCHECK_VERSION"
"$(tool staticcheck honnef.co/go/tools/cmd/staticcheck "$STATICCHECK_VERSION")" -tags "$tags" ./...

govulncheck=$(tool govulncheck golang.org/x/vuln/cmd/govulncheck "$GOVULNCHECK_VERSION")
if ! db=$(vulndb 2>/tmp/yoyak-vulndb.log); then
	say "govulncheck skipped: the vulnerability database (module golang.org/x/vulndb@$VULNDB_VERSION) could not be fetched; see /tmp/yoyak-vulndb.log"
	exit 0
fi
say "govulncheck $GOVULNCHECK_VERSION (database golang.org/x/vulndb@$VULNDB_VERSION)"
"$govulncheck" -tags "$tags" -db "$db" ./...
