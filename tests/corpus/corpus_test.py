#!/usr/bin/env python3
"""Corpus acceptance: every file of a shared firewall-log corpus, read by the
real `fwlog_exporter parse --format=auto` (and, for the folders in PRESETS,
also with the preset named), must give the packet counts its `.expected.json`
(written by the corpus's independent tools/expect.py) states:

  packet_entries         lines counted as packets
  by_protocol            packets per protocol
  dst_proto_port_top50   packets per (protocol, destination port)
  by_action, by_ip_version   the same, per verdict and per IP version

compared exactly. Where our reading of a line legitimately differs from
expect.py's (PROVENANCE.md: "a parser may legitimately reject them"), the line
is listed in EXCEPTIONS below with what expect.py made of it, what we make of
it, and why; the driver checks that each exception still holds and moves that
one line's contribution, and nothing else. A corpus file without an entry
there must agree exactly.

Names are compared in one spelling: expect.py reports protocols as written
and upper-cased ("TCP", "41"), we report lower-case names with IANA numbers
named as the parser names them ("41" -> "ipv6"); verdict words map as the
contract does (BLOCK/DENY/DROP -> drop, REJECT -> reject,
ACCEPT/ALLOW/AUDIT/PASS -> accept, none -> unknown), and a vendor's own words
as its preset maps them (VENDOR_ACTIONS).

When tools/expect.py is present, each line is also checked on its own against
expect.py's recognisers (same packet or not, same protocol and port): its
classify() where it has one (the firewall corpus's copy, which also reads the
vendor formats and leaves out records of a connection's end), else its three
router recognisers.

Two corpus roots run as two ctests: ../shared/corpus (routers,
corpus.acceptance) and ../shared/corpus-firewalls (enterprise and desktop
firewalls, corpus.firewalls). Folders in PENDING are read and reported but
do not fail the run.

Usage: corpus_test.py FWLOG_EXPORTER CORPUS_DIR [--folders=a,b]
  --folders=a,b   check only these top-level folders (while working on one)
Exit 0 pass, 1 fail, 77 skipped (no corpus).
"""
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

SKIP = 77

# IANA protocol numbers the parser names (parse/packet_fields.cc, SetProto).
PROTO_NAMES = {"1": "icmp", "2": "igmp", "4": "ipip", "6": "tcp", "17": "udp", "41": "ipv6", "47": "gre",
               "50": "esp", "51": "ah", "58": "icmpv6", "89": "ospf", "103": "pim", "112": "vrrp",
               "132": "sctp", "136": "udplite", "33": "dccp", "ipv6-icmp": "icmpv6"}
ACTIONS = {"DROP": "drop", "BLOCK": "drop", "DENY": "drop", "REJECT": "reject", "ACCEPT": "accept",
           "ALLOW": "accept", "AUDIT": "accept", "PASS": "accept", "(none)": "unknown"}
# Cisco ASA/FTD verbs and Windows Firewall actions, as the cisco-asa and
# windows-firewall presets read them (docs/formats.md).
ACTIONS.update({"DENIED": "drop", "DROPPED": "drop", "DROPPING": "drop", "DISCARD": "drop", "DISCARDED": "drop",
                "PERMITTED": "accept", "EST-ALLOWED": "accept", "BUILT": "accept", "MONITORED": "accept",
                "BYPASSED": "accept", "SKIPPED": "accept", "REQUESTED": "unknown", "MONITOR": "accept",
                "TRUST": "accept", "BLOCK WITH RESET": "reject", "OPEN": "accept", "OPEN-INBOUND": "accept"})

