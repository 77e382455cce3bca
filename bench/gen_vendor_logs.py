#!/usr/bin/env python3
"""Deterministic generator of vendor firewall logs, one format per file, for
measuring the vendor presets' speed (docs/performance.md, "Vendor presets").

    bench/gen_vendor_logs.py --format fortigate --lines 200000 --seed 1 > /tmp/fortigate.log

Formats: fortigate (FortiOS 6/7 traffic records), sophos-utm (UTM 9 packet
filter), sophos-xg (Sophos Firewall), sonicwall (SonicOS), checkpoint (Log
Exporter syslog), juniper-srx (structured RT_FLOW), juniper-srx-text (plain
RT_FLOW). Lines are modelled on each vendor's field layout as the fixtures
in tests/fixtures/logs are (documentation and private addresses, written for
this project): ~90 % denied inbound connection attempts from a heavy-tailed
source pool to the usual scan targets, ~5 % allowed outbound sessions, ~5 %
records of the same vendor that are not packets (events, UTM, closes), in
time order a few per second. Output is a pure function of the arguments.
"""
import argparse
import random
import sys
from datetime import datetime, timedelta, timezone

PORTS = [(23, 30), (22, 18), (80, 8), (8080, 6), (445, 4), (3389, 4), (443, 4), (5555, 5), (1433, 2), (5900, 2),
         (6379, 1), (25, 1), (21, 1), (3306, 1), (8443, 2), (2323, 3)]
UDP_PORTS = [(53, 4), (123, 4), (161, 4), (1900, 4), (5060, 3), (137, 2), (500, 2)]
WAN = "203.0.113.10"


class Traffic:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.t = datetime(2026, 3, 1, tzinfo=timezone.utc)
        self.busy = ["198.51.100.%d" % i for i in range(1, 255)] + ["192.0.2.%d" % i for i in range(1, 255)]
        self.ports, self.weights = zip(*PORTS)
        self.udp, self.udp_weights = zip(*UDP_PORTS)
        self.seq = 0

    def tick(self):
        self.t += timedelta(milliseconds=self.r.randint(1, 900))
        self.seq += 1
        return self.t

    def source(self):
        r = self.r
        if r.random() < 0.6:
            return self.busy[min(int(r.paretovariate(1.2)) - 1, len(self.busy) - 1)]
        if r.random() < 0.05:
            return "2001:db8:%x::%x" % (r.randint(1, 0xffff), r.randint(1, 0xffff))
        return "%d.%d.%d.%d" % (r.choice((45, 61, 89, 103, 185, 193)), r.randint(0, 255), r.randint(0, 255),
                                r.randint(1, 254))

    def packet(self):
        """(kind, proto number, src, sport, dst, dport): kind deny | accept | other."""
        r = self.r
        roll = r.random()
        if roll < 0.05:
            return "other", 6, "192.0.2.20", r.randint(32768, 60999), "198.51.100.80", 443
        if roll < 0.10:
            return "accept", 17, "192.0.2.%d" % r.randint(2, 60), r.randint(32768, 60999), "198.51.100.53", 53
        src = self.source()
        dst = WAN if ":" not in src else "2001:db8:1::10"
        if r.random() < 0.8:
            port = r.choices(self.ports, self.weights)[0] if r.random() < 0.8 else r.randint(1, 65535)
            return "deny", 6, src, r.randint(1024, 65535), dst, port
        if r.random() < 0.8:
            return "deny", 17, src, r.randint(1024, 65535), dst, r.choices(self.udp, self.udp_weights)[0]
        return "deny", 1, src, 0, dst, 0


PROTO_NAME = {6: "TCP", 17: "UDP", 1: "ICMP"}


