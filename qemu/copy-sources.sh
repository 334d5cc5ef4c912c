#!/bin/sh
# Copy the kernel-module sources (Kbuild, Kconfig and every .c/.h the
# modules build from) into DEST, keeping their paths: the one list of what
# a module build needs, for builds outside the clone (perf kernel, Debian's
# kernels, kunit.py's tree, DKMS).
#   qemu/copy-sources.sh DEST
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
mkdir -p "$dest"
cd "$top"
cp --parents Kbuild Kconfig \
	$(find framework include drivers samples bench kunit -name '*.[ch]') \
	"$dest/"
