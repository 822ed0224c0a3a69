# The array stand-in of the real-kernel harness (sourced): loopback-range
# addresses acting as the array's data LIFs and portals, a scratch XFS with
# reflink, knfsd exporting it, two nvmet-tcp subsystems on two addresses (one
# open to any host, one for this host only with a DH-HMAC-CHAP key) and an
# LIO iSCSI target with two portals; and on the host side, the one-node o2cb
# cluster that the pools' OCFS2 joins.
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# The single-guest harness puts the array's addresses on lo; the two-host
# harness (ONTAP_NET=two-hosts) on the network the three guests share, where
# the hosts are 10.77.0.1 (a) and 10.77.0.2 (b) and the array 10.77.0.10.
# shellcheck disable=SC2034 # for the scenarios
if [ "${ONTAP_NET:-lo}" = two-hosts ]; then
    ONTAP_NET_CLIENTS=10.77.0.0/24
    NFS_LIF1=10.77.0.11 NFS_LIF2=10.77.0.12 NFS_LIF3=10.77.0.13 NFS_LIF_DOWN=10.77.0.19
    NVME_PORTAL1=10.77.0.21 NVME_PORTAL2=10.77.0.22 NVME_PORTAL_DOWN=10.77.0.29
    ISCSI_PORTAL1=10.77.0.31 ISCSI_PORTAL2=10.77.0.32 ISCSI_PORTAL_DOWN=10.77.0.39
else
    ONTAP_NET_CLIENTS=127.0.0.0/8
    NFS_LIF1=127.0.10.1
    NFS_LIF2=127.0.10.2
    NFS_LIF3=127.0.10.3
    NFS_LIF_DOWN=127.0.10.9      # configured, but every packet to it is dropped
    NVME_PORTAL1=127.0.20.1
    NVME_PORTAL2=127.0.20.2
    NVME_PORTAL_DOWN=127.0.20.9  # on no interface: connecting to it fails
    ISCSI_PORTAL1=127.0.30.1
    ISCSI_PORTAL2=127.0.30.2
    ISCSI_PORTAL_DOWN=127.0.30.9  # on no interface: connecting to it fails
fi
NVME_NQN=nqn.2024-01.org.libvirt-ontap:vm.nvme1
# Namespaces of NVME_NQN: 1 blank, 8 GiB sparse (room for a 2 GiB volume, its
# reflink clone and a 2 GiB byte copy on OCFS2); 2 blank, 1 GiB (a second
# pool); 3 holding ext4 with keep.txt (NVME_KEEP_TEXT) that a build must not
# overwrite. nvmet gives file-backed namespaces 4 KiB blocks, as ONTAP's
# have: under 1 GiB mkfs.ocfs2 picks 2 KiB blocks unless told "-b 4K" and
# fails ("Could not write: Invalid argument").
NVME_NS_BIG=1
NVME_NS_SMALL=2
NVME_NS_EXT4=3
NVME_KEEP_TEXT="keep me: libvirt-ontap nvme namespace 3"
# For this host's NQN only, with DH-HMAC-CHAP; the host key (DHHC-1:...) is
# in NVME_DHCHAP_KEY_FILE, empty when the kernel has no target authentication.
NVME_AUTH_NQN=nqn.2024-01.org.libvirt-ontap:vm.auth
NVME_AUTH_NSID=1
NVME_DHCHAP_KEY_FILE=/run/ontap-vm/dhchap-host.key
NVME_HOSTNQN_FILE=/etc/nvme/hostnqn
O2CB_CLUSTER=ontapvm
ISCSI_IQN=iqn.2024-01.org.libvirt-ontap:vm.target1
# For this initiator only, with CHAP (user ISCSI_CHAP_USER, password
# ISCSI_CHAP_PASSWORD), on both portals.
ISCSI_CHAP_IQN=iqn.2024-01.org.libvirt-ontap:vm.chap
ISCSI_CHAP_USER=kvmhost
ISCSI_CHAP_PASSWORD=ontap-chap-secret-42
# Mutual CHAP: what the target answers with.
ISCSI_CHAP_TARGET_USER=ontapvm-target
ISCSI_CHAP_TARGET_PASSWORD=ontap-target-secret-7
# The LUNs' WWIDs as multipath names them (read at setup: LIO derives them
# from the serials), in /run/ontap-vm/iscsi-wwid-*.
ISCSI_WWID_FILE=/run/ontap-vm/iscsi-wwid-lun0
ISCSI_LUN1_WWID_FILE=/run/ontap-vm/iscsi-wwid-lun1
ISCSI_CHAP_WWID_FILE=/run/ontap-vm/iscsi-wwid-chap

