#!/usr/bin/env python3
"""Deterministic generator of enterprise/desktop firewall logs for benchmarks.

    bench/gen_enterprise_logs.py --format cisco-asa --lines 200000 --seed 1 > /tmp/asa.log

Formats (one per run), each a mix of what such a log holds, written for this
project from the formats' published descriptions (documentation and private
addresses only, plus generated public ones):

  cisco-asa         ASA syslog with RFC 3164 headers: ACL denies (106023, 106001,
                    106006), access-list hits (106100), Built/Teardown pairs
                    (302013/302014, 302015/302016), ICMP denies (313004),
                    to-the-box denies (710003), dynamic filter drops (338008),
                    FTD connection events (430002), ~6 % system/NAT noise
  panos             PAN-OS TRAFFIC CSV (drop, deny, end/allow, start) with
                    THREAT and SYSTEM records between them (~8 %)
  zyxel             USG FLEX records: Traffic Log, policy drops with and
                    without protoID, IPSec VPN noise
  windows-firewall  pfirewall.log: the four header lines, then DROP/ALLOW/OPEN/
                    CLOSE records (TCP with flags, UDP, ICMP, IPv6), the header
                    written again every ~50 k records (the log started anew)

Sources are heavy-tailed (a few hundred busy scanners, a long tail, a trickle
of one-off addresses, some IPv6), destination ports weighted towards the
usual scan targets with a uniform sprinkle. Output is a pure function of
(--format, --lines, --seed).
"""
import argparse
import random
import sys
from datetime import datetime, timedelta

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HOT_TCP = [22, 23, 80, 443, 445, 3389, 8080, 5555, 1433, 3306, 5900, 8443, 25, 21, 6379, 9200]
HOT_UDP = [53, 123, 161, 1900, 5060, 137, 500, 5353, 11211, 389]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.busy = ["%d.%d.%d.%d" % (self.r.randint(1, 223), self.r.randint(0, 255), self.r.randint(0, 255),
                                      self.r.randint(1, 254)) for _ in range(300)]
        self.tail = ["%d.%d.%d.%d" % (self.r.randint(1, 223), self.r.randint(0, 255), self.r.randint(0, 255),
                                      self.r.randint(1, 254)) for _ in range(20000)]
        self.v6 = ["2001:db8:%x:%x::%x" % (self.r.randint(0, 0xffff), self.r.randint(0, 0xffff),
                                           self.r.randint(1, 0xffff)) for _ in range(500)]
        self.t = datetime(2026, 3, 24, 0, 0, 0)

    def tick(self):
        self.t += timedelta(milliseconds=self.r.randint(0, 900))
        return self.t

    def src(self, v6_share=0.03):
        x = self.r.random()
        if x < v6_share:
            return self.r.choice(self.v6)
        if x < 0.5:
            return self.busy[min(int(self.r.paretovariate(1.2)) - 1, len(self.busy) - 1)]
        if x < 0.95:
            return self.r.choice(self.tail)
        return "%d.%d.%d.%d" % (self.r.randint(1, 223), self.r.randint(0, 255), self.r.randint(0, 255),
                                self.r.randint(1, 254))

    def dport(self, proto):
        if self.r.random() < 0.15:
            return self.r.randint(1, 65535)
        return self.r.choice(HOT_TCP if proto == "tcp" else HOT_UDP)

    def sport(self):
        return self.r.randint(1024, 65535)

    def stamp3164(self):
        t = self.tick()
        return "%s %2d %02d:%02d:%02d" % (MONTHS[t.month - 1], t.day, t.hour, t.minute, t.second)


