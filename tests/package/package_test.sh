#!/usr/bin/env bash
# Acceptance test of the Debian package: built by scripts/package.sh, then
# installed in a plain Debian 12 (debootstrap minbase, made here and kept as
# a tarball in $FRESH_CACHE) and purged again.
#
#   tests/package/package_test.sh [DEB]    # without DEB: scripts/package.sh first
#
# On the .deb: the files the package promises, the two conffiles, the unit
# equal to deploy/debian/packaged-unit.sh's output on deploy/systemd/, the
# configuration equal to config/fwlog_exporter.yml, the data folder compiled
# in, dependencies by name, and every lintian finding explained in
# docs/package.md. Then in two fresh chroots, the first a plain Debian 12,
# the second with the package's dependencies installed beforehand:
#   1. `apt-get install ./fwlog-exporter_*.deb` (in the first chroot with all
#      its dependencies, from Debian's mirror);
#   2. `fwlog_exporter check-config /etc/fwlog_exporter/config.yml` passes, as
#      the package's user;
#   3. the exporter started as the package's user with that configuration,
#      unchanged: in a network namespace of its own that has the config's
#      placeholder LAN address 192.168.1.10, so the syslog listener can bind
#      it; the web port is --web.listen-address=127.0.0.1:0 and read back from
#      the log. A syslog datagram to 192.168.1.10:5514 from the router's
#      address (allowed_senders) must be counted with
#      its service (the registry) and range (the catalog) on /metrics, and the
#      state file be written, owned by the user; one from another address is
#      refused;
#   4. `apt-get purge fwlog-exporter` removes the user, its group, the
#      conffiles, the state folder; in the second chroot every path and the
#      user database after the purge are as they were before the install.
# Needs root, debootstrap, unshare, ip, curl and access to a Debian mirror;
# exits 77 (ctest: skipped) when something is missing. Minutes long: ctest
# label "package" (docs/package.md says when it runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
PLACEHOLDER=192.168.1.10     # config/fwlog_exporter.yml's syslog address
ROUTER=192.168.1.1           # and its allowed_senders
USER_NAME=fwlog_exporter
failures=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; failures=$((failures + 1)); }
check() {  # check "what" command args...
  local what=$1
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}

# ------------------------------------------------------------- in the netns
# Re-invoked by serve() below inside `unshare --net`: only this process and
# its children see the placeholder address and the exporter's ports.
if [[ ${1:-} == --serve-in-netns ]]; then
  root=$2
  ip link set lo up
  ip addr add "$PLACEHOLDER/32" dev lo
  ip addr add "$ROUTER/32" dev lo
  log=$root/tmp/fwlog-serve.log
  chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/fwlog_exporter \
    setpriv --reuid=$USER_NAME --regid=$USER_NAME --init-groups \
    /usr/bin/fwlog_exporter --config.file=/etc/fwlog_exporter/config.yml \
    --web.listen-address=127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  port=
  for _ in $(seq 100); do
    port=$(grep -o 'on 127.0.0.1:0 (port [0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if [[ -z $port ]]; then
    bad "the exporter serves with the shipped configuration"
    echo "--- its log:"
    cat "$log"
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  ok "the exporter serves with the shipped configuration (port $port)"
  uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
  check "it runs as the package's user" [ "$uid" = "$(chroot "$root" id -u $USER_NAME)" ]
  # An ASUS-style DROP of telnet from the NICT NOTICE survey address.
  stamp=$(LC_ALL=C date -u '+%b %e %H:%M:%S')
  message="<4>$stamp RT-AX88U kernel: DROP IN=ppp0 OUT= MAC= SRC=210.150.186.238 DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 TTL=243 ID=1 PROTO=TCP SPT=44321 DPT=23 SEQ=1 ACK=0 WINDOW=1024 RES=0x00 SYN URGP=0"
  # From the router's address (the config's allowed_senders), and the same
  # message from another address on the LAN, which must be refused.
  send_from() {
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 0))
s.sendto(sys.argv[3].encode(), (sys.argv[2], 5514))' "$1" "$PLACEHOLDER" "$message"
  }
  send_from "$ROUTER"
  send_from "$PLACEHOLDER"
  metrics=
  for _ in $(seq 50); do
    metrics=$(curl -fsS "http://127.0.0.1:$port/metrics" || true)
    # Both: the refusal may be published after the line is counted.
    grep -q '^fwlog_input_lines_total{input="router"} 1$' <<<"$metrics" &&
      grep -q '^fwlog_syslog_senders_rejected_total{input="router"} 1$' <<<"$metrics" && break
    sleep 0.2
  done
  check "the syslog message to $PLACEHOLDER:5514 is counted" \
    grep -q '^fwlog_input_lines_total{input="router"} 1$' <<<"$metrics"
  check "the one from a sender not in allowed_senders is refused" \
    grep -q '^fwlog_syslog_senders_rejected_total{input="router"} 1$' <<<"$metrics"
  check "with its service from /usr/share/fwlog_exporter/iana" \
    grep -q '^fwlog_packets_by_port_total{port="23",proto="tcp",router="router",service="telnet"} 1$' <<<"$metrics"
  check "and its range from /usr/share/fwlog_exporter/ranges" \
    grep -q '^fwlog_range_packets_total{port="23",proto="tcp",range="nict-notice",router="router",service="telnet"} 1$' <<<"$metrics"
  kill -TERM "$pid"
  wait "$pid" || true
  check "the state file is written, owned by the package's user" \
    [ "$(chroot "$root" stat -c %U /var/lib/fwlog_exporter/state 2>/dev/null)" = "$USER_NAME" ]
  if ((failures)); then
    echo "--- what /metrics counted:"
    grep -E '^fwlog_(packets|range_packets|input_lines|lines_[a-z]+)_' <<<"$metrics" || true
    echo "--- /var/lib/fwlog_exporter:"
    ls -la "$root/var/lib/fwlog_exporter"
    echo "--- the exporter's log:"
    tail -20 "$log"
  fi
  exit "$failures"