# lo keeps 127.0.0.0/8 reachable as a whole; narrowing it to /32 addresses
# makes "ip addr del" a real path failure. With two hosts, the addresses
# are on the shared network (eth0).
array_addresses() {
    local a dev=lo len=32
    if [ "${ONTAP_NET:-lo}" = two-hosts ]; then
        dev=eth0 len=24
        ip addr add 10.77.0.10/24 dev eth0
    else
        ip addr del 127.0.0.1/8 dev lo 2>/dev/null
        ip addr replace 127.0.0.1/32 dev lo
    fi
    for a in $NFS_LIF1 $NFS_LIF2 $NFS_LIF3 $NFS_LIF_DOWN $NVME_PORTAL1 $NVME_PORTAL2 \
             $ISCSI_PORTAL1 $ISCSI_PORTAL2; do
        ip addr add "$a/$len" dev $dev
    done
    nft add table inet ontapvm
    nft add chain inet ontapvm in '{ type filter hook input priority 0; }'
    nft add rule inet ontapvm in ip daddr $NFS_LIF_DOWN drop
}

array_scratch() {
    modprobe xfs
    mkfs.xfs -f -q -m reflink=1 -L scratch /dev/vdb
    mkdir -p /srv
    mount -t xfs -o noatime /dev/vdb /srv
}

array_nfs() {
    mkdir -p /srv/export /srv/squash /var/lib/nfs/v4recovery /run/rpc_pipefs
    chmod 1777 /srv/squash
    cat > /etc/exports <<EOT
/srv/export  $ONTAP_NET_CLIENTS(rw,no_root_squash,no_subtree_check,fsid=1,sec=sys)
/srv/squash  $ONTAP_NET_CLIENTS(rw,root_squash,no_subtree_check,fsid=2,sec=sys)
EOT
    modprobe nfsd
    mount -t nfsd nfsd /proc/fs/nfsd 2>/dev/null
    mount -t rpc_pipefs sunrpc /run/rpc_pipefs 2>/dev/null
    # Short lease and grace: the first OPEN must not wait out 90 s of grace.
    echo 10 > /proc/fs/nfsd/nfsv4leasetime
    echo 10 > /proc/fs/nfsd/nfsv4gracetime
    rpcbind -w
    nfsdcld 2>/dev/null
    exportfs -ra
    rpc.mountd
    rpc.nfsd -N 3 8
}

# nvmet_ns SUBSYS NSID IMAGE: a namespace backed by IMAGE, enabled.
nvmet_ns() {
    local ns=/sys/kernel/config/nvmet/subsystems/$1/namespaces/$2
    mkdir "$ns" &&
        echo "$3" > "$ns/device_path" &&
        echo 1 > "$ns/enable"
}

# nvme_ns_fill NSID: (re)write the backing file of namespace NSID of
# NVME_NQN as at boot: sparse and blank, namespace 3 holding ext4 with
# keep.txt (written into the file here, on the array's side).
nvme_ns_fill() {
    local f=/srv/nvme-ns$1.img size
    case $1 in
        "$NVME_NS_BIG") size=8G ;;
        "$NVME_NS_SMALL") size=1G ;;
        "$NVME_NS_EXT4") size=512M ;;
        *) return 1 ;;
    esac
    # Truncating first gives the space back to /srv.
    truncate -s 0 "$f" && truncate -s "$size" "$f" || return 1
    if [ "$1" = "$NVME_NS_EXT4" ]; then
        rm -rf /tmp/nvme-ns3 && mkdir /tmp/nvme-ns3 &&
            echo "$NVME_KEEP_TEXT" > /tmp/nvme-ns3/keep.txt &&
            mkfs.ext4 -q -F -L keep -d /tmp/nvme-ns3 "$f"
    fi
}

