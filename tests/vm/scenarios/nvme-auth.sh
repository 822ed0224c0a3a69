# NVMe-oF mode with DH-HMAC-CHAP: the host key lives in a libvirt secret
# (usage type nvme) that the pool names. A wrong key fails build and start
# with an authentication error and leaves no controller; the right key
# builds and starts. The array's subsystem admits this host's NQN only.
# A kernel without NVMe in-band authentication (Debian 12's 6.1 has neither
# CONFIG_NVME_AUTH nor CONFIG_NVME_TARGET_AUTH) cannot check a key: then
# only the secret's way into the pool is checked.
# shellcheck shell=bash

name=nv-auth
target=/var/lib/libvirt/ontap/$name
usage=nv-auth-key
uuid=6f0c2a57-4d1b-4a8e-9d55-0a7e1b2c3d4e
nvme_cleanup
nvme_auth_ns_reset

hostnqn=$(cat "$NVME_HOSTNQN_FILE")
key=$(cat "$NVME_DHCHAP_KEY_FILE" 2>/dev/null)
if [ -n "$key" ]; then
    enforced=yes
else
    enforced=no
    key=$(nvme gen-dhchap-key --hmac=1 --nqn="$hostnqn")
    info "nvme-auth: the kernel cannot authenticate (no CONFIG_NVME_TARGET_AUTH): wrong-key checks skipped"
fi
wrong=$(nvme gen-dhchap-key --hmac=1 --nqn="$hostnqn")

# set_key KEY: the secret's value, as the key's text (no newline).
set_key() {
    printf '%s' "$1" > /tmp/nv-auth.key
    virsh_secret secret-set-value --secret $uuid --file /tmp/nv-auth.key --plain >/dev/null
    rm -f /tmp/nv-auth.key
}

cat > /tmp/nv-auth-secret.xml <<EOT
<secret ephemeral='no' private='no'>
  <uuid>$uuid</uuid>
  <description>DH-HMAC-CHAP host key of $hostnqn</description>
  <usage type='nvme'><name>$usage</name></usage>
</secret>
EOT
out=$(virsh_secret secret-define /tmp/nv-auth-secret.xml 2>&1)
check nvme-auth-secret "secret-define with usage type nvme: $(errors "$out")" \
    has "$(virsh_secret secret-list)" "$uuid"
nvme_pool $name "$NVME_AUTH_NSID" "<auth type='dhchap'><secret usage='$usage'/></auth>" \
    "$NVME_PORTAL1 $NVME_PORTAL2" "$NVME_AUTH_NQN" || check_fail nvme-auth-define "pool-define failed"

if [ $enforced = yes ]; then
    set_key "$wrong"
    out=$(virsh pool-build $name 2>&1)
    rc=$?
    msg=$(errors "$out")
    check nvme-auth-wrong-build "pool-build with a wrong key (status $rc): $msg" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep -i authentication >/dev/null" - "$msg"
    mkdir -p "$target"   # as if built: start must fail on the key, not on the directory
    out=$(virsh pool-start $name 2>&1)
    rc=$?
    msg=$(errors "$out")
    left=$(nvme_count "$NVME_AUTH_NQN")
    check nvme-auth-wrong-start "pool-start with a wrong key (status $rc, $left controllers left): $msg" \
        sh -c "[ $rc != 0 ] && [ '$left' = 0 ] && echo \"\$1\" | grep -i authentication >/dev/null" - "$msg"
    dmesg | grep -i -e auth -e dhchap | tail -n 5 > "$ONTAP_OUT/$ONTAP_SCENARIO/dmesg-wrong-key.txt"
fi

set_key "$key"
out=$(virsh pool-build $name 2>&1)
rc=$?
check nvme-auth-build "pool-build with the right key (status $rc): $(errors "$out")" [ $rc = 0 ]
out=$(virsh pool-start $name 2>&1)
rc=$?
live=$(nvme_count "$NVME_AUTH_NQN" live)
check nvme-auth-start "pool-start with the right key (status $rc), $live live controllers: $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ '$live' = 2 ] && mountpoint -q $target"
if [ $enforced = yes ]; then
    # The kernel keeps the key it authenticated with (sysfs, root only).
    c=$(nvme_ctrl_of "$NVME_AUTH_NQN" "$NVME_PORTAL1")
    sec=$(cat "/sys/class/nvme/$c/dhchap_secret" 2>/dev/null)
    check nvme-auth-kernel-key "$c authenticated with the secret's key" [ "$sec" = "$key" ]