# A vendor's own verdict words (expect.py reports them raw, upper-cased), per
# folder, as that folder's preset maps them (docs/formats.md).
VENDOR_ACTIONS = {
    # FortiOS traffic records: the policy let the session through; the word says how it ended.
    "fortigate": {"CLOSE": "accept", "CLIENT-RST": "accept", "SERVER-RST": "accept", "TIMEOUT": "accept"},
    # Junos session records: CREATE is an accepted session.
    "juniper-srx": {"CREATE": "accept"},
    # UTM packet filter id 2014 logs a DNS request, without a verdict word.
    "sophos-utm": {"DNS REQUEST": "unknown"},
    # Sophos Firewall status words that are not verdicts.
    "sophos-xg": {w: "unknown" for w in ("DETECT", "CLEAN", "VIRUS", "SPAM", "ADMIN", "AUTHENTICATION", "SYSTEM")},
}

# The preset that reads each folder of the firewall corpus: these folders are
# checked with --format=auto and with --format=PRESET.
PRESETS = {"checkpoint": "checkpoint", "fortigate": "fortigate", "juniper-srx": "juniper-srx",
           "sonicwall": "sonicwall", "sophos-utm": "sophos", "sophos-xg": "sophos", "cisco-asa": "cisco-asa",
           "cisco-ftd": "cisco-asa", "paloalto": "panos", "windows-firewall": "windows-firewall", "zyxel": "zyxel"}

# Folders of a format no preset reads yet: read and reported ("pend") but not
# failing the run. Empty: every folder is checked.
PENDING = set()


def action_key(folder, word):
    """Our action for expect.py's verdict word; a word nobody mapped stays
    visible ("unmapped WORD") in the comparison, which then fails."""
    return VENDOR_ACTIONS.get(folder, {}).get(word) or ACTIONS.get(word, f"unmapped {word}")


def proto_key(p):
    p = p.lower()
    return PROTO_NAMES.get(p, p)


def port_key(key):
    proto, _, port = key.partition("/")
    return proto_key(proto) + "/" + port


class Counted:
    """What expect.py counted for one line: 'UDP/53 PASS v4' ('-' = no port)."""

    def __init__(self, text):
        pp, action, ipv = text.split()
        self.proto, _, port = pp.partition("/")
        self.dpt = None if port == "-" else port
        self.action = action
        self.ipv = "ipv" + ipv[1:]


class Differs:
    """expect.py and we disagree on whether `line` is a packet."""

    def __init__(self, line, expect_py, ours, why):
        self.line = line
        self.expect_py = Counted(expect_py) if expect_py else None  # None: not a packet for expect.py
        self.ours = ours  # "matched", "invalid <reason>" or "unmatched"
        self.why = why


class ActionDiffers:
    """Both count `line`; the verdicts differ."""

    def __init__(self, line, expect_py, ours, why):
        self.line, self.expect_py, self.ours, self.why = line, expect_py, ours, why


_TRUNCATED = "CSV cut before {what}: expect.py counts it as a packet {how}; we report the truncated record as " \
             "invalid (missing_field), as the pf preset's contract says"
_BAD_DPORT = "destination port is the text 'notaport': expect.py counts it under port 'notaport'; the contract " \
             "makes an unreadable destination port invalid (bad_port)"
