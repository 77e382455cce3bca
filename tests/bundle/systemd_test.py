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
    MAX_EXPOSURE;
  * the Debian package's unit, made from this one by
    deploy/debian/packaged-unit.sh, differs from it only in its header
    comment, a Documentation= line, ExecStart's path (/usr/bin) and User=/Group=fwlog_exporter for
    DynamicUser=yes, and passes the same checks; the script refuses a unit it
    cannot map exactly.
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
PACKAGED_UNIT = repo_path("deploy", "debian", "packaged-unit.sh")
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


def check_unit(where, text, failures, analyze, binary):
    """The promised directives, `systemd-analyze verify` and the exposure score of one unit."""
    d = directives(text)

    def last(key):
        return (d.get(key) or [None])[-1]

    failures.check(last("DynamicUser") == "yes" or bool(last("User")), where, "needs DynamicUser=yes or a User=")
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
        failures.check(last(key) == value, where, f"{key}={value!r} expected, found {last(key)!r}")
    failures.check("@system-service" in (d.get("SystemCallFilter") or []), where,
                   "SystemCallFilter=@system-service expected")
    failures.check(re.search(r"kill -HUP \$MAINPID", last("ExecReload") or "") is not None, where,
                   "ExecReload must send SIGHUP ($MAINPID)")
    nofile = last("LimitNOFILE") or ""
    failures.check(nofile.isdigit() and int(nofile) >= 4096, where,
                   f"LimitNOFILE of at least 4096 expected (a glob of files needs one descriptor each), found {nofile!r}")
    failures.check("CAP_NET_BIND_SERVICE" in text, where,
                   "should explain how to allow a syslog port below 1024 (CAP_NET_BIND_SERVICE)")

    exec_start = last("ExecStart") or ""
    env_file = (last("EnvironmentFile") or "").lstrip("-")
    failures.check(env_file == "/etc/default/fwlog_exporter", where,
                   "EnvironmentFile should be /etc/default/fwlog_exporter")
    with open(DEFAULTS, encoding="utf-8") as f:
        defaults = f.read()
    for var in re.findall(r"\$\{?([A-Z_]+)\}?", exec_start):
        failures.check(re.search(rf"^{var}=", defaults, re.M) is not None, DEFAULTS,
                       f"does not set {var}, which ExecStart uses")
    failures.check("--config.file=" in defaults and "--web.listen-address=" in defaults, DEFAULTS,
                   "should pass --config.file and --web.listen-address")
    if analyze is None:
        return
    with tempfile.TemporaryDirectory() as tmp:
        unit = os.path.join(tmp, "fwlog_exporter.service")
        program = exec_start.split()[0]
        # verify runs `man` on man: links; the page exists only where the package is installed.
        checked = re.sub(r"man:fwlog_exporter\(1\)\s*", "", text)
        with open(unit, "w", encoding="utf-8") as f:
            f.write(checked.replace(f"ExecStart={program}", f"ExecStart={binary}"))
        proc = subprocess.run([analyze, "verify", unit], capture_output=True, text=True, timeout=60)
        output = (proc.stdout + proc.stderr).strip()
        failures.check(proc.returncode == 0 and not output, where,
                       f"systemd-analyze verify (ExecStart={binary}): rc {proc.returncode}\n{output}")
        proc = subprocess.run([analyze, "security", "--offline=true", "--no-pager", unit],
                              capture_output=True, text=True, timeout=60)
        match = re.search(r"Overall exposure level for \S+: ([0-9.]+)", proc.stdout + proc.stderr)
        if failures.check(match is not None, where, f"systemd-analyze security gave no score:\n{proc.stdout}"):
            score = float(match.group(1))
            print(f"systemd-analyze security, {os.path.relpath(where, repo_path())}: exposure {score} "
                  f"(limit {MAX_EXPOSURE})")
            failures.check(score <= MAX_EXPOSURE, where, f"exposure {score} above {MAX_EXPOSURE}")


def body(text):
    """The unit without its leading comment block."""
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].startswith("#")):
        lines.pop(0)
    return lines


def packaged_unit(source_text, failures):
    """deploy/debian/packaged-unit.sh on `source_text`; None when it fails."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "source.service")
        with open(src, "w", encoding="utf-8") as f:
            f.write(source_text)
        proc = subprocess.run(["sh", PACKAGED_UNIT, src], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return None, proc.stderr
    return proc.stdout, ""


def check_packaged(text, failures):
    """The package's unit is the source unit with exactly the packaging changes."""
    packaged, error = packaged_unit(text, failures)
    if not failures.check(packaged is not None, PACKAGED_UNIT, f"failed on {UNIT}: {error}"):
        return None
    where = PACKAGED_UNIT + " output"
    d = directives(packaged)
    failures.check(d.get("User") == ["fwlog_exporter"] and d.get("Group") == ["fwlog_exporter"], where,
                   f"should run as the package's user fwlog_exporter, has User={d.get('User')} Group={d.get('Group')}")
    failures.check("DynamicUser" not in d, where, "should not keep DynamicUser= (the package has its own user)")
    failures.check((d.get("ExecStart") or [""])[-1].startswith("/usr/bin/fwlog_exporter "), where,
                   "ExecStart should run /usr/bin/fwlog_exporter")
    failures.check("man:fwlog_exporter(1)" in (d.get("Documentation") or [""])[-1], where,
                   "Documentation= should name the package's manual page")
    undone = "\n".join(body(packaged)).replace("User=fwlog_exporter\nGroup=fwlog_exporter", "DynamicUser=yes")
    undone = undone.replace("ExecStart=/usr/bin/fwlog_exporter ", "ExecStart=/usr/local/bin/fwlog_exporter ")
    undone = re.sub(r"^Documentation=.*\n", "", undone, count=1, flags=re.M)
    failures.check(undone == "\n".join(body(text)), where,
                   "differs from deploy/systemd/fwlog_exporter.service in more than its header, "
                   "Documentation=, ExecStart's path and User/Group for DynamicUser")
    # A source the script cannot map exactly is refused, not passed through.
    broken, _ = packaged_unit(text.replace("DynamicUser=yes\n", ""), failures)
    failures.check(broken is None, PACKAGED_UNIT, "accepted a unit without DynamicUser=yes")
    return packaged


def main():
    failures = Failures()
    with open(UNIT, encoding="utf-8") as f:
        text = f.read()
    analyze = shutil.which("systemd-analyze")
    binary = sys.argv[1] if len(sys.argv) > 1 else "/bin/true"
    binary = os.path.abspath(binary) if os.path.exists(binary) else "/bin/true"
    check_unit(UNIT, text, failures, analyze, binary)
    packaged = check_packaged(text, failures)
    if packaged is not None:
        check_unit(PACKAGED_UNIT + " output", packaged, failures, analyze, binary)
    if analyze is None:
        print("NOTE: systemd-analyze is not installed (Debian package systemd); verify/security not run")
        if failures.items:
            failures.finish("systemd unit")
        print("systemd unit: directives OK; SKIP systemd-analyze")
        sys.exit(SKIP)
    failures.finish("systemd unit")


if __name__ == "__main__":
    main()