def cisco_asa(g, n):
    out = []
    conn = 100000
    while len(out) < n:
        head = "<166>%s asa-1 " % g.stamp3164()
        proto = "tcp" if g.r.random() < 0.7 else "udp"
        s, d = g.src(), "192.0.2.%d" % g.r.randint(1, 254)
        sp, dp = g.sport(), g.dport(proto)
        x = g.r.random()
        if x < 0.45:
            out.append(head + '%%ASA-4-106023: Deny %s src outside:%s/%d dst inside:%s/%d by access-group "outside_in" '
                       '[0x0, 0x0]' % (proto, s, sp, d, dp))
        elif x < 0.52:
            out.append(head + "%%ASA-2-106001: Inbound TCP connection denied from %s/%d to %s/%d flags SYN  on "
                       "interface outside" % (s, sp, d, dp))
        elif x < 0.57:
            out.append(head + "%%ASA-2-106006: Deny inbound UDP from %s/%d to %s/%d on interface outside"
                       % (s, sp, d, g.dport("udp")))
        elif x < 0.65:
            out.append(head + "%%ASA-6-106100: access-list inside_out permitted %s inside/10.1.%d.%d(%d) -> "
                       "outside/%s(%d) hit-cnt 1 first hit [0x1a2b3c4d, 0x0]"
                       % (proto, g.r.randint(0, 9), g.r.randint(2, 254), sp, s, dp))
        elif x < 0.80:
            conn += 1
            kind = ("302013", "302014", "TCP") if proto == "tcp" else ("302015", "302016", "UDP")
            out.append(head + "%%ASA-6-%s: Built inbound %s connection %d for outside:%s/%d (%s/%d) to dmz:%s/%d "
                       "(203.0.113.%d/%d)" % (kind[0], kind[2], conn, s, sp, s, sp, d, dp, g.r.randint(1, 254), dp))
            out.append(head + "%%ASA-6-%s: Teardown %s connection %d for outside:%s/%d to dmz:%s/%d duration 0:00:%02d "
                       "bytes %d" % (kind[1], kind[2], conn, s, sp, d, dp, g.r.randint(0, 59), g.r.randint(40, 9000)))
        elif x < 0.84:
            out.append(head + "%%ASA-4-313004: Denied ICMP type=8, from laddr %s on interface outside to %s: no "
                       "matching session" % (s, d))
        elif x < 0.86:
            out.append(head + "%%ASA-3-710003: TCP access denied by ACL from %s/%d to outside:192.0.2.1/%d"
                       % (s, sp, g.r.choice([22, 443])))
        elif x < 0.88:
            out.append(head + "%%ASA-4-338008: Dynamic Filter dropped blacklisted TCP traffic from inside:10.1.2.%d/%d "
                       "(203.0.113.2/%d) to outside:%s/%d (%s/%d), destination %s resolved from dynamic list: "
                       "bad.example" % (g.r.randint(2, 254), sp, sp, s, dp, s, dp, s))
        elif x < 0.94:
            out.append("%s ftd-1 %%FTD-1-430002: AccessControlRuleAction: %s, SrcIP: %s, DstIP: %s, SrcPort: %d, "
                       "DstPort: %d, Protocol: %s, IngressInterface: outside, EgressInterface: inside, IngressZone: "
                       "out-zone, EgressZone: in-zone, ACPolicy: base, AccessControlRuleName: %s, Prefilter Policy: "
                       "Default, User: No Authentication Required"
                       % (g.tick().strftime("%Y-%m-%dT%H:%M:%SZ"), g.r.choice(["Block", "Allow", "Block with reset"]),
                          s, d, sp, dp, proto, g.r.choice(["Block-RDP", "Allow-Web", "Default"])))
        elif x < 0.97:
            out.append(head + "%%ASA-6-305011: Built dynamic TCP translation from inside:10.1.2.%d/%d to "
                       "outside:203.0.113.1/%d" % (g.r.randint(2, 254), sp, sp))
        else:
            out.append(head + "%ASA-5-111008: User 'admin' executed the 'show conn' command.")
    return out[:n]


def panos(g, n):
    out = []
    while len(out) < n:
        t = g.tick().strftime("%Y/%m/%d %H:%M:%S")
        head = "<14>%s PA-440 " % g.stamp3164()
        x = g.r.random()
        if x < 0.92:
            proto = g.r.choice(["tcp", "tcp", "tcp", "udp", "icmp"])
            sub, act = g.r.choice([("drop", "deny"), ("deny", "deny"), ("end", "allow"), ("start", "allow"),
                                   ("drop", "reset-both")])
            dp = g.dport(proto) if proto != "icmp" else 0
            sp = g.sport() if proto != "icmp" else 0
            out.append(head + "1,%s,012801000001,TRAFFIC,%s,2561,%s,%s,192.0.2.%d,0.0.0.0,0.0.0.0,%s,,,%s,vsys1,"
                       "untrust,trust,ethernet1/1,%s,log-fwd,%s,%d,1,%d,%d,0,0,0x0,%s,%s,%d,%d,%d,1,%s,0,any,0,%d,"
                       "0x0,United States,192.0.2.0-192.0.2.255,0,1,0,policy-deny,0,0,0,0,,PA-440,from-policy,,,0,,0,"
                       ",N/A,0,0,0,0"
                       % (t, sub, t, g.src(), g.r.randint(1, 254), "deny-inbound" if act != "allow" else "allow-out",
                          "not-applicable" if act != "allow" else "ssl", "ethernet1/2" if act == "allow" else "", t,
                          g.r.randint(1, 10 ** 6), sp, dp, proto, act, g.r.randint(60, 9000), g.r.randint(60, 900),
                          g.r.randint(0, 900), t, g.r.randint(10 ** 6, 10 ** 7)))
        elif x < 0.97:
            out.append(head + "1,%s,012801000001,THREAT,url,2561,%s,10.1.2.3,%s,0.0.0.0,0.0.0.0,allow-out,,,"
                       "web-browsing,vsys1,trust,untrust,ethernet1/2,ethernet1/1,log-fwd,%s,4712,1,50002,80,0,0,0x0,"
                       "tcp,alert,\"example.com/\",(9999),any,informational,client-to-server" % (t, t, g.src(), t))
        else:
            out.append(head + "1,%s,012801000001,SYSTEM,general,0,%s,,general,,0,0,general,informational,"
                       "\"User admin logged in via Web from 10.1.2.3\",4711,0x0,0,0,0,0,,PA-440" % (t, t))
    return out