EXCEPTIONS = {
    "pf-filterlog/allddd-opnsense-filter_mixed.log": [
        Differs(6, None, "matched",
                "RFC 5424 line whose SD field is left out ('86605 - 68,,,…'): expect.py wants '-' or '[…]' there; "
                "our envelope tolerates the omission, and the CSV after it is complete"),
        Differs(19, "UDP/- PASS v4", "invalid missing_field", _TRUNCATED.format(what="the destination address",
                                                                              how="without a port")),
        Differs(20, "UDP/- PASS v4", "invalid missing_field", _TRUNCATED.format(what="the ports",
                                                                              how="without a port")),
        Differs(23, "UDP/notaport PASS v4", "invalid bad_port", _BAD_DPORT),
        Differs(26, "TCP/notaport PASS v4", "invalid bad_port", _BAD_DPORT),
        Differs(32, "UDP/- PASS v6", "invalid missing_field", _TRUNCATED.format(what="the destination address",
                                                                              how="without a port")),
        Differs(33, "UDP/- PASS v6", "invalid missing_field", _TRUNCATED.format(what="the ports",
                                                                              how="without a port")),
        Differs(36, "UDP/notaport PASS v6", "invalid bad_port", _BAD_DPORT),
        Differs(39, "TCP/notaport BLOCK v6", "invalid bad_port", _BAD_DPORT),
    ],
    "edgeos/crowdsec-unifi-logs.log": [
        ActionDiffers(3, "BLOCK", "accept",
                      "the UniFi chain tag [WAN_LOCAL-A-2147483647] says accept; expect.py only reads tags ending "
                      "in -D]/-A]/-R] and falls back to the words of DESCR=\"…Block All Traffic\", the rule's "
                      "description"),
    ],
    # The firewall corpus (../shared/corpus-firewalls).
    "fortigate/wazuh-fortigate-tests.log": [
        Differs(11, "TCP/- DENY v4", "invalid bad_port",
                "a FortiOS 4 traffic record of proto=6 without any dst_port: expect.py counts it without a port; "
                "the contract makes a tcp/udp packet without a readable destination port invalid (bad_port), as "
                "for every preset"),
    ],
    "sonicwall/wazuh-sonicwall-tests.log": [
        ActionDiffers(n, "(none)", "drop",
                      "no fw_action= (older SonicOS): expect.py reports no verdict; the sonicwall preset then reads "
                      f"the verdict from msg=, which says the packet was dropped or denied (\"{msg}\")")
        for n, msg in ((2, "Unhandled link-local or multicast IPv6 packet dropped"), (3, "TCP connection dropped"),
                       (10, "Web site access denied"), (11, "Web site access denied"))
    ],
}


def corpus_files(root):
    """The files expect.py --all reads."""
    for p in sorted(Path(root).rglob("*")):
        if p.is_file() and not p.name.endswith(".expected.json") and "tools" not in p.relative_to(root).parts \
                and p.suffix != ".md":
            yield p


def input_lines(path):
    """Lines as we feed them: a .json file is Elastic's journald fixture, whose
    `message` fields have no syslog header; one message per line."""
    if path.suffix != ".json":
        return None
    doc = json.loads(path.read_text())
    return [ev.get("message", "") for ev in doc.get("events", [])]


STDERR = re.compile(r"^(.*):(\d+): (unmatched|invalid \((\w+)\)): ")


def run_parse(exporter, path, fmt):
    """{line: ("matched", event) | ("invalid <reason>", None) | ("unmatched", None)}"""
    lines = input_lines(path)
    tmp = None
    target = str(path)
    if lines is not None:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)
        tmp.write("\n".join(lines) + "\n")
        tmp.close()
        target = tmp.name
    try:
        proc = subprocess.run([exporter, "parse", f"--format={fmt}", "--timezone=UTC", target],
                              capture_output=True, text=True, timeout=300)
    finally:
        if tmp:
            os.unlink(tmp.name)
    if proc.returncode != 0:
        raise RuntimeError(f"parse exited {proc.returncode}: {proc.stderr[-500:]}")
    verdicts = {}
    for raw in proc.stdout.splitlines():
        event = json.loads(raw)
        verdicts[event["line"]] = ("matched", event)
    for raw in proc.stderr.splitlines():
        m = STDERR.match(raw)
        if m:
            verdicts[int(m.group(2))] = ("unmatched" if m.group(3) == "unmatched" else "invalid " + m.group(4), None)
    return verdicts


def load_expect_py(root):
    path = Path(root) / "tools" / "expect.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("corpus_expect", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def expect_py_record(module, text, ctx):
    """expect.py's packet entry for one line, or None; `ctx` is the file's
    state (classify() keeps a Windows Firewall #Fields: header there)."""
    if hasattr(module, "classify"):
        rec = module.classify(text, ctx)
    else:
        rec = module.parse_pf(text) or module.parse_netfilter(text) or module.parse_mikrotik(text)
    return rec if isinstance(rec, dict) else None


class Report:
    def __init__(self, name):
        self.name = name
        self.problems = []

    def fail(self, message):
        self.problems.append(message)


