#!/usr/bin/env python3
"""Deterministic generator of realistic router firewall logs for benchmarks.

    bench/gen_logs.py --lines 2000000 --seed 1 > /tmp/fw-2m.log

Writes netfilter (iptables LOG / nftables log) lines as an ASUS router or a
Linux box forwards them by syslog, modelled on a home router's WAN DROP log:

  - envelopes: RFC 3339 stamps with host and tag (rsyslog, ~75 %), RFC 3164
    stamps without host ("Nov 14 00:11:59 kernel: ..." as ASUS writes, ~25 %),
    stamps in time order (a few per second) across many days, so every hour
    of day occurs;
  - heavy-tailed sources: a few hundred busy scanners (Zipf), a pool of
    tens of thousands of occasional ones (Zipf), and a trickle of
    never-seen-again addresses; NICT's NOTICE survey addresses
    210.150.186.238, 122.1.4.87, 122.1.4.88 (and 150.249.227.160/28) probing
    22/23/80; some IPv6 sources; some private sources (LAN, CGNAT);
  - heavy-tailed destination ports: the usual targets (23, 22, 80, 8080,
    5555, 445, 3389 ...) weighted, a Zipf tail over a few thousand ports,
    and a uniform sprinkle over all 65535 ports of tcp and udp, tuned so a
    2 M-line file has ~60 k distinct proto/port pairs;
  - TCP SYN scans, UDP probes (LEN= twice), ICMP echo, ICMP errors quoting
    the inner packet in [ ... ] (whose PROTO/SPT/DPT must not be counted),
    ICMPv6, GRE (no ports), a few REJECT and ACCEPT verdicts;
  - ~5 % noise: dnsmasq/dhcp/ntp/wifi lines (unmatched), netfilter lines with
    a masked source (invalid: bad_address) or a missing DPT (invalid: bad_port).

History (backfill): --start 2018-11-16T00:00:00+09:00 --days 180 spreads the
lines evenly over the days (the same mix); --iso writes every stamp as RFC 3339.

Output is a pure function of (--lines, --seed, --start, --days, --iso). Statistics go to stderr with
--stats. Python's random is slowish; the generator writes ~400 k lines/s.
"""
import argparse
import bisect
import itertools
import random
import sys
from datetime import datetime, timedelta, timezone

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# (port, weight) of the usual scan targets.
HOT_PORTS = [(23, 300), (22, 180), (80, 80), (8080, 60), (5555, 50), (8000, 40), (443, 40), (3389, 40),
             (445, 40), (52869, 30), (23023, 20), (2323, 30), (81, 20), (8443, 20), (1433, 20), (5900, 20),
             (6379, 10), (37215, 20), (60001, 10), (7547, 20), (25, 10), (21, 10), (3306, 10), (9200, 10),
             (11211, 10), (8081, 10), (8888, 10), (5060, 10), (1723, 8), (139, 8), (135, 8), (110, 5),
             (143, 5), (993, 5), (995, 5), (5432, 5), (27017, 5), (6443, 5), (9000, 5), (10000, 5)]
HOT_UDP = [(53, 40), (123, 40), (161, 40), (1900, 40), (5060, 30), (11211, 20), (37810, 10), (137, 20),
           (500, 20), (19, 10), (389, 10), (3702, 10), (5353, 10), (1194, 10), (51820, 10)]

NICT = ["210.150.186.238", "122.1.4.87", "122.1.4.88"]
NICT_BLOCK = ["150.249.227.%d" % (160 + i) for i in range(16)]
DST4 = "203.0.113.7"
DST6 = "2001:0db8:0000:0000:0000:0000:0000:0007"
NOISE = [
    "dnsmasq-dhcp[412]: DHCPACK(br0) 192.168.1.{a} aa:bb:cc:dd:ee:{b:02x} phone-{a}",
    "dnsmasq-dhcp[412]: DHCPREQUEST(br0) 192.168.1.{a} aa:bb:cc:dd:ee:{b:02x}",
    "ntp: start NTP update",
    "wlceventd: wlceventd_proc_event(527): eth6: Auth AA:BB:CC:DD:EE:{b:02X}, status: Successful (0)",
    "watchdog: restart_wan_if: wan0 reconnected",
    "rc_service: httpd 1234:notify_rc restart_firewall",
    "kernel: br0: port {a}(eth{b}) entered forwarding state",
    "dropbear[{a}]: Child connection from 192.168.1.{b}:5{a}",
]


def zipf_table(n, s):
    """Cumulative weights of a Zipf(s) law over ranks 1..n."""
    return list(itertools.accumulate(1.0 / (r ** s) for r in range(1, n + 1)))