fi
# Secrets stay secret: neither key in the pool XML nor in the daemons'
# debug logs (which hold every command they ran).
xml=$(virsh pool-dumpxml $name)
logs=$ONTAP_OUT/$ONTAP_SCENARIO
leaks=$(cat "$logs"/virtstoraged.log "$logs"/virtsecretd.log | grep -c -F -e "$key" -e "$wrong")
check nvme-auth-no-leak "no key in the pool XML or the daemon logs ($leaks log lines)" \
    sh -c "[ '$leaks' = 0 ] && ! echo \"\$1\" | grep -F -e '$key' >/dev/null" - "$xml"
virsh pool-destroy $name >/dev/null 2>&1
left=$(nvme_count "$NVME_AUTH_NQN")
check nvme-auth-stop "pool-destroy leaves no controller of $NVME_AUTH_NQN ($left)" [ "$left" = 0 ]

# Bidirectional: the controller proves itself with a key of its own, from a
# second secret; then no key, under the daemons' full debug logging, in any
# log, process argument or environment (sampled during start and stop),
# XML or file.
hostcfg=/sys/kernel/config/nvmet/hosts/$hostnqn
if [ $enforced = yes ] && [ -e "$hostcfg/dhchap_ctrl_key" ]; then
    cuuid=7a1d3b68-5e2c-4b9f-8e66-1b8f2c3d4e5f
    ctrlkey=$(nvme gen-dhchap-key --hmac=1 --nqn="$NVME_AUTH_NQN")
    echo "$ctrlkey" > "$hostcfg/dhchap_ctrl_key"
    cat > /tmp/nv-auth-secret2.xml <<EOT
<secret ephemeral='no' private='yes'>
  <uuid>$cuuid</uuid>
  <usage type='nvme'><name>$usage-ctrl</name></usage>
</secret>
EOT
    virsh_secret secret-define /tmp/nv-auth-secret2.xml >/dev/null
    printf '%s' "$ctrlkey" > /tmp/nv-auth.key
    virsh_secret secret-set-value --secret $cuuid --file /tmp/nv-auth.key --plain >/dev/null
    rm -f /tmp/nv-auth.key /tmp/nv-auth-secret2.xml
    nvme_pool $name "$NVME_AUTH_NSID" "<auth type='dhchap'><secret usage='$usage'/><mutual><secret usage='$usage-ctrl'/></mutual></auth>" \
        "$NVME_PORTAL1 $NVME_PORTAL2" "$NVME_AUTH_NQN"
    procs_sample_start /tmp/nv-auth-audit
    out=$(virsh pool-start $name 2>&1)
    rc=$?
    procs_sample_stop /tmp/nv-auth-audit
    live=$(nvme_count "$NVME_AUTH_NQN" live)
    c=$(nvme_ctrl_of "$NVME_AUTH_NQN" "$NVME_PORTAL1")
    kctrl=$(cat "/sys/class/nvme/$c/dhchap_ctrl_secret" 2>/dev/null)
    check nvme-auth-mutual "bidirectional: pool-start (status $rc), $live live controllers, the kernel holds the controller key: $([ "$kctrl" = "$ctrlkey" ] && echo yes || echo no) $(errors "$out")" \
        sh -c "[ $rc = 0 ] && [ '$live' = 2 ] && [ '$kctrl' = '$ctrlkey' ]"
    secret_audit nvme-auth-audit-start /tmp/nv-auth-audit '^$' $name "$key" "$wrong" "$ctrlkey"
    procs_sample_start /tmp/nv-auth-audit
    virsh pool-destroy $name >/dev/null 2>&1
    procs_sample_stop /tmp/nv-auth-audit
    secret_audit nvme-auth-audit-stop /tmp/nv-auth-audit '^$' $name "$key" "$wrong" "$ctrlkey"
    rm -f /tmp/nv-auth-audit.*
    virsh_secret secret-undefine $cuuid >/dev/null 2>&1
fi

pool_remove $name
virsh_secret secret-undefine $uuid >/dev/null 2>&1
rm -f /tmp/nv-auth-secret.xml
nvme_cleanup
nvme_auth_ns_reset