# nvme_ns_reset NSID...: namespaces of NVME_NQN as at boot, for a scenario
# that wants a blank one (or ext4 on 3); no host may use them.
nvme_ns_reset() {
    local n en
    for n in "$@"; do
        en=/sys/kernel/config/nvmet/subsystems/$NVME_NQN/namespaces/$n/enable
        echo 0 > "$en" && nvme_ns_fill "$n" && echo 1 > "$en"
    done
}

# nvme_auth_ns_reset: the namespace of NVME_AUTH_NQN blank again.
nvme_auth_ns_reset() {
    local en=/sys/kernel/config/nvmet/subsystems/$NVME_AUTH_NQN/namespaces/$NVME_AUTH_NSID/enable
    echo 0 > "$en" && truncate -s 0 /srv/nvme-auth-ns1.img &&
        truncate -s 512M /srv/nvme-auth-ns1.img && echo 1 > "$en"
}

array_nvmet() {
    local cfg=/sys/kernel/config/nvmet p a s n hostnqn key
    modprobe nvmet && modprobe nvmet-tcp
    # The initiator: nvme-tcp pulls in nvme-fabrics (/dev/nvme-fabrics), as
    # a host set up for NVMe/TCP loads it at boot.
    modprobe nvme-tcp
    for n in $NVME_NS_BIG $NVME_NS_SMALL $NVME_NS_EXT4; do
        nvme_ns_fill "$n"
    done
    truncate -s 512M /srv/nvme-auth-ns1.img

    mkdir "$cfg/subsystems/$NVME_NQN"
    echo 1 > "$cfg/subsystems/$NVME_NQN/attr_allow_any_host"
    for n in $NVME_NS_BIG $NVME_NS_SMALL $NVME_NS_EXT4; do
        nvmet_ns "$NVME_NQN" "$n" "/srv/nvme-ns$n.img"
    done

    # Only this host, with a DH-HMAC-CHAP key (debian's nvme-cli postinst
    # writes the host NQN; a minbase image may lack it).
    [ -s "$NVME_HOSTNQN_FILE" ] || { mkdir -p /etc/nvme && nvme gen-hostnqn > "$NVME_HOSTNQN_FILE"; }
    hostnqn=$(cat "$NVME_HOSTNQN_FILE")
    mkdir -p "$(dirname "$NVME_DHCHAP_KEY_FILE")"
    : > "$NVME_DHCHAP_KEY_FILE"
    mkdir "$cfg/subsystems/$NVME_AUTH_NQN"
    echo 0 > "$cfg/subsystems/$NVME_AUTH_NQN/attr_allow_any_host"
    nvmet_ns "$NVME_AUTH_NQN" $NVME_AUTH_NSID /srv/nvme-auth-ns1.img
    mkdir "$cfg/hosts/$hostnqn"
    if [ -e "$cfg/hosts/$hostnqn/dhchap_key" ]; then
        key=$(nvme gen-dhchap-key --hmac=1 --nqn="$hostnqn")
        echo "$key" > "$cfg/hosts/$hostnqn/dhchap_key"
        echo "$key" > "$NVME_DHCHAP_KEY_FILE"
    else
        echo "array: this kernel's nvmet has no DH-HMAC-CHAP (CONFIG_NVME_TARGET_AUTH)"
    fi
    ln -s "$cfg/hosts/$hostnqn" "$cfg/subsystems/$NVME_AUTH_NQN/allowed_hosts/$hostnqn"

    # Both subsystems on both portals; ANA group 1 is optimized on port 1,
    # non-optimized on port 2.
    p=1
    for a in $NVME_PORTAL1 $NVME_PORTAL2; do
        mkdir "$cfg/ports/$p"
        echo tcp > "$cfg/ports/$p/addr_trtype"
        echo ipv4 > "$cfg/ports/$p/addr_adrfam"
        echo "$a" > "$cfg/ports/$p/addr_traddr"
        echo 4420 > "$cfg/ports/$p/addr_trsvcid"
        for s in $NVME_NQN $NVME_AUTH_NQN; do
            ln -s "$cfg/subsystems/$s" "$cfg/ports/$p/subsystems/$s"
        done
        p=$((p + 1))
    done
    echo non-optimized > "$cfg/ports/2/ana_groups/1/ana_state"
}

