#!/bin/sh
# Installs the benchmark corpora into bench/corpora/ (gitignored): plain
# directory trees of source files from pinned system and npm packages.
#
#   python      CPython standard library of this machine's python3 (*.py,
#               without site-packages)
#   django      Debian package python3-django (*.py)
#   go          Debian package golang-1.19-src (/usr/share/go-1.19/src, *.go)
#   typescript  npm typescript@5.6.3, lib/*.d.ts
#   javascript  npm typescript@5.6.3, lib/*.js
#
# Idempotent: a corpus is rebuilt only when its source version changed (each
# corpus records it in bench/corpora/<name>.version), and the script prints
# nothing when every corpus is present. It prints one summary line per corpus
# it installs, or for every corpus with -s. Versions of all corpora are
# listed in bench/corpora/VERSIONS.
set -eu
cd "$(dirname "$0")"
TS_VERSION=5.6.3
GO_SRC=/usr/share/go-1.19/src
C=corpora
mkdir -p "$C"

summary=0
[ "${1:-}" = "-s" ] && summary=1

# summarize NAME: "NAME: N files, M MB (version)".
summarize() {
    # Sizes in bytes: du -b counts apparent size, as readers see it.
    n=$(find "$C/$1" -type f | wc -l)
    b=$(find "$C/$1" -type f -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)
    awk -v name="$1" -v n="$n" -v b="$b" -v v="$(cat "$C/$1.version")" \
        'BEGIN { printf "%-10s %6d files %7.1f MB  (%s)\n", name, n, b / 1e6, v }'
}

# fresh NAME VERSION: true when the corpus is already installed at VERSION.
fresh() {
    [ -d "$C/$1" ] && [ -f "$C/$1.version" ] && [ "$(cat "$C/$1.version")" = "$2" ]
}

# install_tree NAME VERSION SRCDIR LISTER: copies the files that the shell
# function LISTER prints (NUL-separated paths relative to SRCDIR, run inside
# SRCDIR) into a temporary tree, then renames it into place so that an
# interrupted run never leaves half a corpus behind.
install_tree() {
    name=$1 version=$2 src=$3 lister=$4
    tmp="$C/.$name.tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    dest=$(cd "$tmp" && pwd)
    (cd "$src" && "$lister" | xargs -0 -r cp -L --parents -t "$dest")
    rm -rf "${C:?}/$name"
    mv "$tmp" "$C/$name"
    printf '%s\n' "$version" > "$C/$name.version"
    summary_of="$summary_of $name"
}

summary_of=""

# python: the stdlib of whatever python3 is on PATH; its version pins it.
PY_STDLIB=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
PY_VERSION="cpython $(python3 -c 'import platform; print(platform.python_version())') $PY_STDLIB"
list_python() { find . -path ./site-packages -prune -o -type f -name '*.py' -print0; }
fresh python "$PY_VERSION" || install_tree python "$PY_VERSION" "$PY_STDLIB" list_python

# dpkg_version PKG: installed Debian version, empty when not installed.
dpkg_version() {
    dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null |
        awk '$1 == "install" && $3 == "installed" { print $4 }'
}

# django: the Debian package's modules, relative to dist-packages.
DJ=$(dpkg_version python3-django)
if [ -z "$DJ" ]; then
    echo "corpora: python3-django is not installed (apt-get install python3-django, or scripts/bootstrap)" >&2
    exit 1
fi
# Only files dpkg installed are taken, not .pyc or files added later.
dj_root=$(dpkg -L python3-django | grep '/dist-packages/django/__init__\.py$' | head -n 1)
dj_root=${dj_root%/django/__init__.py}
list_django() {
    dpkg -L python3-django | grep "^$dj_root/.*\.py\$" | sed "s|^$dj_root/|./|" | tr '\n' '\0'
}
fresh django "python3-django $DJ" || install_tree django "python3-django $DJ" "$dj_root" list_django

# go: the Go 1.19 standard library and toolchain sources, testdata included.
GOV=$(dpkg_version golang-1.19-src)
if [ -z "$GOV" ] || [ ! -d "$GO_SRC" ]; then
    echo "corpora: golang-1.19-src is not installed (apt-get install golang-1.19-src, or scripts/bootstrap)" >&2
    exit 1
fi
list_go() { find . -type f -name '*.go' -print0; }
fresh go "golang-1.19-src $GOV" || install_tree go "golang-1.19-src $GOV" "$GO_SRC" list_go

# typescript and javascript: the compiler's own npm package, pinned.
TSV="typescript@$TS_VERSION (npm)"
list_dts() { find . -maxdepth 1 -type f -name '*.d.ts' -print0; }
list_js() { find . -maxdepth 1 -type f -name '*.js' -print0; }
if ! fresh typescript "$TSV" || ! fresh javascript "$TSV"; then
    lib="$C/npm/node_modules/typescript/lib"
    have=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$C/npm/node_modules/typescript/package.json" 2>/dev/null || true)
    if [ "$have" != "$TS_VERSION" ]; then
        npm install --prefix "$C/npm" --ignore-scripts --no-audit --no-fund --loglevel=error \
            "typescript@$TS_VERSION" >/dev/null
    fi
    install_tree typescript "$TSV" "$lib" list_dts
    install_tree javascript "$TSV" "$lib" list_js
fi

{
    for n in python django go typescript javascript; do
        printf '%-10s %s\n' "$n" "$(cat "$C/$n.version")"
    done
} > "$C/VERSIONS"

if [ "$summary" = 1 ]; then
    summary_of="python django go typescript javascript"
fi
for n in $summary_of; do
    summarize "$n"
done