fi

skip() {
  echo "SKIP: $*"
  exit 77
}
[[ $(id -u) -eq 0 ]] || skip "needs root (a chroot, mounts, a network namespace)"
for tool in debootstrap unshare ip curl dpkg-deb; do
  command -v $tool >/dev/null || skip "needs $tool (scripts/apt-packages-package.txt, iproute2, curl)"
done

# ------------------------------------------------------------- the package
deb=${1:-}
if [[ -z $deb ]]; then
  scripts/package.sh
  deb=$(ls build/package/fwlog-exporter_*.deb)
fi
deb=$(readlink -f "$deb")
version=$(dpkg-deb -f "$deb" Version)
echo "package_test: $deb"
extract=$(mktemp -d)
cache=${FRESH_CACHE:-${TMPDIR:-/tmp}/fresh-debian-cache}
mkdir -p "$cache"
root=
roots=()
cleanup() {
  rm -rf "$extract"
  for r in "${roots[@]}"; do
    for m in var/cache/apt/archives dev/pts dev sys proc; do umount -l "$r/$m" 2>/dev/null || true; done
    rm -rf "$r"
  done
}
trap cleanup EXIT
dpkg-deb -x "$deb" "$extract"
dpkg-deb -e "$deb" "$extract/DEBIAN"

for f in usr/bin/fwlog_exporter lib/systemd/system/fwlog_exporter.service etc/fwlog_exporter/config.yml \
  etc/default/fwlog_exporter usr/share/fwlog_exporter/ranges/nict-notice.yaml \
  usr/share/fwlog_exporter/iana/service-names-port-numbers.csv usr/share/doc/fwlog-exporter/copyright \
  usr/share/doc/fwlog-exporter/changelog.gz usr/share/man/man1/fwlog_exporter.1.gz \
  usr/share/doc/fwlog-exporter/examples/firewall-drops.json usr/share/doc/fwlog-exporter/examples/agent.yml; do
  check "the package holds /$f" [ -e "$extract/$f" ]
done
check "its conffiles are the configuration and the flags" \
  diff <(printf '/etc/default/fwlog_exporter\n/etc/fwlog_exporter/config.yml\n') <(sort "$extract/DEBIAN/conffiles")
check "its unit is packaged-unit.sh's output on deploy/systemd/fwlog_exporter.service" \
  diff <(sh deploy/debian/packaged-unit.sh deploy/systemd/fwlog_exporter.service) \
  "$extract/lib/systemd/system/fwlog_exporter.service"
check "its configuration is config/fwlog_exporter.yml" \
  cmp config/fwlog_exporter.yml "$extract/etc/fwlog_exporter/config.yml"
check "the binary looks for its data in /usr/share/fwlog_exporter" \
  grep -aq /usr/share/fwlog_exporter "$extract/usr/bin/fwlog_exporter"
check "and not in the tree it was built from" \
  bash -c "! grep -aq 'fwlog-exporter-$version/config' '$extract/usr/bin/fwlog_exporter'"
depends=$(dpkg-deb -f "$deb" Depends)
for pkg in adduser libc6 libstdc++6 libre2-9 libyaml-cpp0.7 libprometheus-cpp-core1.0 libloc1 libssl3; do
  check "it depends on $pkg" grep -qE "(^|, )${pkg//+/\\+}( |,|\$)" <<<"$depends"
done
lintian_txt=$(dirname "$deb")/lintian.txt
if [[ -f $lintian_txt ]]; then
  for tag in $(awk '/^[EWI]: / {print $3}' "$lintian_txt" | sort -u); do
    check "lintian's $tag is explained in docs/package.md" grep -q -- "$tag" docs/package.md
  done
  echo "lintian's findings: $(grep -c '^[EWI]: ' "$lintian_txt" || true) (E/W/I), overridden: $(grep -c '^ *[a-z]' deploy/debian/fwlog-exporter.lintian-overrides || true)"
