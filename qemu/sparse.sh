#!/bin/sh
# sparse over every module source (make C=2 checks each file whether or not
# it is rebuilt), in a copy so the build's own objects stay as they are.
# Fails on any sparse report in the project's files.
#   qemu/sparse.sh KDIR
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kdir=$1
src="$top/build/sparse-src"
rm -rf "$src"
"$top/qemu/copy-sources.sh" "$src"
log="$top/build/sparse.log"
make -C "$kdir" M="$src" C=2 modules >"$log" 2>&1 ||
	{ cat "$log" >&2; echo "sparse: build failed" >&2; exit 1; }
n=$(grep -c "^$src/.*: \(warning\|error\):" "$log" || true)
if [ "$n" -ne 0 ]; then
	grep "^$src/" "$log" | sed "s|$src/||" >&2
	echo "sparse: $n reports" >&2
	exit 1
fi
echo "sparse: clean ($(grep -c '^  CHECK' "$log" || true) files checked)"