def fortigate(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    local = t + timedelta(hours=1)
    head = ('date=%s time=%s devname="fw-hq" devid="FGT60FTK00000001" eventtime=%d%09d tz="+0100" '
            % (local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S"), int(t.timestamp()), t.microsecond * 1000))
    if kind == "other":
        return head + ('logid="0100032001" type="event" subtype="system" level="information" vd="root" '
                       'logdesc="Admin login successful" user="admin" ui="https(192.0.2.20)" action="login" '
                       'status="success" msg="Administrator admin logged in successfully from https(192.0.2.20)"')
    ports = "" if proto == 1 else " srcport=%d" % sport
    dports = "" if proto == 1 else " dstport=%d" % dport
    action, policy = ('"deny" policyid=0', "WAN in") if kind == "deny" else ('"close" policyid=7', "DNS out")
    return head + ('logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=%s%s '
                   'srcintf="wan1" srcintfrole="wan" dstip=%s%s dstintf="internal" dstintfrole="lan" '
                   'sessionid=%d proto=%d action=%s policyname="%s" policytype="policy" service="tcp/%d" '
                   'trandisp="noop" duration=0 sentbyte=0 rcvdbyte=0 sentpkt=0 appcat="unscanned" crscore=30 '
                   'craction=131072 crlevel="high"'
                   % (src, ports, dst, dports, tr.seq, proto, action, policy, dport))


def sophos_utm(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    head = "%s utm-gw ulogd[4100]: " % t.strftime("%Y:%m:%d-%H:%M:%S")
    if kind == "other":
        return ("%s utm-gw httpproxy[3100]: id=\"0001\" severity=\"info\" sys=\"SecureWeb\" sub=\"http\" "
                "name=\"http access\" action=\"pass\" method=\"GET\" srcip=\"192.0.2.20\" dstip=\"198.51.100.80\" "
                "url=\"http://www.example.com/\"" % t.strftime("%Y:%m:%d-%H:%M:%S"))
    name, action, rule = ("Packet dropped", "drop", "60001") if kind == "deny" else ("Packet accepted", "accept", "12")
    ports = "" if proto == 1 else ' srcport="%d" dstport="%d"' % (sport, dport)
    flags = ' tcpflags="SYN"' if proto == 6 else ""
    return head + ('id="2001" severity="info" sys="SecureNet" sub="packetfilter" name="%s" action="%s" '
                   'fwrule="%s" initf="eth1" srcmac="00:1a:8c:00:00:01" dstmac="00:1a:8c:00:00:02" srcip="%s" '
                   'dstip="%s" proto="%d" length="60" tos="0x00" prec="0x00" ttl="52"%s%s'
                   % (name, action, rule, src, dst, proto, ports, flags))


def sophos_xg(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    head = ('device="SFW" date=%s time=%s timezone="CET" device_name="XG135" device_id=C01001ABCDEF '
            % (t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S")))
    if kind == "other":
        return head + ('log_id=050901616001 log_type="Content Filtering" log_component="HTTP" '
                       'log_subtype="Allowed" src_ip=192.0.2.20 dst_ip=198.51.100.80 protocol="TCP" '
                       'src_port=40002 dst_port=80 url="http://www.example.com/"')
    sub, status, rule = ("Denied", "Deny", 0) if kind == "deny" else ("Allowed", "Allow", 5)
    ports = "" if proto == 1 else " src_port=%d dst_port=%d" % (sport, dport)
    return head + ('log_id=010101600001 log_type="Firewall" log_component="Firewall Rule" log_subtype="%s" '
                   'status="%s" priority=Information duration=0 fw_rule_id=%d policy_type=1 user_name="" '
                   'user_gp="" iap=0 ips_policy_id=0 appfilter_policy_id=0 application="" application_risk=0 '
                   'in_interface="Port2" out_interface="" src_mac=00:1a:8c:00:00:03 src_ip=%s src_country_code= '
                   'dst_ip=%s dst_country_code= protocol="%s"%s sent_pkts=0  recv_pkts=0 sent_bytes=0 recv_bytes=0 '
                   'tran_src_ip= tran_src_port=0 tran_dst_ip= tran_dst_port=0 srczonetype="" dstzonetype="" '
                   'dir_disp="" connid="" vconnid="" hb_health="No Heartbeat" message="" appresolvedby="Signature"'
                   % (sub, status, rule, src, dst, PROTO_NAME[proto], ports))


def sonicwall(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    head = 'id=firewall sn=0040100A1B2C time="%s UTC" fw=203.0.113.1 pri=5 ' % t.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "other":
        return head + ('c=1024 m=537 msg="Connection Closed" n=%d src=192.0.2.20:%d:X0 dst=198.51.100.80:443:X1 '
                       'proto=tcp/https sent=1200 rcvd=5400 cdur=57 fw_action="forward"' % (tr.seq, sport))
    msg, m, act = (("%s connection dropped" % PROTO_NAME[proto], 36, "drop") if kind == "deny"
                   else ("Connection Opened", 98, "forward"))
    six = ":" in src
    srcpart = ("srcV6=%s src=:%d:X1" % (src, sport)) if six else "src=%s:%d:X1" % (src, sport)
    dstpart = ("dstV6=%s dst=:%d:X1" % (dst, dport)) if six else "dst=%s:%d:X1" % (dst, dport)
    service = "icmp" if proto == 1 else "%s/%d" % (PROTO_NAME[proto].lower(), dport)
    return head + ('c=64 m=%d msg="%s" app=49175 n=%d %s %s srcMac=00:1a:8c:00:00:04 dstMac=00:1a:8c:00:00:05 '
                   'proto=%s fw_action="%s"' % (m, msg, tr.seq, srcpart, dstpart, service, act))


def checkpoint(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    head = "<134>1 %s mgmt-log CheckPoint 26203 - [" % t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind == "other":
        return head + ('action:"Update"; flags:"150784"; ifdir:"inbound"; origin:"192.0.2.1"; time:"%d"; '
                       'version:"5"; product:"Identity Awareness"; src:"192.0.2.20"; identity_type:"user"; '
                       'auth_status:"Successful Login"; ]' % int(t.timestamp()))
    action, rule = ("Drop", "Cleanup rule") if kind == "deny" else ("Accept", "DNS out")
    ports = "" if proto == 1 else ' s_port:"%d"; service:"%d";' % (sport, dport)
    return head + ('action:"%s"; flags:"400644"; ifdir:"inbound"; ifname:"eth1"; logid:"0"; '
                   'loguid:"{0x5ddde651,0x48,0xca96040a,0xc000001b}"; origin:"192.0.2.1"; '
                   'originsicname:"CN=gw,O=mgmt"; sequencenum:"%d"; time:"%d"; version:"5"; dst:"%s"; '
                   'inzone:"External"; layer_name:"Network"; match_id:"12"; outzone:"Internal"; '
                   'product:"VPN-1 & FireWall-1"; proto:"%d"; rule:"12"; rule_name:"%s";%s src:"%s"; ]'
                   % (action, tr.seq, int(t.timestamp()), dst, proto, rule, ports, src))


def juniper_srx(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    head = "<14>1 %s.%03dZ srx-edge RT_FLOW - " % (t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000)
    record = {"deny": "RT_FLOW_SESSION_DENY", "accept": "RT_FLOW_SESSION_CREATE", "other": "RT_FLOW_SESSION_CLOSE"}
    extra = ' reason="policy deny"' if kind == "deny" else (' reason="TCP FIN"' if kind == "other" else "")
    return head + ('%s [junos@2636.1.1.1.2.129 source-address="%s" source-port="%d" destination-address="%s" '
                   'destination-port="%d" connection-tag="0" service-name="junos-%d" protocol-id="%d" '
                   'icmp-type="0" policy-name="%s" source-zone-name="untrust" destination-zone-name="trust" '
                   'application="UNKNOWN" nested-application="UNKNOWN" username="N/A" roles="N/A" '
                   'packet-incoming-interface="ge-0/0/0.0" encrypted="No"%s]'
                   % (record[kind], src, sport, dst, dport, dport, proto,
                      "deny-all" if kind == "deny" else "allow-dns", extra))


def juniper_srx_text(tr, kind, proto, src, sport, dst, dport):
    t = tr.tick()
    head = "%s srx-edge RT_FLOW: " % t.strftime("%b %d %H:%M:%S").replace(" 0", "  ", 1)
    if kind == "deny":
        return head + ("RT_FLOW_SESSION_DENY: session denied %s/%d->%s/%d 0x0 junos-%d %d(0) deny-all untrust trust "
                       "UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny" % (src, sport, dst, dport, dport, proto))
    tuple_ = "%s/%d->%s/%d" % (src, sport, dst, dport)
    if kind == "accept":
        return head + ("RT_FLOW_SESSION_CREATE: session created %s 0x0 junos-dns-udp %s 0x0 N/A N/A N/A N/A %d "
                       "allow-dns trust untrust %d N/A(N/A) ge-0/0/1.0 UNKNOWN UNKNOWN UNKNOWN N/A N/A -1"
                       % (tuple_, tuple_, proto, tr.seq))
    return head + ("RT_FLOW_SESSION_CLOSE: session closed TCP FIN: %s 0x0 junos-https %s 0x0 N/A N/A N/A N/A 6 "
                   "allow-web trust untrust %d 10(1000) 12(9000) 57 UNKNOWN UNKNOWN N/A(N/A) ge-0/0/1.0 No "
                   % (tuple_, tuple_, tr.seq))


FORMATS = {"fortigate": fortigate, "sophos-utm": sophos_utm, "sophos-xg": sophos_xg, "sonicwall": sonicwall,
           "checkpoint": checkpoint, "juniper-srx": juniper_srx, "juniper-srx-text": juniper_srx_text}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--format", required=True, choices=sorted(FORMATS))
    ap.add_argument("--lines", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    tr = Traffic(args.seed)
    write = FORMATS[args.format]
    out = sys.stdout
    for _ in range(args.lines):
        out.write(write(tr, *tr.packet()) + "\n")


if __name__ == "__main__":
    main()