# The host side: a one-node o2cb cluster O2CB_CLUSTER, local heartbeat, this
# host at 127.0.0.1:7777, registered and online (what "service o2cb online"
# does).
array_o2cb() {
    local node
    node=$(uname -n)
    mkdir -p /etc/ocfs2 /dlm
    rm -f /etc/ocfs2/cluster.conf
    o2cb add-cluster "$O2CB_CLUSTER" &&
        o2cb add-node "$O2CB_CLUSTER" "$node" --ip 127.0.0.1 --port 7777 --number 0 &&
        o2cb heartbeat-mode "$O2CB_CLUSTER" local
    modprobe ocfs2_stack_o2cb && modprobe ocfs2_dlm && modprobe ocfs2_dlmfs && modprobe ocfs2
    mountpoint -q /dlm || mount -t ocfs2_dlmfs ocfs2_dlmfs /dlm
    [ "$(cat /sys/fs/ocfs2/cluster_stack)" = o2cb ] || echo o2cb > /sys/fs/ocfs2/cluster_stack
    o2cb register-cluster "$O2CB_CLUSTER"
    o2cb cluster-status "$O2CB_CLUSTER"
}

# iscsi_lio_lun NAME IMAGE SIZE SERIAL: a file-backed LIO LUN, enabled.
iscsi_lio_lun() {
    local dev=/sys/kernel/config/target/core/fileio_$1/lun
    truncate -s "$3" "$2"
    mkdir -p "$dev"
    echo "fd_dev_name=$2,fd_dev_size=$(stat -c %s "$2")" > "$dev/control"
    # Without a serial there is no NAA identifier, no WWID and no multipath map.
    echo "$4" > "$dev/wwn/vpd_unit_serial"
    echo 1 > "$dev/enable"
}

# iscsi_read_wwid TARGET FILE [LUN [FILE]]: log in through the first portal
# once, note the WWID of the target's LUN 0 (and of LUN) as multipath names
# it (3 + NAA), log out.
iscsi_read_wwid() {
    local p=$ISCSI_PORTAL1:3260 s d w= w2=
    iscsiadm -m node -T "$1" -p "$p" -o new >/dev/null &&
        iscsiadm -m node -T "$1" -p "$p" -l >/dev/null || return 1
    udevadm settle -t 10
    for s in /sys/class/iscsi_session/session*; do
        [ "$(cat "$s/targetname")" = "$1" ] || continue
        for d in "$s"/device/target*/*:0/block/sd*; do
            [ -e "$d/device/wwid" ] && w=$(cat "$d/device/wwid")
        done
        for d in "$s"/device/target*/*:"${3:-x}"/block/sd*; do
            [ -e "$d/device/wwid" ] && w2=$(cat "$d/device/wwid")
        done
    done
    iscsiadm -m node -T "$1" -p "$p" -u >/dev/null
    iscsiadm -m node -T "$1" -p "$p" -o delete >/dev/null
    [ -n "$w" ] || return 1
    echo "3${w#naa.}" > "$2"
    [ -z "${3:-}" ] || echo "3${w2#naa.}" > "$4"
}

# iscsi_lun_reset [NAME]: LUN NAME (0 or chap) blank again, as at boot; no
# host may use it.
iscsi_lun_reset() {
    local f=/srv/iscsi-lun${1:-0}.img size
    size=$(stat -c %s "$f")
    truncate -s 0 "$f" && truncate -s "$size" "$f"
}

