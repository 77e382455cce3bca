#!/usr/bin/env python3
"""Writes config/sample/router.log: the bundled sample the exporter reads with
no configuration, so /metrics shows data at once.

Deterministic (fixed seed). Modelled on an ASUS router's netfilter DROP log as
forwarded by syslog (RFC 3339 stamps, +09:00): scans of the usual ports from
sources around the world, NICT's announced NOTICE pre-survey addresses probing
22, 23 and 80, a few ICMP, UDP and IPv6 lines, some accepted packets, and a
handful of junk and broken lines (which the exporter counts as unmatched or
invalid). Written by the fwlog_exporter authors; the addresses are arbitrary
public ones, except NICT's, which NICT published.
"""
import random
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9))
rng = random.Random(20181116)

# (port, weight): telnet and ssh dominate, as in the seed's six months of logs.
PORTS = [(23, 30), (22, 18), (80, 8), (8080, 6), (5555, 5), (8000, 4), (443, 4), (3389, 4), (445, 4),
         (52869, 3), (23023, 2), (2323, 3), (81, 2), (8443, 2), (1433, 2), (5900, 2), (6379, 1),
         (37215, 2), (60001, 1), (7547, 2), (25, 1), (21, 1), (3306, 1), (9200, 1), (11211, 1)]
SOURCES = ["45.155.205.12", "185.156.73.54", "89.248.165.77", "193.32.162.30", "61.177.172.140",
           "222.186.30.112", "218.92.0.107", "112.85.42.88", "1.189.203.33", "121.4.56.201",
           "14.161.20.9", "117.50.7.14", "190.145.12.61", "201.48.103.7", "177.104.56.18",
           "41.216.186.89", "102.165.30.33", "80.82.77.139", "94.102.61.10", "162.142.125.212",
           "167.94.138.35", "198.235.24.171", "205.210.31.20", "71.6.146.186", "66.240.205.34",
           "114.32.151.9", "125.25.198.40", "183.82.105.6", "36.110.228.254", "211.253.10.96",
           "59.120.33.17", "103.145.13.180", "109.205.213.30", "5.188.206.14", "92.63.197.61"]
NICT = ["210.150.186.238", "122.1.4.87", "122.1.4.88"]
DST = "203.0.113.7"  # the router's own address (documentation range)


def weighted_port():
    return rng.choices([p for p, _ in PORTS], [w for _, w in PORTS])[0]


def tcp_line(ts, src, dpt, verdict="DROP", ttl=None):
    return (f"{ts} router.asus.com kernel: {verdict} IN=ppp0 OUT= MAC= SRC={src} DST={DST} LEN=40 "
            f"TOS=0x00 PREC=0x00 TTL={ttl or rng.randint(40, 250)} ID={rng.randint(1, 65535)} PROTO=TCP "
            f"SPT={rng.randint(1024, 65535)} DPT={dpt} SEQ={rng.randint(1, 4294967295)} ACK=0 "
            f"WINDOW={rng.choice([1024, 14600, 29200, 65535])} RES=0x00 SYN URGP=0 ")


def stamp(t):
    return t.isoformat(timespec="seconds")


