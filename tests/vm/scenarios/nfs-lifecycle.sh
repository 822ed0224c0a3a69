# NFS mode: define -> build -> start -> refresh -> stop -> delete, and
# autostart when the daemon starts.
# shellcheck shell=bash

target=/var/lib/libvirt/ontap/nfs-life
xml=$(pool_xml nfs-life <<EOT
<pool type='ontap'>
  <name>nfs-life</name>
  <source>
    <protocol name='nfs' ver='4.2'/>
    <host name='$NFS_LIF1'/>
    <dir path='/srv/export'/>
  </source>
  <target><path>$target</path></target>
</pool>
EOT
)

check nfs-define "pool-define" virsh pool-define "$xml"
check nfs-build "pool-build creates $target" sh -c "virsh pool-build nfs-life && [ -d $target ]"
t=$(uptime_s)
if virsh pool-start nfs-life; then
    src=$(findmnt -n -o SOURCE,FSTYPE "$target")
    check nfs-start "mounted '$src' in $(since "$t")s" [ "$src" = "$NFS_LIF1:/srv/export nfs4" ]
else
    check_fail nfs-start "pool-start failed"
fi
opts=$(findmnt -n -o OPTIONS "$target")
check nfs-mount-options "$opts" sh -c "echo '$opts' | grep -E 'vers=4.2.*' | grep nosuid | grep nodev | grep noexec >/dev/null"
echo hello > /srv/export/from-server.txt
virsh pool-refresh nfs-life
check nfs-refresh "the volume written on the server is listed" \
    sh -c "virsh vol-list nfs-life | grep from-server.txt >/dev/null"
cap=$(virsh pool-info --bytes nfs-life | awk '/^Capacity:/ { print $2 }')
check nfs-capacity "capacity ${cap} bytes from statvfs" [ "${cap:-0}" -gt 0 ]
virsh pool-dumpxml nfs-life > "$ONTAP_OUT/$ONTAP_SCENARIO/active.xml"
check nfs-live-xml "the active pool's XML shows the live path" \
    sh -c "grep \"<path address='$NFS_LIF1' state='up'\" $ONTAP_OUT/$ONTAP_SCENARIO/active.xml >/dev/null"
check nfs-live-ignored "define ignores the live state" virsh pool-define "$ONTAP_OUT/$ONTAP_SCENARIO/active.xml"
check nfs-stop "pool-destroy unmounts" sh -c "virsh pool-destroy nfs-life && ! mountpoint -q $target"
check nfs-delete "pool-delete removes the target" sh -c "virsh pool-delete nfs-life && [ ! -e $target ]"
check nfs-undefine "pool-undefine" virsh pool-undefine nfs-life
rm -f /srv/export/from-server.txt

# Autostart: the pool comes up when the daemon starts.
virsh pool-define "$xml" >/dev/null && virsh pool-build nfs-life >/dev/null && virsh pool-autostart nfs-life >/dev/null
daemon_restart --boot
state=$(virsh pool-info nfs-life | awk '/^State:/ { print $2 }')
check nfs-autostart "state '$state' after the daemon started, target mounted" \
    sh -c "[ '$state' = running ] && mountpoint -q $target"
virsh pool-destroy nfs-life >/dev/null
virsh pool-delete nfs-life >/dev/null
virsh pool-undefine nfs-life >/dev/null