fi

# ------------------------------------------------------ a plain Debian 12
base=$cache/bookworm-minbase.tar
if [[ ! -f $base ]]; then
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [[ -n $mirror ]] || mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  boot=$(mktemp -d "$cache/boot.XXXX")
  echo "package_test: debootstrap --variant=minbase bookworm (once; kept in $base)"
  debootstrap --variant=minbase bookworm "$boot" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { echo "debootstrap failed, see $cache/debootstrap.log" >&2; exit 1; }
  tar -C "$boot" -cf "$base.tmp" . && mv "$base.tmp" "$base" && rm -rf "$boot"
fi
mkdir -p "$cache/archives/partial"   # downloaded .debs, shared by both roots
new_root() {  # a fresh copy of the base in $root, mounted, with the package copied in
  root=$(mktemp -d "$cache/package-test.XXXX")
  roots+=("$root")
  tar -C "$root" -xf "$base"
  # The base's "." came from a mktemp folder: 0700 would keep every user but root out of /.
  chmod 0755 "$root"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # The sources a Debian 12 installation has (bookworm, -updates, -security), as here.
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
    rm -f "$root/etc/apt/sources.list"
  fi
  mount -t proc proc "$root/proc"
  mount -t sysfs sys "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount --bind "$cache/archives" "$root/var/cache/apt/archives"
  cp "$deb" "$root/root/"
  in_root apt-get update -q >"$root/tmp/apt-update.log" 2>&1 || { cat "$root/tmp/apt-update.log"; exit 1; }
}
in_root() {
  chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
# Every path on the root file system and the user database. Left out: the
# kernel's and apt's folders, logs, and the backups the shadow tools keep of
# the user database when they change it (/etc/shadow- and /etc/gshadow- appear
# with the first system user any package adds).
snapshot() {
  in_root sh -c 'find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
    -o -path /var/cache/apt -o -path /var/lib/apt -o -path /var/log \) -prune -o -print |
    grep -vxE "/etc/(passwd|group|shadow|gshadow)-" | sort; getent passwd; getent group'
}
round() {  # install, check the configuration, serve, purge
  if in_root apt-get install -y -q "/root/$(basename "$deb")" >"$root/tmp/apt-install.log" 2>&1; then
    ok "apt-get install ./$(basename "$deb") ($(grep -c '^Setting up' "$root/tmp/apt-install.log") packages set up)"
  else
    bad "apt-get install ./$(basename "$deb")"
    cat "$root/tmp/apt-install.log"
    exit 1
  fi
  check "the system user $USER_NAME exists" in_root sh -c "getent passwd $USER_NAME >/dev/null"
  check "the service is not enabled before its configuration is edited" \
    bash -c "! ls '$root'/etc/systemd/system/*.wants/fwlog_exporter.service 2>/dev/null"
  if out=$(in_root setpriv --reuid=$USER_NAME --regid=$USER_NAME --init-groups \
    fwlog_exporter check-config /etc/fwlog_exporter/config.yml 2>&1); then
    ok "check-config /etc/fwlog_exporter/config.yml: $out"
  else
    bad "check-config /etc/fwlog_exporter/config.yml: $out"
  fi
  unshare --net -- "$0" --serve-in-netns "$root" || failures=$((failures + $?))
  if in_root apt-get purge -y -q fwlog-exporter >"$root/tmp/apt-purge.log" 2>&1; then
    ok "apt-get purge fwlog-exporter"
  else
    bad "apt-get purge fwlog-exporter"
    cat "$root/tmp/apt-purge.log"
  fi
  check "the user is gone" bash -c "! chroot '$root' getent passwd $USER_NAME"
  check "its group is gone" bash -c "! chroot '$root' getent group $USER_NAME"
  for path in /etc/fwlog_exporter /etc/default/fwlog_exporter /var/lib/fwlog_exporter /usr/share/fwlog_exporter \
    /usr/bin/fwlog_exporter /lib/systemd/system/fwlog_exporter.service; do
    check "$path is gone" [ ! -e "$root$path" ]
  done
}

echo "--- a plain Debian 12: the package with all its dependencies"
new_root
round
echo "--- another plain Debian 12 with the dependencies installed first: what install, run and purge leave"
new_root
in_root apt-get satisfy -y -q "$(dpkg-deb -f "$deb" Depends), $(dpkg-deb -f "$deb" Recommends)" \
  >"$root/tmp/apt-satisfy.log" 2>&1 || { cat "$root/tmp/apt-satisfy.log"; exit 1; }
before=$(snapshot)
round
after=$(snapshot)
if diff <(echo "$before") <(echo "$after") >"$root/tmp/snapshot.diff"; then
  ok "install, run and purge leave the system as they found it ($(wc -l <<<"$before") paths and entries compared)"
else
  bad "install, run and purge left a difference (< before, > after):"
  head -40 "$root/tmp/snapshot.diff"
fi

echo "package_test: $failures failure(s)"
exit $((failures > 0))
