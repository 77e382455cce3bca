"""For the file-input fault tests: the real exporter on port 0 (the port it
got is read back from its "listening web" line), its stderr kept in a file and printed when
it fails to come up, kill -9, a lower RLIMIT_NOFILE, and running it as an
unprivileged user when the test runs as root (so that permissions apply)."""
import os
import pwd
import re
import resource
import signal
import subprocess
import tempfile
import time

from harness import EXPORTER, parse_metrics, scrape

PORT = re.compile(r"listening web address=\S+:(\d+)")
NICT = "210.150.186.238"
LINE = ("2018-11-16T00:12:34+09:00 router kernel: DROP IN=ppp0 OUT= MAC= SRC={src} DST=203.0.113.7 LEN=40 "
        "TOS=0x00 PREC=0x00 TTL=243 ID={id} PROTO=TCP SPT=44321 DPT={port} WINDOW=1024 RES=0x00 SYN URGP=0\n")


def lines(n, start=0):
    """`n` distinct firewall lines, each counted once by `test_lines_total`."""
    return "".join(LINE.format(src=NICT, id=(start + i) % 65536, port=1 + (start + i) % 60000) for i in range(n))


def append(path, n, start=0):
    with open(path, "a") as f:
        f.write(lines(n, start))


def config(d, log, state, name="router", start_at="beginning"):
    """A configuration whose one metric counts every line: its sum is the
    number of lines counted, restored from the state file across restarts."""
    path = os.path.join(d, f"fwlog-{name}.yml")
    with open(path, "w") as f:
        f.write(f"""timezone: Asia/Tokyo
state_file: {state}
scan_detection: {{enabled: false}}
metrics:
  - name: test_lines_total
    help: Every line read.
    labels: [action]
inputs:
  - name: {name}
    path: {log}
    format: netfilter
    start_at: {start_at}
""")
    return path


def unprivileged():
    """(uid, gid) to run the exporter as, or None when the test is not root."""
    if os.geteuid() != 0:
        return None
    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


def permissions_apply():
    """Whether a file's permissions can stop the exporter here: the test is
    not root, or root can run the exporter as nobody. Not so in a chroot
    whose root folder only root may search (../shared/tools/fresh-debian
    makes one): there nobody cannot even load the C library."""
    ids = unprivileged()
    if ids is None:
        return True
    probe = subprocess.run(["setpriv", f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups", EXPORTER, "--version"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if probe.returncode != 0:
        print(f"SKIP permission cases: root cannot run the exporter as nobody here: {probe.stderr.strip()}")
        return False
    return True


def workdir():
    """A folder the exporter can use whoever it runs as."""
    d = tempfile.mkdtemp(prefix="fwlog-files-")
    os.chmod(d, 0o755)
    ids = unprivileged()
    if ids:
        os.chown(d, *ids)
    return d


class Exporter:
    def __init__(self, config_path, nofile=None, as_user=False, wait=20.0):
        self.log = tempfile.NamedTemporaryFile("w", prefix="exporter-", suffix=".log", delete=False,
                                               dir=os.path.dirname(config_path))
        self.log_path = self.log.name
        cmd = [EXPORTER, f"--config.file={config_path}", "--web.listen-address=127.0.0.1:0"]
        ids = unprivileged() if as_user else None
        if ids:
            cmd = ["setpriv", f"--reuid={ids[0]}", f"--regid={ids[1]}", "--clear-groups"] + cmd

        def limit():
            if nofile:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.proc = subprocess.Popen(cmd, stderr=self.log, stdout=subprocess.DEVNULL, preexec_fn=limit,
                                     cwd=os.path.dirname(config_path))
        self.port = None
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and self.proc.poll() is None:
            m = PORT.search(self.stderr())
            if m:
                self.port = int(m.group(1))
                return
            time.sleep(0.02)
        self.kill()
        raise AssertionError(f"the exporter did not come up; its stderr:\n{self.stderr()}")

    def stderr(self):
        with open(self.log_path) as f:
            return f.read()

    def metrics(self):
        return parse_metrics(scrape(self.port))

    def total(self, name, **labels):
        """The sum of a family's samples whose labels include `labels`; None when it has none."""
        got = [v for (n, ls), v in self.metrics().items()
               if n == name and all(dict(ls).get(k) == w for k, w in labels.items())]
        return sum(got) if got else None

    def counted(self):
        return self.total("test_lines_total") or 0

    def kill(self):
        """kill -9: no final snapshot."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.log.close()

    def stop(self):
        """SIGTERM; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def settle(exporter, want, timeout=20.0, quiet=1.5):
    """Waits until the count reaches `want` (or passes it), then `quiet`
    seconds more, and returns the count then: a test sees a double count
    that arrives late."""
    deadline = time.monotonic() + timeout
    got = None
    while time.monotonic() < deadline:
        try:
            got = exporter.counted()
        except OSError:
            got = None
        if got is not None and got >= want:
            break
        time.sleep(0.05)
    time.sleep(quiet)
    return exporter.counted()
