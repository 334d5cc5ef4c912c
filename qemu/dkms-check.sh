#!/bin/sh
# make dkms-check: DKMS as a user runs it, against Debian's own 6.12
# headers, in trees under build/dkms/ (nothing on the host is touched):
# dkms add, build and install, then a check that every module landed in
# updates/dkms with the kernel's vermagic, then dkms remove.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/qemu/setup.sh"
if ! command -v dkms >/dev/null; then
	echo "dkms-check: installing dkms"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dkms >/dev/null
fi
set -- $("$top/qemu/stock.sh" --fetch debian-6.12 | tail -n 1)
kver=$1 hdr=$2
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
work="$top/build/dkms"
rm -rf "$work"
mods="$work/root/lib/modules"
mkdir -p "$work/src/wdfmem-$ver" "$work/tree" "$mods/$kver" "$work/bin"
"$top/qemu/copy-sources.sh" "$work/src/wdfmem-$ver"
cp "$top/dkms.conf" "$top/Makefile" "$work/src/wdfmem-$ver/"
# dkms runs "depmod -a <kernel>": run it on the scratch tree instead.
printf '#!/bin/sh\nexec /sbin/depmod -b "%s" "$@"\n' "$work/root" >"$work/bin/depmod"
chmod +x "$work/bin/depmod"
PATH="$work/bin:$PATH"
trees="--sourcetree $work/src --dkmstree $work/tree --installtree $mods"
# shellcheck disable=SC2086
{
	dkms add -m wdfmem -v "$ver" $trees
	dkms build -m wdfmem -v "$ver" -k "$kver" --kernelsourcedir "$hdr" $trees
	dkms install -m wdfmem -v "$ver" -k "$kver" --kernelsourcedir "$hdr" $trees
	dkms status -m wdfmem $trees
}
bad=0
for m in wdfmem wdfmem_edu wdfmem_demo wdfmem_kmdf_sample wdfmem_upper; do
	ko=$(find "$mods/$kver/updates/dkms" -name "$m.ko*" | head -n 1)
	magic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	case "$magic" in
	"$kver "*) echo "dkms-check: $m installed for $kver: ${ko#"$work"/}" ;;
	*) echo "dkms-check: $m not installed for $kver (vermagic '$magic')"; bad=1 ;;
	esac
done
# depmod saw that the driver needs the framework.
if ! grep -q 'updates/dkms/wdfmem_edu.ko.*: .*updates/dkms/wdfmem.ko' "$mods/$kver/modules.dep"; then
	echo "dkms-check: modules.dep does not say wdfmem_edu needs wdfmem"
	bad=1
fi
# shellcheck disable=SC2086
dkms remove -m wdfmem -v "$ver" --all $trees
[ "$bad" -eq 0 ] && echo "dkms-check: dkms add, build, install and remove work for $kver"

# make install and make uninstall, into a scratch DESTDIR.
dest="$work/destdir"
copy="$work/install-src"
cp -r "$work/src/wdfmem-$ver" "$copy"
make -s -C "$copy" install KVER="$kver" INSTALL_KDIR="$hdr" DESTDIR="$dest" >/dev/null
for f in "lib/modules/$kver/updates/wdfmem.ko" "lib/modules/$kver/updates/wdfmem_edu.ko" \
	 "usr/src/wdfmem/include/wdf/wdf.h" "usr/src/wdfmem/$kver/Module.symvers"; do
	# Modules may be compressed as the kernel's configuration says.
	ls "$dest/$f"* >/dev/null 2>&1 || { echo "dkms-check: make install did not install $f"; bad=1; }
done
grep -q 'wdf_memory_create' "$dest/usr/src/wdfmem/$kver/Module.symvers" ||
	{ echo "dkms-check: Module.symvers lacks the framework's symbols"; bad=1; }
make -s -C "$copy" uninstall KVER="$kver" DESTDIR="$dest" >/dev/null
! ls "$dest/lib/modules/$kver/updates/"wdfmem* >/dev/null 2>&1 && [ ! -e "$dest/usr/src/wdfmem" ] ||
	{ echo "dkms-check: make uninstall left files behind"; bad=1; }
[ "$bad" -eq 0 ] && echo "dkms-check: make install and make uninstall work for $kver"
exit "$bad"
