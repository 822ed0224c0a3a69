# The array stand-in of the real-kernel harness (sourced): loopback-range
# addresses acting as the array's data LIFs and portals, a scratch XFS with
# reflink, knfsd exporting it, an nvmet-tcp subsystem on two addresses and an
# LIO iSCSI target with two portals.
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

NFS_LIF1=127.0.10.1
NFS_LIF2=127.0.10.2
NFS_LIF3=127.0.10.3
NFS_LIF_DOWN=127.0.10.9      # configured, but every packet to it is dropped
NVME_PORTAL1=127.0.20.1
NVME_PORTAL2=127.0.20.2
NVME_NQN=nqn.2024-01.org.libvirt-ontap:vm.nvme1
ISCSI_PORTAL1=127.0.30.1
ISCSI_PORTAL2=127.0.30.2
ISCSI_IQN=iqn.2024-01.org.libvirt-ontap:vm.target1

# lo keeps 127.0.0.0/8 reachable as a whole; narrowing it to /32 addresses
# makes "ip addr del" a real path failure.
array_addresses() {
    local a
    ip addr del 127.0.0.1/8 dev lo 2>/dev/null
    ip addr replace 127.0.0.1/32 dev lo
    for a in $NFS_LIF1 $NFS_LIF2 $NFS_LIF3 $NFS_LIF_DOWN $NVME_PORTAL1 $NVME_PORTAL2 \
             $ISCSI_PORTAL1 $ISCSI_PORTAL2; do
        ip addr add $a/32 dev lo
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
/srv/export  127.0.0.0/8(rw,no_root_squash,no_subtree_check,fsid=1,sec=sys)
/srv/squash  127.0.0.0/8(rw,root_squash,no_subtree_check,fsid=2,sec=sys)
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

array_nvmet() {
    local cfg=/sys/kernel/config/nvmet p a
    modprobe nvmet && modprobe nvmet-tcp
    truncate -s 4G /srv/nvme-ns1.img
    mkdir "$cfg/subsystems/$NVME_NQN"
    echo 1 > "$cfg/subsystems/$NVME_NQN/attr_allow_any_host"
    mkdir "$cfg/subsystems/$NVME_NQN/namespaces/1"
    echo /srv/nvme-ns1.img > "$cfg/subsystems/$NVME_NQN/namespaces/1/device_path"
    echo 1 > "$cfg/subsystems/$NVME_NQN/namespaces/1/enable"
    p=1
    for a in $NVME_PORTAL1 $NVME_PORTAL2; do
        mkdir "$cfg/ports/$p"
        echo tcp > "$cfg/ports/$p/addr_trtype"
        echo ipv4 > "$cfg/ports/$p/addr_adrfam"
        echo "$a" > "$cfg/ports/$p/addr_traddr"
        echo 4420 > "$cfg/ports/$p/addr_trsvcid"
        ln -s "$cfg/subsystems/$NVME_NQN" "$cfg/ports/$p/subsystems/$NVME_NQN"
        p=$((p + 1))
    done
}

array_iscsi() {
    local cfg=/sys/kernel/config/target tpg a
    mkdir -p /etc/target
    modprobe target_core_mod && modprobe target_core_file && modprobe iscsi_target_mod
    truncate -s 2G /srv/iscsi-lun0.img
    mkdir -p "$cfg/core/fileio_0/lun0"
    echo "fd_dev_name=/srv/iscsi-lun0.img,fd_dev_size=2147483648" > "$cfg/core/fileio_0/lun0/control"
    # Without a serial there is no NAA identifier, no WWID and no multipath map.
    echo "ontapvmlun0" > "$cfg/core/fileio_0/lun0/wwn/vpd_unit_serial"
    echo 1 > "$cfg/core/fileio_0/lun0/enable"
    tpg=$cfg/iscsi/$ISCSI_IQN/tpgt_1
    mkdir -p "$tpg/lun/lun_0"
    ln -s "$cfg/core/fileio_0/lun0" "$tpg/lun/lun_0/lun0"
    for a in $ISCSI_PORTAL1 $ISCSI_PORTAL2; do
        mkdir "$tpg/np/$a:3260"
    done
    echo 0 > "$tpg/attrib/authentication"
    echo 1 > "$tpg/attrib/generate_node_acls"
    echo 1 > "$tpg/attrib/cache_dynamic_acls"
    echo 0 > "$tpg/attrib/demo_mode_write_protect"
    echo 1 > "$tpg/enable"
}