lines = []
start = datetime(2018, 11, 14, 0, 0, 0, tzinfo=JST)
t = start
for i in range(420):
    t += timedelta(seconds=rng.randint(60, 1500))
    ts = stamp(t)
    r = rng.random()
    if r < 0.70:
        lines.append(tcp_line(ts, rng.choice(SOURCES), weighted_port()))
    elif r < 0.78:
        src = rng.choice(SOURCES)
        dpt = rng.choice([53, 123, 161, 1900, 5060, 11211, 37810])
        lines.append(f"{ts} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC={src} DST={DST} LEN=68 "
                     f"TOS=0x00 PREC=0x00 TTL=51 ID=0 DF PROTO=UDP SPT={rng.randint(1024, 65535)} DPT={dpt} LEN=48 ")
    elif r < 0.83:
        src = rng.choice(SOURCES)
        lines.append(f"{ts} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC={src} DST={DST} LEN=84 "
                     f"TOS=0x00 PREC=0x00 TTL=52 ID={rng.randint(1, 65535)} PROTO=ICMP TYPE=8 CODE=0 "
                     f"ID={rng.randint(1, 65535)} SEQ=1 ")
    elif r < 0.87:
        src = f"2001:470:{rng.randint(1, 0xffff):x}:{rng.randint(1, 0xffff):x}::{rng.randint(1, 0xff):x}"
        lines.append(f"{ts} router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC={src} "
                     f"DST=2001:0db8:0000:0000:0000:0000:0000:0007 LEN=80 TC=0 HOPLIMIT=50 FLOWLBL=0 PROTO=TCP "
                     f"SPT={rng.randint(1024, 65535)} DPT={weighted_port()} WINDOW=1024 RES=0x00 SYN URGP=0 ")
    elif r < 0.90:
        src = f"192.168.1.{rng.randint(2, 250)}"
        lines.append(f"{ts} router.asus.com kernel: ACCEPT IN=br0 OUT=ppp0 MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:08:00 "
                     f"SRC={src} DST=93.184.216.34 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF PROTO=TCP "
                     f"SPT={rng.randint(1024, 65535)} DPT=443 WINDOW=64240 RES=0x00 SYN URGP=0 ")
    else:
        lines.append(tcp_line(ts, rng.choice(SOURCES), weighted_port()))

# NICT's NOTICE pre-survey: the announced addresses probing 22, 23 and 80.
for day in range(14, 21):
    for port in (22, 23, 80):
        if rng.random() < 0.8:
            t2 = datetime(2018, 11, day, rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), tzinfo=JST)
            lines.append(tcp_line(stamp(t2), rng.choice(NICT), port, ttl=243))

lines.sort(key=lambda l: l[:25])

# A few lines in the older RFC 3164 form ASUS writes locally (no year, no host).
extra = [
    "Nov 20 21:04:11 kernel: DROP IN=ppp0 OUT= MAC= SRC=45.155.205.12 DST=203.0.113.7 LEN=44 TOS=0x00 PREC=0x00 TTL=245 ID=54321 PROTO=TCP SPT=51234 DPT=8080 WINDOW=1024 RES=0x00 SYN URGP=0 MARK=0x8000000 ",
    "Nov 20 21:05:37 kernel: DROP IN=ppp0 OUT= MAC= SRC=61.177.172.140 DST=203.0.113.7 LEN=44 TOS=0x00 PREC=0x00 TTL=47 ID=3 PROTO=TCP SPT=41722 DPT=22 WINDOW=1024 RES=0x00 SYN URGP=0 MARK=0x8000000 ",
]
# Junk: non-firewall lines, a masked address, an out-of-range port, a half line.
junk = [
    "2018-11-17T03:00:01+09:00 router.asus.com dnsmasq-dhcp[412]: DHCPACK(br0) 192.168.1.23 aa:bb:cc:dd:ee:ff phone",
    "2018-11-17T03:10:00+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=X.X.X.X DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0 ",
    "2018-11-18T12:00:00+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=66.77.88.99 DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 TTL=50 ID=1 PROTO=TCP SPT=1 DPT=99999 WINDOW=1024 RES=0x00 SYN URGP=0 ",
    "2018-11-18T12:30:00+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= SRC=185.156.73.54 DST=203.0.1",
    "2018-11-19T08:15:42+09:00 router.asus.com watchdog: restart_wan_if: wan0 reconnected",
    "garbage line without any structure at all",
]
for j, line in enumerate(junk):
    lines.insert(40 + j * 60, line)
lines.extend(extra)
with open("config/sample/router.log", "w") as f:
    for line in lines:
        f.write(line + "\n")
print(len(lines), "lines")
