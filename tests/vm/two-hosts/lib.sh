# Helpers of the two-host scenarios (sourced by run-two-hosts.sh). They run
# on the machine outside the guests: the guests' agents (guest/agent) run
# the commands given here, in a shell with the harness's guest helpers
# (guest/lib.sh, array.sh, two-hosts.sh).
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

# A multicast group and port of this run only: two runs on one machine
# must not share a network.
TWO_HOSTS_MCAST=230.77.$(( $$ % 250 + 1 )).1:$(( 40000 + $$ % 20000 ))
TWO_HOSTS_CMD_TIMEOUT=900
declare -A TWO_HOSTS_BOOTS=()

# The result helpers (check, check_pass, check_fail, info, errors) are the
# guest's own, writing to this run's results.txt.
ONTAP_OUT=$TWO_HOSTS_OUT
. "$TWO_HOSTS_TOP/tests/vm/guest/lib.sh"

# two_hosts_boot NODE: start the guest NODE (array, a or b). The hosts
# keep their root disk across boots (a qcow2 overlay of the image), as a
# rebooted host keeps its pool definitions; the array's is a snapshot.
two_hosts_boot() {
    local n=$1 dir=$TWO_HOSTS_OUT/$1 mem=1536 mac role=host boot root disks=()
    TWO_HOSTS_BOOTS[$n]=$(( ${TWO_HOSTS_BOOTS[$n]:-0} + 1 ))
    boot=${TWO_HOSTS_BOOTS[$n]}
    mkdir -p "$dir"
    rm -rf "$dir/cmd" "$dir/ready"
    case $n in
        a) mac=52:54:00:77:00:01 ;;
        b) mac=52:54:00:77:00:02 ;;
        array) mac=52:54:00:77:00:10 role=array mem=2048 ;;
    esac
    if [ $role = array ]; then
        truncate -s 16G "$TWO_HOSTS_OUT/array-scratch.img"
        disks=(-drive "file=$TWO_HOSTS_IMG/root.img,if=virtio,format=raw,cache=unsafe,snapshot=on"
               -drive "file=$TWO_HOSTS_OUT/array-scratch.img,if=virtio,format=raw,cache=unsafe")
    else
        root=$TWO_HOSTS_OUT/$n-root.qcow2
        [ -e "$root" ] || qemu-img create -q -f qcow2 -F raw -b "$TWO_HOSTS_IMG/root.img" "$root"
        # writeback: a killed QEMU must leave a disk the next boot can read.
        disks=(-drive "file=$root,if=virtio,format=qcow2,cache=writeback")
    fi
    qemu-system-x86_64 \
        -accel tcg,thread=multi -cpu max -m "$mem" -smp 1 \
        -nographic -no-reboot \
        -netdev "socket,id=n0,mcast=$TWO_HOSTS_MCAST,localaddr=127.0.0.1" \
        -device "virtio-net-pci,netdev=n0,mac=$mac" \
        -kernel "$TWO_HOSTS_IMG/vmlinuz" -initrd "$TWO_HOSTS_IMG/initrd.img" \
        -append "console=ttyS0 root=/dev/vda rw init=/sbin/ontap-vm-init loglevel=4 panic=-1 mitigations=off modprobe.blacklist=floppy net.ifnames=0 ontap.top=$TWO_HOSTS_TOP ontap.role=$role ontap.node=$n ontap.boot=$boot" \
        "${disks[@]}" \
        -virtfs "local,path=$TWO_HOSTS_TOP,mount_tag=top,security_model=none,readonly=on" \
        -virtfs "local,path=$dir,mount_tag=out,security_model=none" \
        >>"$dir/console.log" 2>&1 </dev/null &
    echo $! > "$dir/qemu.pid"
    # Killed on purpose: no "Killed" notice from this shell.
    disown $!
}

# two_hosts_alive NODE: its QEMU runs.
two_hosts_alive() {
    kill -0 "$(cat "$TWO_HOSTS_OUT/$1/qemu.pid" 2>/dev/null)" 2>/dev/null
}

# two_hosts_wait_ready NODE [SECONDS]: wait until NODE's agent is set up.
two_hosts_wait_ready() {
    local end=$(( $(date +%s) + ${2:-600} ))
    while [ "$(date +%s)" -lt $end ]; do
        [ -e "$TWO_HOSTS_OUT/$1/ready" ] && return 0
        two_hosts_alive "$1" || return 1
        sleep 1
    done
    return 1
}