# The host side of iSCSI and FC: an initiator name, iscsid, and multipathd
# with what NetApp recommends on top of the distribution's defaults (new
# WWIDs are multipathed only when asked: find_multipaths strict).
array_initiator() {
    mkdir -p /etc/iscsi /run/lock/iscsi /etc/multipath
    [ -s /etc/iscsi/initiatorname.iscsi ] ||
        echo "InitiatorName=$(iscsi-iname)" > /etc/iscsi/initiatorname.iscsi
    modprobe iscsi_tcp && modprobe dm_multipath
    iscsid
    cat > /etc/multipath.conf <<EOT
defaults {
    user_friendly_names no
    find_multipaths strict
    polling_interval 2
}
EOT
}

array_multipathd() {
    multipathd
}

array_iscsi() {
    local cfg=/sys/kernel/config/target tpg a initiator
    mkdir -p /etc/target "$(dirname "$ISCSI_WWID_FILE")"
    modprobe target_core_mod && modprobe target_core_file && modprobe iscsi_target_mod
    initiator=$(sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi)
    iscsi_lio_lun 0 /srv/iscsi-lun0.img 2G ontapvmlun0
    iscsi_lio_lun 1 /srv/iscsi-lunchap.img 512M ontapvmchap
    iscsi_lio_lun 2 /srv/iscsi-lun1.img 1G ontapvmlun1

    # Target 1: open to any initiator, no authentication, two LUNs.
    tpg=$cfg/iscsi/$ISCSI_IQN/tpgt_1
    mkdir -p "$tpg/lun/lun_0" "$tpg/lun/lun_1"
    ln -s "$cfg/core/fileio_0/lun" "$tpg/lun/lun_0/lun0"
    ln -s "$cfg/core/fileio_2/lun" "$tpg/lun/lun_1/lun1"
    for a in $ISCSI_PORTAL1 $ISCSI_PORTAL2; do
        mkdir "$tpg/np/$a:3260"
    done
    echo 0 > "$tpg/attrib/authentication"
    echo 1 > "$tpg/attrib/generate_node_acls"
    echo 1 > "$tpg/attrib/cache_dynamic_acls"
    echo 0 > "$tpg/attrib/demo_mode_write_protect"
    echo 1 > "$tpg/enable"

    # Target 2: only this initiator, CHAP (switched on once the WWID is read).
    tpg=$cfg/iscsi/$ISCSI_CHAP_IQN/tpgt_1
    mkdir -p "$tpg/lun/lun_0"
    ln -s "$cfg/core/fileio_1/lun" "$tpg/lun/lun_0/lun0"
    for a in $ISCSI_PORTAL1 $ISCSI_PORTAL2; do
        mkdir "$tpg/np/$a:3260"
    done
    echo 0 > "$tpg/attrib/generate_node_acls"
    echo 0 > "$tpg/attrib/authentication"
    mkdir -p "$tpg/acls/$initiator/lun_0"
    ln -s "$tpg/lun/lun_0" "$tpg/acls/$initiator/lun_0/lun0"
    # LIO keeps a trailing newline as part of the value
    printf '%s' "$ISCSI_CHAP_USER" > "$tpg/acls/$initiator/auth/userid"
    printf '%s' "$ISCSI_CHAP_PASSWORD" > "$tpg/acls/$initiator/auth/password"
    printf '%s' "$ISCSI_CHAP_TARGET_USER" > "$tpg/acls/$initiator/auth/userid_mutual"
    printf '%s' "$ISCSI_CHAP_TARGET_PASSWORD" > "$tpg/acls/$initiator/auth/password_mutual"
    echo 1 > "$tpg/enable"

    iscsi_read_wwid "$ISCSI_IQN" "$ISCSI_WWID_FILE" 1 "$ISCSI_LUN1_WWID_FILE"
    iscsi_read_wwid "$ISCSI_CHAP_IQN" "$ISCSI_CHAP_WWID_FILE"
    echo 1 > "$tpg/attrib/authentication"
    echo "array: iSCSI LUN WWIDs $(cat "$ISCSI_WWID_FILE") $(cat "$ISCSI_LUN1_WWID_FILE") $(cat "$ISCSI_CHAP_WWID_FILE")"
}
