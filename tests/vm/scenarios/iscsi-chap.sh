# iSCSI mode with CHAP: the password lives in a libvirt secret (usage type
# iscsi) that the pool names. The LIO target admits this initiator only,
# with CHAP. A wrong password fails build with a message that says so and
# leaves no session or node record; the right one builds and starts. The
# password never shows in the pool XML, the daemon's log or a process's
# arguments (it goes into the node record, 0600).
# shellcheck shell=bash

name=is-chap
target=/var/lib/libvirt/ontap/$name
usage=is-chap-password
uuid=1b7d0c3e-5a2f-4c6b-8e9d-3f4a5b6c7d8e
iscsi_cleanup
iscsi_lun_reset chap

set_password() {
    printf '%s' "$1" > /tmp/is-chap.pw
    virsh_secret secret-set-value --secret $uuid --file /tmp/is-chap.pw --plain >/dev/null
    rm -f /tmp/is-chap.pw
}

cat > /tmp/is-chap-secret.xml <<EOT
<secret ephemeral='no' private='yes'>
  <uuid>$uuid</uuid>
  <usage type='iscsi'><target>$usage</target></usage>
</secret>
EOT
virsh_secret secret-define /tmp/is-chap-secret.xml >/dev/null
iscsi_pool $name "<auth type='chap' username='$ISCSI_CHAP_USER'><secret usage='$usage'/></auth>" \
    "$ISCSI_PORTAL1 $ISCSI_PORTAL2" "$ISCSI_CHAP_IQN" "$(cat "$ISCSI_CHAP_WWID_FILE")" ||
    check_fail iscsi-chap-define "pool-define failed"

set_password "not-the-password"
t=$(uptime_s)
out=$(virsh pool-build $name 2>&1)
rc=$?
check iscsi-chap-wrong "wrong password: build failed (status $rc) in $(since "$t")s: $(errors "$out")" \
    sh -c "[ $rc != 0 ]"
echo "$out" > /tmp/is-chap-out.txt
check iscsi-chap-wrong-message "the message says CHAP failed, for both portals" \
    sh -c "grep -F '$ISCSI_PORTAL1:3260 (operation failed: CHAP authentication failed' /tmp/is-chap-out.txt >/dev/null &&
           grep -F '$ISCSI_PORTAL2:3260 (operation failed: CHAP authentication failed' /tmp/is-chap-out.txt >/dev/null"
check iscsi-chap-wrong-clean "nothing left: $(iscsi_sessions "$ISCSI_CHAP_IQN" | wc -l) sessions, $(iscsi_records "$ISCSI_CHAP_IQN") records" \
    sh -c "[ $(iscsi_sessions "$ISCSI_CHAP_IQN" | wc -l) = 0 ] && [ $(iscsi_records "$ISCSI_CHAP_IQN") = 0 ]"

