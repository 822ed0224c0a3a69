#!/bin/bash
# Build (or reuse) the guest of the real-kernel test harness: Debian 12's
# own kernel and a minimal root filesystem with the array stand-ins (knfsd,
# nvmet, LIO), the initiator tools, and the runtime libraries our build links
# against. Everything comes from Debian packages.
#
# Usage: tests/vm/build-image.sh BUILDDIR
# Prints the image directory (vmlinuz, initrd.img, root.img) on stdout.
# The image is cached under $ONTAP_VM_CACHE (default
# ~/.cache/libvirt-ontap/vm), keyed by a hash of its recipe: the package
# list and the files copied into it. A missing image is rebuilt.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
# Only the image directory goes to stdout (fd 3); tools talk on stderr.
exec 3>&1 1>&2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/ontap-env.sh"
build=$(cd "${1:?usage: build-image.sh BUILDDIR}" && pwd)
cache=${ONTAP_VM_CACHE:-$ONTAP_CACHE/vm}

log() { echo ">>> $*" >&2; }

# The guest's kernel: bookworm's (6.1) by default; ONTAP_VM_KERNEL=backports
# takes bookworm-backports' (6.12), which has NVMe in-band authentication
# (DH-HMAC-CHAP: CONFIG_NVME_HOST_AUTH, CONFIG_NVME_TARGET_AUTH) that 6.1
# lacks.
case ${ONTAP_VM_KERNEL:-stable} in
    stable) KERNEL=linux-image-amd64 SUITES=(bookworm) ;;
    backports) KERNEL=linux-image-amd64/bookworm-backports SUITES=(bookworm bookworm-backports) ;;
    *) echo "ONTAP_VM_KERNEL is 'stable' or 'backports'" >&2; exit 2 ;;
esac

# What the scenarios use in the guest.
PACKAGES=(
    "$KERNEL" kmod udev iproute2 procps util-linux nftables
    nfs-kernel-server nfs-common xfsprogs
    nvme-cli open-iscsi multipath-tools ocfs2-tools gfs2-utils
    corosync dlm-controld   # the two-host harness's GFS2 cluster
    e2fsprogs   # mkfs.ext4 -d for a namespace with data, filefrag for shared extents
    qemu-utils
)

# The runtime libraries of this build's daemon, virsh and modules, as the
# Debian packages that ship them (host and guest are both bookworm).
runtime_packages() {
    local lib
    ldd "$build"/src/virtstoraged "$build"/tools/virsh "$build"/src/*.so* 2>/dev/null |
        awk '/=>/ && $3 ~ /^\// && $3 !~ /^'"${build//\//\\/}"'/ { print $3 }' | sort -u |
        while read -r lib; do
            dpkg -S "*/$(basename "$lib")" 2>/dev/null | cut -d: -f1 | grep -v -e i386 -e , | head -n1
        done | sort -u
}

ensure_host_tools() {
    local missing=()
    command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
    command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
    command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
    command -v qemu-img >/dev/null || missing+=(qemu-utils)
    [ ${#missing[@]} = 0 ] && return
    log "installing ${missing[*]}"
    apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_host_tools
mapfile -t runtime < <(runtime_packages)
all=$(printf '%s\n' "${PACKAGES[@]}" "${runtime[@]}" | sort -u | tr '\n' ',' | sed 's/,$//')
key=$( { echo "$all"; cat "$here/build-image.sh" "$here/guest/init"; } | sha256sum | cut -c1-16)
dir=$cache/$key

if [ -s "$dir/root.img" ] && [ -s "$dir/vmlinuz" ] && [ -s "$dir/initrd.img" ]; then
    log "guest image $key is cached in $dir"
    echo "$dir" >&3
    exit 0
fi

mirror=$(ontap_host_mirror)
[ -n "$mirror" ] || { echo "cannot find the host's Debian mirror in /etc/apt" >&2; exit 1; }
log "building guest image $key in $dir (about 2 minutes)"
start=$(date +%s)
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
rootfs=$dir.tmp/rootfs
sources=()
for suite in "${SUITES[@]}"; do
    sources+=("deb $mirror $suite main")
done

# force-unsafe-io: no fsync per file; MODULES=list: a small initrd that only
# mounts the virtio root disk, everything else is modprobed from the root.
mmdebstrap --variant=minbase --dpkgopt=force-unsafe-io --include="$all" \
    --setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo MODULES=list > "$1/etc/initramfs-tools/conf.d/ontap-vm.conf" && printf "virtio_pci\nvirtio_blk\next4\n" > "$1/etc/initramfs-tools/modules"' \
    bookworm "$rootfs" "${sources[@]}" >"$dir.tmp/mmdebstrap.log" 2>&1 ||
    { tail -30 "$dir.tmp/mmdebstrap.log" >&2; exit 1; }

kver=$(ls "$rootfs/lib/modules" | sort -V | tail -n1)
# Module trees no scenario needs: a smaller image and a faster depmod.
mods=$rootfs/lib/modules/$kver/kernel
rm -rf "$mods"/drivers/{gpu,media,net/wireless,infiniband,staging,bluetooth,iio,hid,input,usb,isdn,comedi,mtd,net/ethernet} \
       "$mods"/sound "$mods"/net/{bluetooth,wireless,mac80211}
chroot "$rootfs" depmod -a "$kver"
rm -rf "$rootfs"/usr/share/{doc,man,locale} "$rootfs"/var/cache/apt/archives/*.deb

install -m 0755 "$here/guest/init" "$rootfs/sbin/ontap-vm-init"
echo ontap-vm > "$rootfs/etc/hostname"
ln -sfn ../proc/self/mounts "$rootfs/etc/mtab"   # mkfs.ocfs2 and mount want it
cp "$rootfs/boot/vmlinuz-$kver" "$dir.tmp/vmlinuz"
cp "$rootfs/boot/initrd.img-$kver" "$dir.tmp/initrd.img"
size=$(( $(du -sm "$rootfs" | cut -f1) + 768 ))
mkfs.ext4 -q -F -L ontapvm -d "$rootfs" "$dir.tmp/root.img" "${size}M"
rm -rf "$rootfs"
echo "$kver" > "$dir.tmp/kernel-version"
echo "$all" | tr ',' '\n' > "$dir.tmp/packages"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
# Keep only the newest few images.
ls -1dt "$cache"/*/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
log "guest image built in $(( $(date +%s) - start ))s (kernel $kver)"
echo "$dir" >&3