# two_hosts_kill NODE: end NODE's QEMU at once, as a host that loses power.
two_hosts_kill() {
    local pid
    pid=$(cat "$TWO_HOSTS_OUT/$1/qemu.pid")
    kill -9 "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

# two_hosts_shutdown: power every guest off (bounded), then kill what is left.
two_hosts_shutdown() {
    local n i
    for n in array a b; do
        [ -d "$TWO_HOSTS_OUT/$n/cmd" ] && touch "$TWO_HOSTS_OUT/$n/cmd/poweroff"
    done
    for i in $(seq 120); do
        two_hosts_alive a || two_hosts_alive b || two_hosts_alive array || break
        sleep 1
    done
    for n in array a b; do
        two_hosts_alive "$n" && two_hosts_kill "$n"
    done
    rm -f "$TWO_HOSTS_OUT/array-scratch.img" "$TWO_HOSTS_OUT"/*-root.qcow2
}

# on_bg NODE COMMAND: start COMMAND (a shell text) on NODE; prints its id.
TWO_HOSTS_SEQ=0
on_bg() {
    local dir=$TWO_HOSTS_OUT/$1/cmd id
    TWO_HOSTS_SEQ=$(( TWO_HOSTS_SEQ + 1 ))
    id=$(printf '%s-%05d-%s' "$(date +%s)" "$TWO_HOSTS_SEQ" "$BASHPID")
    printf '%s\n' "$2" > "$dir/$id.tmp" && mv "$dir/$id.tmp" "$dir/$id.sh"
    echo "$id"
}

# on_wait NODE ID [SECONDS]: wait for command ID, print its output, return
# its status (124 when it did not end in time, 125 when NODE went away).
on_wait() {
    local dir=$TWO_HOSTS_OUT/$1/cmd end=$(( $(date +%s) + ${3:-$TWO_HOSTS_CMD_TIMEOUT} ))
    while [ ! -e "$dir/$2.rc" ]; do
        two_hosts_alive "$1" || return 125
        [ "$(date +%s)" -lt $end ] || return 124
        sleep 0.2
    done
    cat "$dir/$2.out"
    return "$(cat "$dir/$2.rc")"
}

# on NODE COMMAND: run COMMAND on NODE and wait for it.
on() {
    local id
    id=$(on_bg "$1" "$2") || return 1
    on_wait "$1" "$id"
}

# sp_load MODE: the variables that describe the shared pool of MODE (a
# scenario's name) to shared_pool_checks and shared_pools_crash, as guest
# shell texts run on the hosts unless said otherwise:
#   SP_POOL     the pool's name
#   SP_RESET    on the array: the pool's namespace, LUN or export blank
#   SP_UP       define, build and start the pool
#   SP_DEV      the pool's block device ("" for NFS)
#   SP_OWN      succeeds when the pool's XML shows this host's own paths
#   SP_HELD     prints "paths N mounted yes|no": this host's paths to the
#               pool's namespace, LUN or export (controllers, SCSI disks or
#               transports) and the mount
#   SP_UP_HELD  what SP_HELD prints while the pool runs
#   SP_MOUNTED  prints the cluster nodes that have the filesystem mounted
#               ("" for NFS)
#   SP_RECOVERY what the survivor waits for when a host dies (for INFO)
#   SP_GUARDS   a function of more checks while both hosts run it, or ""
sp_load() {
    local o2cb="o2cb declares a node dead after 30 s without heartbeat (dead_threshold 16)"
    case $1 in
        nvme-ocfs2)
            SP_POOL=th-nv
            SP_RESET="nvme_ns_reset \$NVME_NS_BIG"
            SP_UP="nvme_pool_up $SP_POOL \$NVME_NS_BIG"
            SP_DEV="/dev/\$(nvme_head \$NVME_NQN \$NVME_NS_BIG)"
            SP_OWN="th_nvme_own_paths $SP_POOL"
            SP_HELD="th_held \"\$(nvme_count \$NVME_NQN live)\" $SP_POOL"
            SP_UP_HELD="paths 2 mounted yes"
            SP_MOUNTED="mounted.ocfs2 -f $SP_DEV | tail -n1"
            SP_RECOVERY=$o2cb
            SP_GUARDS=ocfs2_guard_checks ;;
        iscsi-ocfs2)
            SP_POOL=th-is
            SP_RESET="iscsi_lun_reset 0"
            SP_UP="iscsi_pool_up $SP_POOL"
            SP_DEV="/dev/mapper/\$(cat \$ISCSI_WWID_FILE)"
            SP_OWN="th_iscsi_own_paths $SP_POOL"
            SP_HELD="th_held \"\$(scsi_disks \$(cat \$ISCSI_WWID_FILE) | wc -l)\" $SP_POOL"
            SP_UP_HELD="paths 2 mounted yes"
            SP_MOUNTED="mounted.ocfs2 -f $SP_DEV | tail -n1"
            SP_RECOVERY=$o2cb
            SP_GUARDS=ocfs2_guard_checks ;;
        iscsi-gfs2)
            SP_POOL=th-gfs
            SP_RESET="iscsi_lun_reset 1"
            SP_UP="th_gfs2_up $SP_POOL"
            SP_DEV="/dev/mapper/\$(cat \$ISCSI_LUN1_WWID_FILE)"
            SP_OWN="th_iscsi_own_paths $SP_POOL"
            SP_HELD="th_held \"\$(scsi_disks \$(cat \$ISCSI_LUN1_WWID_FILE) | wc -l)\" $SP_POOL"
            SP_UP_HELD="paths 2 mounted yes"
            SP_MOUNTED="th_gfs2_mounted $SP_POOL"
            SP_RECOVERY="corosync declares a node lost after its 20 s token timeout, then the DLM and GFS2 recover its journal"
            SP_GUARDS=gfs2_guard_checks ;;
        nfs-trunking)
            SP_POOL=th-nfs
            SP_RESET="rm -rf /srv/export/th && mkdir /srv/export/th"
            SP_UP="th_nfs_up $SP_POOL"
            SP_DEV=
            SP_OWN="th_nfs_own_paths $SP_POOL"
            SP_HELD="th_held \"\$(th_nfs_transports)\" $SP_POOL"
            SP_UP_HELD="paths 3 mounted yes"
            SP_MOUNTED=
            SP_RECOVERY="NFS: no cluster to recover, the server keeps a's state until its lease ends"
            SP_GUARDS= ;;
        *) return 1 ;;
    esac
}

# sp_start_both: the pool started on a, then on b (for a block pool, b's
# build finds a's filesystem and leaves it as it is); sets fs_a.
sp_start_both() {
    local s=$1 err rc fs_b m
    on array "$SP_RESET" >/dev/null
    err=$(on a "$SP_UP")
    check $s-start-a "host a: define, build, start $err" [ $? = 0 ]
    if [ -n "$SP_DEV" ]; then
        fs_a=$(on a "blkid -s UUID -o value $SP_DEV")
        err=$(on b "$SP_UP")
        rc=$?
        fs_b=$(on b "blkid -s UUID -o value $SP_DEV")
        check $s-second-build "host b: build and start (status $rc $err) leave a's filesystem $fs_a as it is: $fs_b" \
            sh -c "[ $rc = 0 ] && [ -n '$fs_a' ] && [ '$fs_a' = '$fs_b' ]"
        m=$(on b "$SP_MOUNTED")
        check $s-mounted-both "both hosts have it mounted, as b sees it: $m" \
            sh -c "echo '$m' | grep host-a >/dev/null && echo '$m' | grep host-b >/dev/null"
    else
        err=$(on b "$SP_UP")
        check $s-start-b "host b: define, build, start $err" [ $? = 0 ]
    fi
}

# sp_remove_both NAME: the pool stopped and undefined on both hosts, which
# then hold none of its paths.
sp_remove_both() {
    local n out
    local -A id=()
    for n in a b; do
        id[$n]=$(on_bg $n "pool_remove $SP_POOL; $SP_HELD")
    done
    for n in a b; do
        out=$(on_wait $n "${id[$n]}")
        check $1-removed-$n "host $n after stop and undefine: $out" [ "$out" = "paths 0 mounted no" ]
    done
}

# shared_pool_checks MODE: what the pool of MODE (see sp_load) does on two
# hosts, but a host's crash (shared_pools_crash, for every mode at once).
shared_pool_checks() {
    local s=$TWO_HOSTS_SCENARIO p t n out sum got ia ib ra rb sa sb iw before err rc fs_a left
    sp_load "$1" || { check_fail "$s" "no shared pool mode '$1'"; return 1; }
    p=$SP_POOL t=/var/lib/libvirt/ontap/$SP_POOL

    sp_start_both $s
    for n in a b; do
        out=$(on $n "$SP_OWN")
        check $s-paths-$n "host $n's pool XML shows its own paths: $out" [ $? = 0 ]
    done
    [ -z "${SP_GUARDS:-}" ] || "$SP_GUARDS"

    # 256 MiB through a's volume, read on b; a's clone, read on b.
    sum=$(on a "virsh vol-create-as $p shared.raw 256M --format raw >/dev/null && th_random /tmp/shared.bin 256 &&
                dd if=/tmp/shared.bin of=$t/shared.raw bs=1M conv=fsync,notrunc status=none")
    got=$(on b "virsh pool-refresh $p >/dev/null && virsh vol-list $p | grep shared.raw >/dev/null && th_sum $t/shared.raw")
    info "$s: 256 MiB written on a sha256 $sum, read on b $got"
    check $s-volume-on-b "a's volume after b's pool-refresh: sha256 a $sum, b $got" \
        sh -c "[ -n '$sum' ] && [ '$sum' = '$got' ]"
    out=$(on a "virsh vol-clone --pool $p shared.raw clone.raw 2>&1 >/dev/null")
    got=$(on b "virsh pool-refresh $p >/dev/null && th_sum $t/clone.raw")
    check $s-clone-on-b "a's vol-clone read on b: sha256 $got (source $sum) $(errors "$out")" \
        sh -c "[ -n '$sum' ] && [ '$sum' = '$got' ]"

    # Both hosts create a volume at the same moment.
    ia=$(on_bg a "virsh vol-create-as $p from-a.qcow2 128M --format qcow2")
    ib=$(on_bg b "virsh vol-create-as $p from-b.qcow2 128M --format qcow2")
    ra=$(on_wait a "$ia" 2>&1); sa=$?
    rb=$(on_wait b "$ib" 2>&1); sb=$?
    for n in a b; do
        out=$(on $n "virsh pool-refresh $p >/dev/null && qemu-img check -q $t/from-a.qcow2 && qemu-img check -q $t/from-b.qcow2 &&
                     virsh vol-list $p | grep -c 'from-[ab].qcow2'")
        check $s-concurrent-$n "creates on a (status $sa) and b (status $sb) at once: host $n sees $out, qemu-img check clean $(errors "$ra $rb")" \
            [ "$out" = 2 ]
    done

    # a stops the pool while b writes.
    sum=$(on b "virsh vol-create-as $p during-stop.raw 128M --format raw >/dev/null && th_random /tmp/stop.bin 128")
    iw=$(on_bg b "dd if=/tmp/stop.bin of=$t/during-stop.raw bs=1M conv=fsync,notrunc status=none && th_sum $t/during-stop.raw")
    sleep 3
    before=$(on a "$SP_HELD")
    out=$(on a "virsh pool-destroy $p >/dev/null 2>&1; $SP_HELD")
    left=$(on a "th_leftovers")
    got=$(on_wait b "$iw")
    check $s-stop-a-paths "pool-destroy on a while b writes: a had $before, has $out, holds '$left'" \
        sh -c "[ '$before' = '$SP_UP_HELD' ] && [ '$out' = 'paths 0 mounted no' ] && [ -z '$left' ]"
    check $s-stop-a-write "b's write during a's stop: sha256 $got (written $sum)" \
        sh -c "[ -n '$sum' ] && [ '$sum' = '$got' ]"
    out=$(on b "$SP_HELD")
    check $s-stop-a-b-untouched "b after a's stop: $out" [ "$out" = "$SP_UP_HELD" ]
    err=$(on a "virsh pool-start $p 2>&1 >/dev/null && th_sum $t/during-stop.raw")
    rc=$?
    check $s-restart-a "host a starts the pool again (status $rc) and reads b's file: sha256 $err (written $sum)" \
        sh -c "[ $rc = 0 ] && [ '$err' = '$sum' ]"

    sp_remove_both $s
    for n in a b; do
        out=$(on $n "th_leftovers")
        check $s-nothing-left-$n "host $n with the pool undefined holds: '$out'" [ -z "$out" ]
    done
}

# shared_pools_crash MODE...: the pools of every MODE run on both hosts at
# once; host a is killed hard (its QEMU) while b writes to each; b goes on
# once the clusters have recovered a (the stall measured per pool) and
# loses nothing; a, rebooted, starts every pool again; a deletes a volume
# b holds open; then both hosts let go of everything.
shared_pools_crash() {
    local s=$TWO_HOSTS_SCENARIO m n p t out res killed held ih got
    local -A sum=() before=() iw=() dev=() pool=() mounted=()
    for m in "$@"; do
        sp_load "$m" || { check_fail "$s" "no shared pool mode '$m'"; return 1; }
        sp_start_both $s-$m
        pool[$m]=$SP_POOL dev[$m]=$SP_DEV mounted[$m]=$SP_MOUNTED
    done
    for m in "$@"; do
        sp_load "$m"; p=$SP_POOL t=/var/lib/libvirt/ontap/$p
        sum[$m]=$(on b "virsh vol-create-as $p during-crash.raw 32M --format raw >/dev/null && th_random /tmp/crash-$p.bin 32")
        before[$m]=$(on b "$SP_HELD")
    done
    for m in "$@"; do
        p=${pool[$m]} t=/var/lib/libvirt/ontap/${pool[$m]}
        iw[$m]=$(on_bg b "th_write_loop /tmp/crash-$p.bin $t/during-crash.raw 90")
    done
    sleep 10
    held=
    for m in "$@"; do
        sp_load "$m"
        held="$held$(on a "$SP_HELD"),"
    done
    two_hosts_kill a
    killed=$(date +%s)
    for m in "$@"; do
        sp_load "$m"
        res=$(on_wait b "${iw[$m]}")
        info "$s-$m: host a killed while b wrote one synced MiB at a time: $res (stall: the longest MiB, in seconds; $SP_RECOVERY)"
        check $s-$m-b-writes "b (${before[$m]}) writes while a is killed: $res" \
            sh -c "[ '${before[$m]}' = '$SP_UP_HELD' ] && echo '$res' | grep 'same yes$' >/dev/null"
        if [ -n "$SP_DEV" ]; then
            out=$(on b "$SP_MOUNTED")
            check $s-$m-b-alone "after recovery only b has it mounted: $out" \
                sh -c "echo '$out' | grep host-b >/dev/null && ! echo '$out' | grep host-a >/dev/null"
        fi
    done
    check $s-a-held "host a held every pool when it was killed: $held" \
        sh -c "[ '$held' = '$(for m in "$@"; do sp_load "$m"; printf '%s,' "$SP_UP_HELD"; done)' ]"

    two_hosts_boot a
    if two_hosts_wait_ready a; then
        info "$s: host a set up again $(( $(date +%s) - killed ))s after it was killed"
        for m in "$@"; do
            p=${pool[$m]} t=/var/lib/libvirt/ontap/${pool[$m]}
            got=$(on a "virsh pool-start $p >/dev/null && th_sum $t/during-crash.raw")
            check $s-$m-reboot-a "rebooted a starts the pool and reads b's file: sha256 $got (b wrote ${sum[$m]})" \
                sh -c "[ -n '${sum[$m]}' ] && [ '${sum[$m]}' = '$got' ]"
        done
    else
        check_fail $s-reboot-a "host a did not come back up"
    fi

    # a deletes a volume b holds open: the filesystem keeps the file until
    # its last user anywhere closes it, so b reads on (docs/storage.rst).
    for m in "$@"; do
        p=${pool[$m]} t=/var/lib/libvirt/ontap/${pool[$m]}
        ih=$(on_bg b "rm -f /tmp/held /tmp/deleted; exec 3< $t/during-crash.raw || exit 1; touch /tmp/held
                      while [ ! -e /tmp/deleted ]; do sleep 0.2; done
                      echo 3 > /proc/sys/vm/drop_caches && sha256sum <&3 | cut -c1-16")
        on b "for i in \$(seq 300); do [ -e /tmp/held ] && break; sleep 0.2; done" >/dev/null
        out=$(on a "virsh vol-delete --pool $p during-crash.raw 2>&1 >/dev/null; test ! -e $t/during-crash.raw && echo gone")
        on b "touch /tmp/deleted" >/dev/null
        got=$(on_wait b "$ih")
        check $s-$m-delete-open "vol-delete on a ($out there) of a volume b holds open: b reads on, sha256 $got (was ${sum[$m]})" \
            sh -c "[ '$out' = gone ] && [ -n '${sum[$m]}' ] && [ '${sum[$m]}' = '$got' ]"
        on b "rm -f /tmp/held /tmp/deleted" >/dev/null
    done

    for m in "$@"; do
        sp_load "$m"
        sp_remove_both $s-$m
    done
    for n in a b; do
        out=$(on $n "th_leftovers")
        check $s-nothing-left-$n "host $n with every pool undefined holds: '$out'" [ -z "$out" ]
    done
}

# ocfs2_guard_checks (an SP_GUARDS of shared_pool_checks, which sets fs_a):
# with the pool stopped on b, a build with --overwrite there refuses to
# erase the OCFS2 a has mounted, naming host-a; a start on b while its o2cb
# cluster is offline fails naming the step and leaves nothing connected;
# b then starts the pool again.
ocfs2_guard_checks() {
    local s=$TWO_HOSTS_SCENARIO p=$SP_POOL out rc fs held
    on b "virsh pool-destroy $p" >/dev/null 2>&1
    out=$(on b "virsh pool-build $p --overwrite 2>&1")
    rc=$?
    fs=$(on a "blkid -s UUID -o value $SP_DEV")
    check $s-overwrite-refused "pool-build --overwrite on b while a has it mounted (status $rc): '$(errors "$out")'; a's filesystem now $fs" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep 'is mounted on host-a' >/dev/null && [ '$fs' = '$fs_a' ]" - "$out"
    out=$(on b "o2cb unregister-cluster \$O2CB_CLUSTER >/dev/null && virsh pool-start $p 2>&1")
    rc=$?
    held=$(on b "th_leftovers")
    check $s-cluster-offline "pool-start on b with its o2cb cluster offline (status $rc): '$(errors "$out")'; b holds '$held'" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep 'o2cb register-cluster' >/dev/null && [ -z '$held' ]" - "$out"
    out=$(on b "two_hosts_o2cb_online >/dev/null && virsh pool-start $p 2>&1 >/dev/null")
    rc=$?
    check $s-cluster-back "pool-start on b once the cluster is online again (status $rc) $(errors "$out")" [ $rc = 0 ]
}

# gfs2_guard_checks (an SP_GUARDS of shared_pool_checks, which sets fs_a):
# with the pool stopped on b, a build with --overwrite there refuses to
# erase the GFS2 a has mounted, naming host-a (the DLM lockspace's members
# as corosync lists them); a start on b while b is cut off from a (its
# corosync partition not quorate) fails saying so and leaves nothing
# connected; b back in the cluster starts the pool again.
gfs2_guard_checks() {
    local s=$TWO_HOSTS_SCENARIO p=$SP_POOL out rc fs held q
    on b "virsh pool-destroy $p" >/dev/null 2>&1
    out=$(on b "virsh pool-build $p --overwrite 2>&1")
    rc=$?
    fs=$(on a "blkid -s UUID -o value $SP_DEV")
    check $s-overwrite-refused "pool-build --overwrite on b while a has it mounted (status $rc): '$(errors "$out")'; a's filesystem now $fs" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep 'is mounted on host-a' >/dev/null && [ '$fs' = '$fs_a' ]" - "$out"
    q=$(on b "th_corosync_stop && two_hosts_corosync 5499 >/dev/null && th_quorum_wait 'not quorate members host-b '")
    out=$(on b "virsh pool-start $p 2>&1")
    rc=$?
    held=$(on b "th_leftovers")
    check $s-not-quorate "pool-start on b cut off from a (corosync: $q; status $rc): '$(errors "$out")'; b holds '$held'" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep 'is not quorate' >/dev/null && [ -z '$held' ]" - "$out"
    q=$(on b "th_corosync_stop && two_hosts_corosync >/dev/null && th_quorum_wait 'quorate members host-a host-b '")
    out=$(on b "virsh pool-start $p 2>&1 >/dev/null")
    rc=$?
    check $s-cluster-back "pool-start on b back in the cluster (corosync: $q; status $rc) $(errors "$out")" [ $rc = 0 ]
}
