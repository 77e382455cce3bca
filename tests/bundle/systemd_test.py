#!/usr/bin/env python3
"""Checks of deploy/systemd/fwlog_exporter.service.

    tests/bundle/systemd_test.py [EXPORTER_BINARY]

  * the hardening directives the bundle promises are set (DynamicUser or User,
    StateDirectory=fwlog_exporter, CacheDirectory=fwlog_exporter (the country
    table kept between starts), SupplementaryGroups=adm, ProtectSystem=strict,
    ProtectHome, PrivateTmp, NoNewPrivileges, RestrictAddressFamilies,
    SystemCallFilter=@system-service, an empty CapabilityBoundingSet, reload by SIGHUP,
    a LimitNOFILE above systemd's default soft limit of 1024);
  * $FWLOG_EXPORTER_ARGS used by ExecStart is set in fwlog_exporter.default;
  * `systemd-analyze verify` reports nothing (ExecStart points at
    EXPORTER_BINARY when given, else at /bin/true, because verify requires an
    existing executable);
  * `systemd-analyze security --offline=true` rates the exposure at most
    MAX_EXPOSURE.
The systemd-analyze parts are skipped with a message when it is not installed.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

from bundlelib import SKIP, Failures, repo_path

UNIT = repo_path("deploy", "systemd", "fwlog_exporter.service")
DEFAULTS = repo_path("deploy", "systemd", "fwlog_exporter.default")
MAX_EXPOSURE = 2.0  # systemd-analyze's scale: 0 (locked down) .. 10 (exposed); < 3 is "OK"


def directives(text):
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        out.setdefault(key.strip(), []).append(value.strip())
    return out


def main():
    failures = Failures()
    with open(UNIT, encoding="utf-8") as f:
        text = f.read()
    d = directives(text)

    def last(key):
        return (d.get(key) or [None])[-1]

    failures.check(last("DynamicUser") == "yes" or bool(last("User")), UNIT, "needs DynamicUser=yes or a User=")
    expected = {
        "StateDirectory": "fwlog_exporter",
        "CacheDirectory": "fwlog_exporter",
        "SupplementaryGroups": "adm",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "NoNewPrivileges": "yes",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "CapabilityBoundingSet": "",
    }
    for key, value in expected.items():
        failures.check(last(key) == value, UNIT, f"{key}={value!r} expected, found {last(key)!r}")
    failures.check("@system-service" in (d.get("SystemCallFilter") or []), UNIT,
                   "SystemCallFilter=@system-service expected")
    failures.check(re.search(r"kill -HUP \$MAINPID", last("ExecReload") or "") is not None, UNIT,
                   "ExecReload must send SIGHUP ($MAINPID)")
    nofile = last("LimitNOFILE") or ""
    failures.check(nofile.isdigit() and int(nofile) >= 4096, UNIT,
                   f"LimitNOFILE of at least 4096 expected (a glob of files needs one descriptor each), found {nofile!r}")
    failures.check("CAP_NET_BIND_SERVICE" in text, UNIT,
                   "should explain how to allow a syslog port below 1024 (CAP_NET_BIND_SERVICE)")

    exec_start = last("ExecStart") or ""
    env_file = (last("EnvironmentFile") or "").lstrip("-")
    failures.check(env_file == "/etc/default/fwlog_exporter", UNIT,
                   "EnvironmentFile should be /etc/default/fwlog_exporter")
    with open(DEFAULTS, encoding="utf-8") as f:
        defaults = f.read()
    for var in re.findall(r"\$\{?([A-Z_]+)\}?", exec_start):
        failures.check(re.search(rf"^{var}=", defaults, re.M) is not None, DEFAULTS,
                       f"does not set {var}, which ExecStart uses")
    failures.check("--config.file=" in defaults and "--web.listen-address=" in defaults, DEFAULTS,
                   "should pass --config.file and --web.listen-address")

    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        print("NOTE: systemd-analyze is not installed (Debian package systemd); verify/security not run")
        if failures.items:
            failures.finish("systemd unit")
        print("systemd unit: directives OK; SKIP systemd-analyze")
        sys.exit(SKIP)

    binary = sys.argv[1] if len(sys.argv) > 1 else "/bin/true"
    binary = os.path.abspath(binary) if os.path.exists(binary) else "/bin/true"
    with tempfile.TemporaryDirectory() as tmp:
        unit = os.path.join(tmp, "fwlog_exporter.service")
        program = exec_start.split()[0]
        with open(unit, "w", encoding="utf-8") as f:
            f.write(text.replace(f"ExecStart={program}", f"ExecStart={binary}"))
        proc = subprocess.run([analyze, "verify", unit], capture_output=True, text=True, timeout=60)
        output = (proc.stdout + proc.stderr).strip()
        failures.check(proc.returncode == 0 and not output, UNIT,
                       f"systemd-analyze verify (ExecStart={binary}): rc {proc.returncode}\n{output}")
        proc = subprocess.run([analyze, "security", "--offline=true", "--no-pager", unit],
                              capture_output=True, text=True, timeout=60)
        match = re.search(r"Overall exposure level for \S+: ([0-9.]+)", proc.stdout + proc.stderr)
        if failures.check(match is not None, UNIT, f"systemd-analyze security gave no score:\n{proc.stdout}"):
            score = float(match.group(1))
            print(f"systemd-analyze security: exposure {score} (limit {MAX_EXPOSURE})")
            failures.check(score <= MAX_EXPOSURE, UNIT, f"exposure {score} above {MAX_EXPOSURE}")
    failures.finish("systemd unit")


if __name__ == "__main__":
    main()
