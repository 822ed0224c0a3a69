# Helpers of the benchmarks (sourced in the test guest after the
# harness's lib.sh and array.sh). A benchmark prints one line per figure,
#   BENCH <test> | <storage> | <what> | <value>
# into the results; bench/run makes the table of them.
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

BENCH_RUNS=3
BENCH_WRITER=$ONTAP_TOP/build/bench/stall-writer

# bench_since T: seconds since uptime T, to the hundredth.
bench_since() { awk -v a="$1" -v b="$(uptime_s)" 'BEGIN { printf "%.2f", b - a }'; }

# bench_time COMMAND...: its wall time (output discarded; a failure is
# reported and makes the time "failed").
bench_time() {
    local t
    t=$(uptime_s)
    if "$@" >/dev/null 2>/tmp/bench-err; then
        bench_since "$t"
    else
        info "bench: '$*' failed: $(head -c 300 /tmp/bench-err)" >&2
        echo failed
    fi
}

# bench_median VALUE...: their median ("failed" if any failed).
bench_median() {
    printf '%s\n' "$@" | sort -g | awk '
        $1 == "failed" { bad = 1 }
        { v[NR] = $1 }
        END {
            if (bad || NR == 0) { print "failed"; exit }
            if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]
            else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
        }'
}

# bench_ratio A B: A / B to one decimal ("n/a" when either failed or B is 0).
bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) { print "n/a"; exit }
        printf "%.1f\n", a / b }'
}

# bench TEST STORAGE WHAT VALUE: one figure.
bench() {
    echo "BENCH $1 | $2 | $3 | $4" | tee -a "$ONTAP_RESULTS"
}

# bench_used DIR: bytes used on DIR's filesystem, after a sync.
bench_used() {
    sync
    df -B1 --output=used "$1" | tail -1 | tr -d ' '
}

# bench_mib BEFORE AFTER: the difference in MiB.
bench_mib() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f MiB\n", (b - a) / 1048576 }'; }

# bench_fill FILE GIB: GIB GiB of incompressible, non-zero data into FILE
# (a copy cannot skip any of it), durable.
bench_fill() {
    [ -s /tmp/bench-chunk ] || head -c 64M /dev/urandom > /tmp/bench-chunk
    for _ in $(seq $(($2 * 16))); do cat /tmp/bench-chunk; done |
        dd of="$1" bs=4M iflag=fullblock conv=fsync,notrunc status=none
}

# bench_noop POOL: the median time of a virsh call that does nothing
# (pool-info): what every virsh command costs on this machine.
bench_noop() {
    local r=()
    for _ in $(seq $BENCH_RUNS); do r+=("$(bench_time virsh pool-info "$1")"); done
    bench_median "${r[@]}"
}
