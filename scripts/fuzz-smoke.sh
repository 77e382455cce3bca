#!/usr/bin/env bash
# A short, time-bounded libFuzzer run of every fuzz target (the parser
# targets in tests/fuzz/: one per preset and one for custom patterns; the
# config, IANA, range-catalog, port-purpose and syslog-framing targets of
# tests/fuzz/security_targets.cmake), as CI runs it
# from scripts/test.sh. Builds the `fuzz` preset (clang, libFuzzer + ASan +
# UBSan) into build-fuzz, then runs each target for SECONDS (default 15) on a
# scratch copy of its seed corpus with its dictionary. A crash, leak or
# sanitizer report fails the run and leaves the input in
# build-fuzz/fuzz-smoke/<target>/; copy it into the target's seed corpus
# (tests/fuzz/corpus/<target>/) once fixed, so the GCC suite replays it.
#
#   scripts/fuzz-smoke.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
parsers=(netfilter pf mikrotik fortigate sophos sonicwall checkpoint juniper_srx cisco_asa panos zyxel windows_firewall
  custom_pattern)
security=(config iana range_catalog port_purposes syslog_framing)
targets=()
for t in "${parsers[@]}" "${security[@]}"; do targets+=("${t}_fuzzer"); done

cmake --preset fuzz >/dev/null
cmake --build build-fuzz --target "${targets[@]}"

failed=0
for t in "${parsers[@]}" "${security[@]}"; do
  bin=build-fuzz/tests/fuzz/${t}_fuzzer
  [[ -x $bin ]] || bin=build-fuzz/tests/security/${t}_fuzzer
  work=build-fuzz/fuzz-smoke/$t
  rm -rf "$work" && mkdir -p "$work/corpus"
  cp -r tests/fuzz/corpus/"$t"/. "$work/corpus/"
  log=$work/log.txt
  if "$bin" "$work/corpus" -dict=tests/fuzz/"$t".dict -max_total_time="$seconds" -max_len=65536 \
      -artifact_prefix="$work/" -print_final_stats=1 >"$log" 2>&1; then
    echo "fuzz $t: $(grep -m1 stat::number_of_executed_units "$log" | awk '{print $2}') execs in ${seconds} s, no crash"
  else
    echo "fuzz $t: FAILED (input and log in $work/)"
    tail -40 "$log"
    failed=1
  fi
done
exit $failed