def zyxel(g, n):
    out = []
    while len(out) < n:
        t = g.tick()
        head = "<142>%s %2d %02d:%02d:%02d %d usg-flex " % (MONTHS[t.month - 1], t.day, t.hour, t.minute, t.second,
                                                          t.year)
        proto = g.r.choice(["tcp", "tcp", "udp"])
        num = 6 if proto == "tcp" else 17
        s, sp, dp = g.src(0), g.sport(), g.dport(proto)
        x = g.r.random()
        if x < 0.4:
            out.append(head + 'src="10.1.2.%d:%d" dst="%s:%d" msg="Traffic Log" note="" user="" devID="0a1b2c3d4e5f" '
                       'cat="Traffic Log" action="" sourceTranslatedAddress=203.0.113.1 sent=%d rcvd=%d '
                       'dir=LAN1:WAN protoID=%d proto=https' % (g.r.randint(2, 254), sp, s, dp, g.r.randint(100, 10 ** 6),
                                                               g.r.randint(100, 10 ** 6), num))
        elif x < 0.8:
            out.append(head + 'src="%s:%d" dst="192.0.2.10:%d" msg="Match default rule DROP" note="ACCESS BLOCK" '
                       'user="" devID="0a1b2c3d4e5f" cat="Security Policy Control" action="Drop" protoID=%d'
                       % (s, sp, dp, num))
        elif x < 0.9:
            out.append(head + 'src="%s:%d" dst="192.0.2.10:%d" msg="Match default rule DROP" note="ACCESS BLOCK" '
                       'user="" devID="0a1b2c3d4e5f" cat="Security Policy Control" action="Drop"' % (s, sp, dp))
        else:
            out.append(head + 'src="%s:4500" dst="192.0.2.10:4500" msg="Branch-VPN sending DPD request" note="" '
                       'user="" devID="0a1b2c3d4e5f" cat="IPSec VPN" action=""' % s)
    return out


WINDOWS_HEADER = ["#Version: 1.5", "#Software: Microsoft Windows Firewall", "#Time Format: Local",
                  "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack "
                  "tcpwin icmptype icmpcode info path"]


def windows_firewall(g, n):
    out = list(WINDOWS_HEADER)
    while len(out) < n:
        if len(out) % 50000 == 0:
            out.extend(WINDOWS_HEADER)
        t = g.tick().strftime("%Y-%m-%d %H:%M:%S")
        x = g.r.random()
        s = g.src(0.1)
        d = "ff02::fb" if ":" in s else "192.0.2.%d" % g.r.randint(1, 254)
        if x < 0.5:
            out.append("%s DROP TCP %s %s %d %d 52 S %d 0 64240 - - - RECEIVE"
                       % (t, s, d, g.sport(), g.dport("tcp"), g.r.randint(1, 2 ** 32 - 1)))
        elif x < 0.75:
            out.append("%s DROP UDP %s %s %d %d %d - - - - - - - RECEIVE"
                       % (t, s, d, g.sport(), g.dport("udp"), g.r.randint(40, 600)))
        elif x < 0.8:
            out.append("%s DROP %s %s %s - - 60 - - - - 8 0 - RECEIVE" % (t, "ICMPv6" if ":" in s else "ICMP", s, d))
        elif x < 0.88:
            out.append("%s ALLOW UDP 192.0.2.10 198.51.100.53 %d 53 0 - - - - - - - SEND" % (t, g.sport()))
        elif x < 0.94:
            out.append("%s OPEN TCP 192.0.2.10 %s %d 443 - - - - - - - - -" % (t, s, g.sport()))
        else:
            out.append("%s CLOSE TCP 192.0.2.10 %s %d 443 - - - - - - - - -" % (t, s, g.sport()))
    return out[:n]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", required=True, choices=["cisco-asa", "panos", "zyxel", "windows-firewall"])
    ap.add_argument("--lines", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    g = Gen(a.seed)
    make = {"cisco-asa": cisco_asa, "panos": panos, "zyxel": zyxel, "windows-firewall": windows_firewall}[a.format]
    sys.stdout.write("\n".join(make(g, a.lines)) + "\n")


if __name__ == "__main__":
    main()
