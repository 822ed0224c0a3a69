# The two-host harness itself: each host reaches the other and the array's
# portals over the guests' network, and each is a registered node of the
# two-node o2cb cluster with its own NVMe host NQN and iSCSI initiator name.
# shellcheck shell=bash

for n in a b; do
    other=b; [ $n = b ] && other=a
    out=$(on $n "reach() { timeout 5 bash -c \"</dev/tcp/\$1/\$2\"; }
                 reach host-$other 7777 && reach \$NVME_PORTAL1 4420 && reach \$ISCSI_PORTAL2 3260 && echo reached")
    check two-hosts-net-$n "host $n reaches host $other's o2net port and the array's NVMe and iSCSI portals: '$out'" [ "$out" = reached ]
    out=$(on $n "ls /sys/kernel/config/cluster/\$O2CB_CLUSTER/node | sort | tr '\n' ' '")
    check two-hosts-o2cb-$n "host $n's o2cb nodes: $out" [ "$out" = "host-a host-b " ]
done
nqa=$(on a "cat /etc/nvme/hostnqn; sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi")
nqb=$(on b "cat /etc/nvme/hostnqn; sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi")
check two-hosts-identities "host NQNs and initiator names differ: a $(echo $nqa), b $(echo $nqb)" \
    sh -c "[ -n \"\$1\" ] && [ -n \"\$2\" ] && [ \"\$(echo \"\$1\" | head -1)\" != \"\$(echo \"\$2\" | head -1)\" ] && [ \"\$(echo \"\$1\" | tail -1)\" != \"\$(echo \"\$2\" | tail -1)\" ]" - "$nqa" "$nqb"
# The corosync cluster of the GFS2 pools: both nodes members, the DLM up.
# Each host's corosync starts on its own during setup, and with a 20 s
# token the two form one membership only after a consensus timeout, so
# wait (bounded, 60 s) for it rather than look at the first instant.
for n in a b; do
    out=$(on $n "t0=\$(date +%s); q=\$(th_quorum_wait 'quorate members host-a host-b '); echo \$q \$((\$(date +%s) - t0)) s; dlm_tool status >/dev/null 2>&1 && echo dlm")
    check two-hosts-corosync-$n "host $n's corosync quorum, members, seconds waited and DLM: $(echo $out)" \
        sh -c 'case "$1" in "quorate members host-a host-b "*" s dlm") exit 0;; esac; exit 1' - "$(echo $out)"
done