class Gen:
    def __init__(self, seed, start=None, mean_gap_us=200000, iso=False):
        rng = self.rng = random.Random(seed)
        self.max_gap_us = 2 * mean_gap_us
        self.iso = iso
        self.rand = rng.random
        # Busy scanners: 300 addresses, Zipf 1.1. Occasional ones: 40 000, Zipf 0.8.
        self.busy = [self.random_global_v4() for _ in range(300)]
        self.busy_cw = zipf_table(len(self.busy), 1.1)
        self.pool = [self.random_global_v4() for _ in range(40000)]
        self.pool_cw = zipf_table(len(self.pool), 0.8)
        self.v6 = ["2001:470:%x:%x::%x" % (rng.randrange(65536), rng.randrange(65536), rng.randrange(1, 65536))
                   for _ in range(2000)]
        self.v6_cw = zipf_table(len(self.v6), 1.0)
        self.hot = [p for p, _ in HOT_PORTS]
        self.hot_cw = list(itertools.accumulate(w for _, w in HOT_PORTS))
        self.hot_udp = [p for p, _ in HOT_UDP]
        self.hot_udp_cw = list(itertools.accumulate(w for _, w in HOT_UDP))
        # A tail of 3000 ports (random, fixed), Zipf 1.0.
        self.tail = rng.sample(range(1, 65536), 3000)
        self.tail_cw = zipf_table(len(self.tail), 1.0)
        self.t = start or datetime(2018, 11, 14, 0, 0, 0, tzinfo=timezone(timedelta(hours=9)))
        self.stamp_cache = (None, None, None)

    def random_global_v4(self):
        r = self.rng
        while True:
            a = r.randrange(1, 224)
            if a in (10, 100, 127, 169, 172, 192, 198, 203):
                continue
            return "%d.%d.%d.%d" % (a, r.randrange(256), r.randrange(256), r.randrange(1, 255))

    def pick(self, items, cw):
        return items[bisect.bisect_left(cw, self.rand() * cw[-1])]

    def source(self):
        r = self.rand()
        if r < 0.02:
            return self.rng.choice(NICT)
        if r < 0.025:
            return self.rng.choice(NICT_BLOCK)
        if r < 0.45:
            return self.pick(self.busy, self.busy_cw)
        if r < 0.90:
            return self.pick(self.pool, self.pool_cw)
        if r < 0.96:
            return self.random_global_v4()  # seen once
        if r < 0.98:
            return "192.168.1.%d" % self.rng.randrange(2, 254)
        return "100.64.%d.%d" % (self.rng.randrange(256), self.rng.randrange(1, 255))

    def tcp_port(self):
        r = self.rand()
        if r < 0.78:
            return self.pick(self.hot, self.hot_cw)
        if r < 0.965:
            return self.pick(self.tail, self.tail_cw)
        return self.rng.randrange(1, 65536)

    def udp_port(self):
        r = self.rand()
        if r < 0.75:
            return self.pick(self.hot_udp, self.hot_udp_cw)
        if r < 0.92:
            return self.pick(self.tail, self.tail_cw)
        return self.rng.randrange(1, 65536)

    def envelope(self):
        self.t += timedelta(microseconds=self.rng.randrange(0, self.max_gap_us))
        sec = int(self.t.timestamp())
        key, rfc3339, rfc3164 = self.stamp_cache
        if key != sec:
            rfc3339 = self.t.replace(microsecond=0).isoformat() + " router.asus.com kernel: "
            rfc3164 = "%s %2d %s kernel: " % (MONTHS[self.t.month - 1], self.t.day, self.t.strftime("%H:%M:%S"))
            self.stamp_cache = (sec, rfc3339, rfc3164)
        return rfc3339 if self.iso or self.rand() < 0.75 else rfc3164

    def line(self):
        rng = self.rng
        env = self.envelope()
        r = self.rand()
        if r < 0.05:  # noise
            if r < 0.035:
                text = rng.choice(NOISE).format(a=rng.randrange(2, 250), b=rng.randrange(256))
                return env[: env.rfind("kernel: ")] + text
            if r < 0.045:
                return (env + "DROP IN=ppp0 OUT= MAC= SRC=X.X.X.X DST=%s LEN=40 TOS=0x00 PREC=0x00 TTL=50 "
                        "ID=1 PROTO=TCP SPT=%d DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0 " % (DST4, rng.randrange(1024, 65536)))
            return (env + "DROP IN=ppp0 OUT= MAC= SRC=%s DST=%s LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP "
                    "SPT=%d WINDOW=1024 RES=0x00 SYN URGP=0 " % (self.source(), DST4, rng.randrange(1024, 65536)))
        verdict = "DROP"
        if r > 0.995:
            verdict = "REJECT"
        elif r > 0.99:
            verdict = "ACCEPT"
        r = self.rand()
        if r < 0.03:  # IPv6
            src = self.pick(self.v6, self.v6_cw)
            if r < 0.005:
                return (env + "%s IN=ppp0 OUT= MAC= SRC=%s DST=%s LEN=64 TC=0 HOPLIMIT=58 FLOWLBL=0 PROTO=ICMPv6 "
                        "TYPE=128 CODE=0 ID=%d SEQ=1 " % (verdict, src, DST6, rng.randrange(65536)))
            return (env + "%s IN=ppp0 OUT= MAC= SRC=%s DST=%s LEN=80 TC=0 HOPLIMIT=50 FLOWLBL=0 PROTO=TCP "
                    "SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0 " % (verdict, src, DST6, rng.randrange(1024, 65536),
                                                                    self.tcp_port()))
        src = self.source()
        head = "%s IN=ppp0 OUT= MAC= SRC=%s DST=%s " % (verdict, src, DST4)
        if r < 0.76:
            return (env + head + "LEN=40 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d SEQ=%d ACK=0 "
                    "WINDOW=%d RES=0x00 SYN URGP=0 " % (rng.randrange(40, 250), rng.randrange(1, 65536),
                                                        rng.randrange(1024, 65536), self.tcp_port(),
                                                        rng.randrange(1, 4294967296),
                                                        rng.choice((1024, 14600, 29200, 65535))))
        if r < 0.94:
            return (env + head + "LEN=68 TOS=0x00 PREC=0x00 TTL=%d ID=%d DF PROTO=UDP SPT=%d DPT=%d LEN=48 "
                    % (rng.randrange(40, 250), rng.randrange(1, 65536), rng.randrange(1024, 65536), self.udp_port()))
        if r < 0.97:
            return (env + head + "LEN=84 TOS=0x00 PREC=0x00 TTL=%d ID=%d DF PROTO=ICMP TYPE=8 CODE=0 ID=%d SEQ=%d "
                    % (rng.randrange(40, 250), rng.randrange(1, 65536), rng.randrange(65536), rng.randrange(100)))
        if r < 0.995:  # ICMP error quoting the packet it answers
            return (env + head + "LEN=96 TOS=0x00 PREC=0xC0 TTL=%d ID=%d PROTO=ICMP TYPE=3 CODE=3 "
                    "[SRC=%s DST=%s LEN=68 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=UDP SPT=%d DPT=%d LEN=48 ] "
                    % (rng.randrange(40, 250), rng.randrange(1, 65536), DST4, src, rng.randrange(1, 64),
                       rng.randrange(1, 65536), rng.randrange(1024, 65536), self.udp_port()))
        return (env + head + "LEN=64 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=47 "
                % (rng.randrange(40, 250), rng.randrange(1, 65536)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", action="store_true", help="print distinct proto/port pairs etc. to stderr")
    ap.add_argument("--start", help="first stamp, RFC 3339 (default 2018-11-14T00:00:00+09:00)")
    ap.add_argument("--days", type=float, default=0, help="spread the lines evenly over this many days")
    ap.add_argument("--iso", action="store_true", help="RFC 3339 stamps only")
    args = ap.parse_args()
    start = datetime.fromisoformat(args.start) if args.start else None
    gap = int(args.days * 86400e6 / args.lines) if args.days > 0 else 200000
    g = Gen(args.seed, start, gap, args.iso)
    out = sys.stdout
    buf = []
    ports = set() if args.stats else None
    for i in range(args.lines):
        ln = g.line()
        buf.append(ln)
        if ports is not None:
            p = ln.find(" PROTO=")
            if p >= 0:
                body = ln[: ln.find("[")] if "[" in ln else ln
                proto = body[p + 7:].split(" ", 1)[0].lower()
                d = body.find(" DPT=")
                ports.add((proto, body[d + 5:].split(" ", 1)[0] if d >= 0 else ""))
        if len(buf) >= 10000:
            out.write("\n".join(buf))
            out.write("\n")
            buf.clear()
    if buf:
        out.write("\n".join(buf))
        out.write("\n")
    if ports is not None:
        print("gen_logs: %d lines, %d distinct proto/port pairs" % (args.lines, len(ports)), file=sys.stderr)


if __name__ == "__main__":
    main()