set_password "$ISCSI_CHAP_PASSWORD"
# Watch the process table while the pool logs in.
( for _ in $(seq 200); do cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\0' ' '; echo; sleep 0.05; done ) > /tmp/is-chap-ps.txt &
watcher=$!
out=$( (virsh pool-build $name && virsh pool-start $name) 2>&1)
rc=$?
kill $watcher 2>/dev/null; wait $watcher 2>/dev/null
n=$(iscsi_sessions "$ISCSI_CHAP_IQN" | grep -c LOGGED_IN)
check iscsi-chap-right "right password: build and start (status $rc), $n sessions: $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ $n = 2 ] && mountpoint -q $target"
leaks=
grep -F -- "$ISCSI_CHAP_PASSWORD" /tmp/is-chap-ps.txt >/dev/null && leaks="$leaks process-arguments"
virsh pool-dumpxml $name | grep -F -- "$ISCSI_CHAP_PASSWORD" >/dev/null && leaks="$leaks pool-xml"
grep -F -- "$ISCSI_CHAP_PASSWORD" "$ONTAP_OUT/$ONTAP_SCENARIO/virtstoraged.log" >/dev/null && leaks="$leaks daemon-log"
rec=$(find "/etc/iscsi/nodes/$ISCSI_CHAP_IQN" -type f | head -n1)
check iscsi-chap-secret "the password is only in the node record ($(stat -c %a "$rec")): leaks '${leaks:-none}'" \
    sh -c "[ -z '$leaks' ] && [ \$(stat -c %a '$rec') = 600 ]"

virsh pool-destroy $name >/dev/null
check iscsi-chap-stop "stop: $(iscsi_sessions "$ISCSI_CHAP_IQN" | wc -l) sessions, $(iscsi_records "$ISCSI_CHAP_IQN") records" \
    sh -c "[ $(iscsi_sessions "$ISCSI_CHAP_IQN" | wc -l) = 0 ] && [ $(iscsi_records "$ISCSI_CHAP_IQN") = 0 ]"
# Mutual CHAP: the target proves itself with a password of its own, from
# a second secret.
tuuid=2c8e1d4f-6b3a-4d7c-9fae-4a5b6c7d8e9f
cat > /tmp/is-chap-secret2.xml <<EOT
<secret ephemeral='no' private='yes'>
  <uuid>$tuuid</uuid>
  <usage type='iscsi'><target>$usage-target</target></usage>
</secret>
EOT
virsh_secret secret-define /tmp/is-chap-secret2.xml >/dev/null
iscsi_pool $name "<auth type='chap' username='$ISCSI_CHAP_USER'><secret usage='$usage'/><mutual username='$ISCSI_CHAP_TARGET_USER'><secret usage='$usage-target'/></mutual></auth>" \
    "$ISCSI_PORTAL1 $ISCSI_PORTAL2" "$ISCSI_CHAP_IQN" "$(cat "$ISCSI_CHAP_WWID_FILE")"
printf '%s' "not-the-target" > /tmp/is-chap.pw
virsh_secret secret-set-value --secret $tuuid --file /tmp/is-chap.pw --plain >/dev/null
out=$(virsh pool-start $name 2>&1)
rc=$?
check iscsi-chap-mutual-wrong "mutual CHAP, wrong target password: start failed (status $rc), $(iscsi_sessions "$ISCSI_CHAP_IQN" | wc -l) sessions: $(errors "$out")" \
    sh -c "[ $rc != 0 ] && [ $(iscsi_sessions "$ISCSI_CHAP_IQN" | wc -l) = 0 ]"
printf '%s' "$ISCSI_CHAP_TARGET_PASSWORD" > /tmp/is-chap.pw
virsh_secret secret-set-value --secret $tuuid --file /tmp/is-chap.pw --plain >/dev/null
rm -f /tmp/is-chap.pw
procs_sample_start /tmp/is-chap-audit
out=$(virsh pool-start $name 2>&1)
rc=$?
procs_sample_stop /tmp/is-chap-audit
check iscsi-chap-mutual "mutual CHAP, right passwords: start (status $rc), $(iscsi_sessions "$ISCSI_CHAP_IQN" | grep -c LOGGED_IN) sessions $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ $(iscsi_sessions "$ISCSI_CHAP_IQN" | grep -c LOGGED_IN) = 2 ]"
# Both passwords, under the daemons' full debug logging: only in the node
# records, while the pool is active; in nothing once it is stopped.
secret_audit iscsi-chap-audit-start /tmp/is-chap-audit '^/etc/iscsi/nodes/' $name \
    "$ISCSI_CHAP_PASSWORD" "$ISCSI_CHAP_TARGET_PASSWORD"
procs_sample_start /tmp/is-chap-audit
virsh pool-destroy $name >/dev/null
procs_sample_stop /tmp/is-chap-audit
secret_audit iscsi-chap-audit-stop /tmp/is-chap-audit '^$' $name \
    "$ISCSI_CHAP_PASSWORD" "$ISCSI_CHAP_TARGET_PASSWORD"
rm -f /tmp/is-chap-audit.*
virsh_secret secret-undefine $tuuid >/dev/null

pool_remove $name
virsh_secret secret-undefine $uuid >/dev/null
rm -f /tmp/is-chap-ps.txt /tmp/is-chap-out.txt /tmp/is-chap-secret*.xml
iscsi_cleanup
