# Shared settings of the libvirt-ontap fork scripts (sourced, not run).
# shellcheck shell=bash

LIBVIRT_VERSION=11.3.0
# The Debian source package whose orig tarball is our pristine base.
LIBVIRT_DEB_VERSION=11.3.0-2~bpo12+1
LIBVIRT_ORIG=libvirt_${LIBVIRT_VERSION}.orig.tar.xz
LIBVIRT_ORIG_SHA256=6bcb0c42c4580436fea262ced56f68a6afe20f7390b1bea2116718cc034a0283

ONTAP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ONTAP_CACHE=${ONTAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/libvirt-ontap}
# The pristine tree lives inside .git so that it follows the checkout and
# git never sees it.
ONTAP_STATE=$ONTAP_TOP/.git/ontap
ONTAP_PRISTINE=$ONTAP_STATE/pristine

ontap_die() {
    echo "error: $*" >&2
    exit 1
}

ontap_note() {
    echo ">>> $*"
}

# The host's Debian mirror, read from its apt configuration so that no host
# name is written into this repository.
ontap_host_mirror() {
    {
        awk '/^URIs:/ { print $2 }' /etc/apt/sources.list.d/*.sources 2>/dev/null
        awk '$1 == "deb" { print $2 }' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null
    } | grep -v -e security -e '^$' | grep -i debian | head -n1 || true
}