def compare_counters(report, what, expected, got):
    if expected != got:
        keys = sorted(set(expected) | set(got))
        diff = ", ".join(f"{k}: expected {expected.get(k, 0)}, got {got.get(k, 0)}" for k in keys
                         if expected.get(k, 0) != got.get(k, 0))
        report.fail(f"{what} differs ({diff})")


def check_file(exporter, root, path, expect_module, fmt):
    rel = path.relative_to(root).as_posix()
    folder = rel.split("/")[0]
    report = Report(rel if fmt == "auto" else f"{rel} [--format={fmt}]")
    exp_path = path.with_name(path.name + ".expected.json")
    if not exp_path.exists():
        report.fail("no .expected.json beside it")
        return report, None
    expected = json.loads(exp_path.read_text())
    verdicts = run_parse(exporter, path, fmt)

    # What expect.py says, in our spelling.
    want_packets = expected["packet_entries"]
    want_proto = Counter({proto_key(k): v for k, v in expected["by_protocol"].items()})
    want_ports = Counter({port_key(k): v for k, v in expected["dst_proto_port_top50"].items()})
    want_action = Counter()
    for k, v in expected["by_action"].items():
        want_action[action_key(folder, k)] += v
    want_ipv = Counter(expected["by_ip_version"])
    top_is_complete = len(expected["dst_proto_port_top50"]) < 50

    # Move each exception's line.
    exceptions = EXCEPTIONS.get(rel, [])
    for ex in exceptions:
        verdict, event = verdicts.get(ex.line, ("unmatched", None))
        if isinstance(ex, ActionDiffers):
            if verdict != "matched" or event["action"] != ex.ours:
                report.fail(f"exception for line {ex.line} no longer holds: we now say {verdict} "
                            f"{event['action'] if event else ''}")
            want_action[action_key(folder, ex.expect_py)] -= 1
            want_action[ex.ours] += 1
            continue
        if verdict != ex.ours:
            report.fail(f"exception for line {ex.line} no longer holds: expected us to say '{ex.ours}', "
                        f"we say '{verdict}'")
            continue
        if ex.expect_py:
            c = ex.expect_py
            want_packets -= 1
            want_proto[proto_key(c.proto)] -= 1
            if c.dpt:
                want_ports[port_key(f"{c.proto}/{c.dpt}")] -= 1
            want_action[action_key(folder, c.action)] -= 1
            want_ipv[c.ipv] -= 1
        if verdict == "matched":
            want_packets += 1
            want_proto[event["proto"]] += 1
            if event["port"]:
                want_ports[f"{event['proto']}/{event['port']}"] += 1
            want_action[event["action"]] += 1
            want_ipv[event["family"]] += 1
    for counter in (want_proto, want_ports, want_action, want_ipv):
        for k in [k for k, v in counter.items() if v == 0]:
            del counter[k]

    # What we say.
    events = [e for v, e in verdicts.values() if v == "matched"]
    got_proto = Counter(e["proto"] for e in events)
    got_ports = Counter(f"{e['proto']}/{e['port']}" for e in events if e["port"])
    got_action = Counter(e["action"] for e in events)
    got_ipv = Counter(e["family"] for e in events)

    if len(events) != want_packets:
        report.fail(f"packet_entries: expected {want_packets}, got {len(events)}")
    compare_counters(report, "by_protocol", want_proto, got_proto)
    compare_counters(report, "by_action", want_action, got_action)
    compare_counters(report, "by_ip_version", want_ipv, got_ipv)
    if top_is_complete:
        compare_counters(report, "dst_proto_port_top50", want_ports, got_ports)
    else:
        compare_counters(report, "dst_proto_port_top50", want_ports, Counter({k: got_ports[k] for k in want_ports}))
        floor = min(want_ports.values())
        above = {k: v for k, v in got_ports.items() if k not in want_ports and v > floor}
        if above:
            report.fail(f"dst_proto_port_top50: keys above the top-50 floor {floor} that expect.py does not list: "
                        f"{above}")
    for sample in expected.get("unclassified_samples", []):
        n = sample["line"]
        if verdicts.get(n, ("unmatched",))[0] == "matched" and not any(e.line == n for e in exceptions):
            report.fail(f"line {n} is unclassified for expect.py but we count it: {sample['text'][:100]}")

    # Line by line against expect.py itself, when it is there.
    if expect_module is not None:
        excepted = {e.line for e in exceptions if isinstance(e, Differs)}
        mismatches = []
        ctx = {}
        for n, text in enumerate(expect_module.lines_of(path), 1):
            rec = expect_py_record(expect_module, text, ctx) if text.strip() else None
            verdict, event = verdicts.get(n, ("unmatched", None))
            ex = next((e for e in exceptions if isinstance(e, Differs) and e.line == n), None)
            if ex is not None:
                stated = ex.expect_py
                if (rec is None) != (stated is None) or (rec and (rec["proto"] != stated.proto or
                                                               (rec["dpt"] or None) != stated.dpt)):
                    mismatches.append(f"line {n}: the exception misstates expect.py's reading {rec}")
                continue
            if (rec is None) != (verdict != "matched"):
                mismatches.append(f"line {n}: expect.py {'counts' if rec else 'does not count'} it, we say "
                                  f"{verdict}: {text[:120]}")
            elif rec is not None:
                want = (proto_key(rec["proto"]), rec["dpt"] or "")
                got = (event["proto"], event["port"])
                if want != got and n not in excepted:
                    mismatches.append(f"line {n}: expect.py {want}, we {got}")
        for m in mismatches[:10]:
            report.fail(m)
        if len(mismatches) > 10:
            report.fail(f"... and {len(mismatches) - 10} more line mismatches")

    summary = (f"{len(events)} packets (expect.py {expected['packet_entries']}), "
               f"{sum(1 for v, _ in verdicts.values() if v.startswith('invalid'))} invalid, "
               f"{sum(1 for v, _ in verdicts.values() if v == 'unmatched')} unmatched, "
               f"{len(exceptions)} exception(s)")
    return report, summary


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    options = dict(a[2:].split("=", 1) for a in argv[1:] if a.startswith("--") and "=" in a)
    if len(args) != 2 or set(options) - {"folders"}:
        print(__doc__)
        return 2
    exporter, root = args[0], Path(args[1])
    if not root.is_dir():
        print(f"SKIP: no corpus at {root} (the shared firewall-log corpus is not checked out beside the project)")
        return SKIP
    expect_module = load_expect_py(root)
    if expect_module is None:
        print(f"note: {root}/tools/expect.py not found; checking counts only, not line by line")
    files = list(corpus_files(root))
    if "folders" in options:
        wanted = set(options["folders"].split(","))
        files = [f for f in files if f.relative_to(root).parts[0] in wanted]
    if not files:
        print(f"SKIP: {root} holds no corpus files")
        return SKIP
    known = {f.relative_to(root).as_posix() for f in files}
    folders = {f.relative_to(root).parts[0] for f in files}
    checks = failed = pending = 0
    for name in EXCEPTIONS:
        if name.split("/")[0] in folders and name not in known:
            print(f"FAIL {name}: has exceptions but is not in the corpus")
            failed += 1
    for path in files:
        folder = path.relative_to(root).parts[0]
        for fmt in ["auto"] + ([PRESETS[folder]] if folder in PRESETS else []):
            report, summary = check_file(exporter, root, path, expect_module, fmt)
            if folder in PENDING:
                pending += 1
                state = "agrees: take its folder off PENDING" if not report.problems else \
                    f"{len(report.problems)} problem(s), not counted"
                print(f"pend {report.name}: {summary or ''} ({state})")
                continue
            checks += 1
            if report.problems:
                failed += 1
                print(f"FAIL {report.name}: {summary or ''}")
                for p in report.problems:
                    print(f"     {p}")
            else:
                print(f"ok   {report.name}: {summary}")
    print(f"{checks - failed} of {checks} checks agree" + (f"; {pending} pending, not counted" if pending else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
