#!/usr/bin/env bash
# Whole-process comparison: `fwlog_exporter replay` (default configuration:
# ranges, services, country via libloc, hour, every default metric) against
# mtail --one_shot (bench/mtail/fwlog.mtail) on the same generated log.
# Checks that the comparable counters are equal, then prints CPU seconds
# (user+sys) and peak RSS (GNU time) as the median of N runs, with ratios.
#
#   bench/compare.sh                    2 M lines, 3 runs each
#   bench/compare.sh --lines 200000 --runs 1      a quick look
#   bench/compare.sh --grow 8000000     also fwlog_exporter alone on 8 M lines (flat memory)
#   bench/compare.sh --no-mtail         fwlog_exporter only
#
# Two mtail baselines run: bench/mtail/ (the default metrics mtail can
# compute: by port, by hour, by action/proto, NICT by port) and
# bench/mtail-minimal/ (one regex, one counter by proto/port, as the issue's
# reference figure).
#
# Needs (Debian): mtail, time (bench/apt-packages.txt), python3, and a build
# (scripts/setup.sh; --build DIR to name another). Generated logs are kept in
# BUILD/bench-data/ (about 215 MB per 1 M lines) and reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lines=2000000
runs=3
build=$root/build
grow=""
with_mtail=1
while (($#)); do
  case $1 in
    --lines) lines=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --grow) grow=$2; shift 2 ;;
    --no-mtail) with_mtail=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing (apt-get install $(basename "$tool"))" >&2; exit 2; }
done
if ((with_mtail)) && ! command -v mtail >/dev/null; then
  echo "compare.sh: mtail is missing (apt-get install mtail)" >&2; exit 2
fi
exporter=$build/fwlog_exporter
if [[ ! -x $exporter ]]; then
  cmake --build "$build" --target fwlog_exporter >/dev/null
fi
data=$build/bench-data
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log_for() {  # generated once per size, then reused
  local n=$1 f=$data/fw-$1.log
  if [[ ! -s $f ]]; then
    echo "generating $f ..." >&2
    python3 "$root/bench/gen_logs.py" --lines "$n" --seed 1 > "$f.tmp"
    mv "$f.tmp" "$f"
  fi
  echo "$f"
}

# run NAME OUTFILE CMD...: one timed run; appends "user sys maxrss_kib wall" to $work/NAME.times
run() {
  local name=$1 out=$2
  shift 2
  /usr/bin/time -f "%U %S %M %e" -o "$work/time.tmp" "$@" > "$out" 2> "$work/$name.stderr" || {
    echo "compare.sh: $name failed:" >&2; cat "$work/$name.stderr" >&2; exit 1; }
  cat "$work/time.tmp" >> "$work/$name.times"
}

# median of column: awk over the runs (CPU = user+sys)
medians() {  # prints: cpu rss_mib wall
  python3 - "$1" <<'EOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
cpu = statistics.median(r[0] + r[1] for r in rows)
rss = statistics.median(r[2] for r in rows) / 1024
wall = statistics.median(r[3] for r in rows)
print(f"{cpu:.3f} {rss:.1f} {wall:.2f} {len(rows)}")
EOF
}


log=$(log_for "$lines")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $log ($lines lines, $(du -m "$log" | cut -f1) MB), $runs run(s) each, medians"

for ((i = 1; i <= runs; i++)); do
  run ours "$work/ours.prom" "$exporter" replay --timezone=Asia/Tokyo "$log"
  if ((with_mtail)); then
    run mtail "$work/mtail.prom" mtail --progs "$root/bench/mtail" --logs "$log" --one_shot \
      --one_shot_format prometheus --port 0 --emit_prog_label=false --logtostderr
    run mtail_min "$work/mtail_min.prom" mtail --progs "$root/bench/mtail-minimal" --logs "$log" --one_shot \
      --one_shot_format prometheus --port 0 --emit_prog_label=false --logtostderr
  fi
done

status=0
if ((with_mtail)); then
  echo "count check (fwlog_exporter vs mtail):"
  python3 "$root/bench/compare_counts.py" "$work/ours.prom" "$work/mtail.prom" || status=1
  echo "count check (fwlog_exporter vs the one-counter mtail program, tcp/udp ports):"
  python3 "$root/bench/compare_counts.py" --port-only "$work/ours.prom" "$work/mtail_min.prom" || status=1
fi

read -r ours_cpu ours_rss ours_wall n <<<"$(medians "$work/ours.times")"
printf '\n| %-28s | %10s | %12s | %16s | %13s | %8s |\n' tool lines "CPU s (u+s)" "lines per CPU-s" "peak RSS MiB" "wall s"
printf '|%s|%s|%s|%s|%s|%s|\n' "------------------------------" "------------" "--------------" "------------------" "---------------" "----------"
row() { printf '| %-28s | %10s | %12s | %16s | %13s | %8s |\n' "$@"; }
rate() { python3 -c "print(f'{$1 / $2 / 1e6:.3f} M')"; }
row "fwlog_exporter replay" "$lines" "$ours_cpu" "$(rate "$lines" "$ours_cpu")" "$ours_rss" "$ours_wall"
if ((with_mtail)); then
  read -r m_cpu m_rss m_wall n <<<"$(medians "$work/mtail.times")"
  row "mtail --one_shot" "$lines" "$m_cpu" "$(rate "$lines" "$m_cpu")" "$m_rss" "$m_wall"
  ratio=$(python3 -c "print(f'{$m_cpu / $ours_cpu:.1f}')")
  rss_ratio=$(python3 -c "print(f'{$m_rss / $ours_rss:.1f}')")
  read -r n_cpu n_rss n_wall n <<<"$(medians "$work/mtail_min.times")"
  row "mtail, one regex + 1 counter" "$lines" "$n_cpu" "$(rate "$lines" "$n_cpu")" "$n_rss" "$n_wall"
  min_ratio=$(python3 -c "print(f'{$n_cpu / $ours_cpu:.1f}')")
  echo
  echo "fwlog_exporter is ${ratio}x mtail (equivalent program) in lines per CPU-second, and uses 1/${rss_ratio} of its peak RSS;"
  echo "${min_ratio}x mtail running only one regex and one counter by proto/port."
fi

if [[ -n $grow ]]; then
  big=$(log_for "$grow")
  : > "$work/big.times"
  for ((i = 1; i <= runs; i++)); do run big "$work/big.prom" "$exporter" replay --timezone=Asia/Tokyo "$big"; done
  read -r b_cpu b_rss b_wall n <<<"$(medians "$work/big.times")"
  row "fwlog_exporter replay" "$grow" "$b_cpu" "$(rate "$grow" "$b_cpu")" "$b_rss" "$b_wall"
fi

echo
echo "targets: >= 2.000 M lines per CPU-s; >= 20x mtail; peak RSS <= 40 MiB, flat from 2 M to 8 M lines"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
