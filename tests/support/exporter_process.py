"""The real exporter as a test's child process, on ports the kernel chose.

Tests never guess a free port (another test running in parallel may take it
between the guess and the bind). The exporter is started with
`--web.listen-address=127.0.0.1:0` (unless the test gives an address), and
its syslog listeners are configured at port 0; the exporter then logs one
line per bound listener in a fixed form:

    ... fwlog_exporter info: listening web address=127.0.0.1:40123
    ... fwlog_exporter info: listening syslog input=udp protocol=udp address=127.0.0.1:40124

ExporterProcess reads its stderr on a thread (so a chatty exporter never
blocks on a full pipe), waits for those lines, and exposes the ports. When
the exporter exits or does not come up in time, the test fails with the
exporter's stderr in the message.

    with ExporterProcess(exe, [f"--config.file={cfg}"], syslog=["udp"]) as ex:
        scrape(ex.port); send(ex.syslog["udp"])
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

_LISTENING = re.compile(r"listening (web|syslog)(?: input=(\S+) protocol=(\w+))? address=(\S+):(\d+)\s*$")


class ExporterFailed(AssertionError):
    pass


class ExporterProcess:
    def __init__(self, exporter, args, syslog=(), listen="127.0.0.1:0", timeout=30.0, env=None, cwd=None,
                 wait=True):
        """Starts `exporter args... --web.listen-address=listen` and, unless
        wait is False, waits until it serves and every syslog input named in
        `syslog` is bound. `exporter` may be a list (a command with
        arguments). Without `cwd`, a fresh folder of its own (removed by
        stop()): a config without state_file keeps its default state there."""
        self.expected_syslog = list(syslog)
        self.port = None
        self.syslog = {}
        self._lines = []
        self._lock = threading.Condition()
        self._own_cwd = cwd is None
        self.cwd = tempfile.mkdtemp(prefix="fwlog-exporter-") if cwd is None else cwd
        command = list(exporter) if isinstance(exporter, (list, tuple)) else [exporter]
        if os.sep in command[0]:
            command[0] = os.path.abspath(command[0])  # it runs in its own folder
        if listen is not None:
            args = [*args, f"--web.listen-address={listen}"]
        full_env = dict(os.environ)
        # A config without state_file keeps its default state under
        # $XDG_STATE_HOME: the test's own folder, never one shared by tests
        # running side by side (nor the user's ~/.local/state).
        full_env["XDG_STATE_HOME"] = self.cwd
        full_env.pop("STATE_DIRECTORY", None)
        full_env.update(env or {})
        self.proc = subprocess.Popen([*command, *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     text=True, cwd=self.cwd, env=full_env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if wait:
            try:
                self.wait_ready(timeout)
            except ExporterFailed:
                self.stop(sig=signal.SIGKILL)  # the caller never gets it: no orphan left running
                raise

    def _read(self):
        for raw in self.proc.stderr:
            with self._lock:
                self._lines.append(raw)
                m = _LISTENING.search(raw)
                if m and m.group(1) == "web":
                    self.port = int(m.group(5))
                elif m:
                    self.syslog[m.group(2)] = int(m.group(5))
                self._lock.notify_all()
        with self._lock:
            self._lines.append(None)  # end of stream
            self._lock.notify_all()

    def _ready(self):
        return self.port is not None and all(name in self.syslog for name in self.expected_syslog)

    def wait_ready(self, timeout=30.0):
        """Waits for the listening lines; fails with stderr if the exporter
        exits first or they do not come within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self._ready():
                if self._lines and self._lines[-1] is None:
                    self.proc.wait()
                    raise ExporterFailed(f"the exporter exited ({self.proc.returncode}) before it was ready:\n"
                                         f"{self.stderr()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ExporterFailed(f"the exporter was not ready within {timeout:.0f} s "
                                         f"(web port {self.port}, syslog {self.syslog}, expected "
                                         f"{self.expected_syslog}):\n{self.stderr()}")
                self._lock.wait(left)
        return self

    def stderr(self):
        """Everything the exporter wrote to stderr so far."""
        with self._lock:
            return "".join(line for line in self._lines if line is not None)

    def wait_exit(self, timeout):
        """Waits for the process to end by itself; its return code."""
        rc = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return rc

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stops it (SIGTERM, then SIGKILL after `timeout`); (return code, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        if self._own_cwd:
            shutil.rmtree(self.cwd, ignore_errors=True)
        return self.proc.returncode, self.stderr()

    def kill(self):
        """kill -9: no final snapshot."""
        return self.stop(sig=signal.SIGKILL)

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for raw in f:
                if raw.startswith("VmRSS:"):
                    return int(raw.split()[1])
        return None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        return False


# The bound-port lines of the exporter and of the Prometheus servers
# (exporter-toolkit: `msg="Listening on" address=127.0.0.1:40125`), for
# processes whose output goes to a log file.
EXPORTER_WEB = r"listening web address=\S+:(?P<port>\d+)"
PROMETHEUS_WEB = r'msg="Listening on" address=\S+:(?P<port>\d+)'


def exporter_syslog(input_name):
    return r"listening syslog input=" + re.escape(input_name) + r" protocol=\w+ address=\S+:(?P<port>\d+)"


def port_from_log(name, log_path, proc, pattern, timeout=30.0):
    """The port in the first line of `log_path` that matches `pattern` (a
    regex with a group `port`), waiting for it while `proc` runs. Fails with
    the log's text when `proc` exits first or no such line comes in time."""
    regex = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while True:
        with open(log_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        m = regex.search(text)
        if m:
            return int(m.group("port"))
        if proc.poll() is not None:
            raise ExporterFailed(f"{name} exited ({proc.returncode}) before it listened:\n{text[-3000:]}")
        if time.monotonic() > deadline:
            raise ExporterFailed(f"{name} did not say which port it listens on within {timeout:.0f} s:\n"
                                 f"{text[-3000:]}")
        time.sleep(0.05)
