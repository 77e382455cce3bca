#!/usr/bin/env bash
# The vendor presets' speed: `fwlog_exporter replay` (default configuration:
# the whole pipeline, as bench/compare.sh runs it) over a generated file of
# each vendor format (bench/gen_vendor_logs.py), with the preset named and with
# --format=auto; CPU seconds (user+sys, getrusage) as the best of N runs, and
# lines per CPU-second. Optionally a netfilter file through --format=auto with
# two binaries in alternation (the cost `auto` adds to router lines).
#
#   bench/vendor_speed.sh                         200 k lines per format, best of 5
#   bench/vendor_speed.sh --lines 50000 --runs 3
#   bench/vendor_speed.sh --baseline OLD_BINARY --netfilter FILE   also auto on FILE, OLD vs build
#
# Files are kept in BUILD/bench-data/ and reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lines=200000
runs=5
build=$root/build
baseline=""
netfilter=""
while (($#)); do
  case $1 in
    --lines) lines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --netfilter) netfilter=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "vendor_speed.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
exporter=$build/fwlog_exporter
[[ -x $exporter ]] || { echo "vendor_speed.sh: no $exporter (build first)" >&2; exit 2; }
data=$build/bench-data
mkdir -p "$data"

# CPU seconds (user+sys) of one replay, to the millisecond (getrusage of the child).
cpu() {
  python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f" % (r.ru_utime + r.ru_stime))' "$@"
}

# Best of $runs for each command given, run in alternation.
best() {
  local -a cmds=("$@") bests=()
  local i k t
  for ((i = 0; i < runs; i++)); do
    for ((k = 0; k < ${#cmds[@]}; k++)); do
      t=$(eval cpu "${cmds[k]}")
      if [[ -z ${bests[k]:-} ]] || awk -v a="$t" -v b="${bests[k]}" 'BEGIN{exit !(a < b)}'; then bests[k]=$t; fi
    done
  done
  echo "${bests[@]}"
}

: >"$data/empty.log"
read -r start < <(best "$exporter replay --format=auto $data/empty.log")
echo "start-up (replay of an empty file): $start CPU s; lines/CPU-s below count the whole replay, and (in"
echo "brackets) the replay without the start-up"
printf '%-18s %-12s %10s %24s %10s %24s\n' format preset "CPU s" "lines/CPU-s" "auto CPU s" "lines/CPU-s"
rate() { printf '%.0f (%.0f)' "$(echo "$lines / $1" | bc -l)" "$(echo "$lines / ($1 - $start)" | bc -l)"; }
for fmt in fortigate sophos-utm sophos-xg sonicwall checkpoint juniper-srx juniper-srx-text; do
  file=$data/$fmt-$lines.log
  [[ -s $file ]] || python3 "$root/bench/gen_vendor_logs.py" --format "$fmt" --lines "$lines" --seed 1 >"$file"
  case $fmt in sophos-*) preset=sophos ;; juniper-srx*) preset=juniper-srx ;; *) preset=$fmt ;; esac
  read -r named automatic < <(best "$exporter replay --format=$preset $file" "$exporter replay --format=auto $file")
  printf '%-18s %-12s %10s %24s %10s %24s\n' "$fmt" "$preset" "$named" "$(rate "$named")" "$automatic" \
    "$(rate "$automatic")"
done

if [[ -n $baseline && -n $netfilter ]]; then
  n=$(wc -l <"$netfilter")
  read -r old new < <(best "$baseline replay --format=auto $netfilter" "$exporter replay --format=auto $netfilter")
  printf 'netfilter auto, %d lines: baseline %s CPU s (%.0f lines/CPU-s), this build %s CPU s (%.0f lines/CPU-s)\n' \
    "$n" "$old" "$(echo "$n / $old" | bc -l)" "$new" "$(echo "$n / $new" | bc -l)"
fi
