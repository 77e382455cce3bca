"""Reload while lines keep flowing: good -> bad -> good configurations by
POST /-/reload and SIGHUP. A bad configuration is refused with its
file:line:col (in the answer and the log) and the old one keeps counting; a
metric whose definition survives keeps its value; no line is lost or counted
twice; fwlog_config_last_reload_successful says 0/1."""
import os
import signal
import tempfile
import threading
import time
import urllib.error
import urllib.request

from seclib import Checks, Exporter, line, parse_metrics, scrape, value, wait_for

N = 3000
c = Checks()
d = tempfile.mkdtemp(prefix="fwlog-reload-")
log = f"{d}/router.log"
cfg = f"{d}/fwlog.yml"
open(log, "w").close()

BASE = f"""inputs:
  - name: router
    path: {log}
    format: netfilter
    start_at: beginning
state_file: {d}/state
metrics:
  - name: a_total
    help: By port.
    labels: [port]
"""
WITH_B = BASE + """  - name: b_total
    help: By protocol.
    labels: [proto]
"""
BAD = BASE + """  - name: c_total
    labels: [no_such_field]
"""
MOVED = BASE.replace("router.log", "other.log")


def write_config(text):
    with open(cfg + ".tmp", "w") as f:
        f.write(text)
    os.replace(cfg + ".tmp", cfg)


def post_reload(port):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/-/reload", method="POST", data=b"")
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def total(m, name):
    return sum(v for (n, _), v in m.items() if n == name)


write_config(BASE)
ex = Exporter([f"--config.file={cfg}"])
port = ex.port
stop_writing = threading.Event()


def writer():
    with open(log, "a") as f:
        for i in range(N):
            f.write(line("2018-11-16T01:02:03+09:00", "133.243.3.%d" % (i % 250 + 1), 1000 + i % 50) + "\n")
            if i % 20 == 0:
                f.flush()
                time.sleep(0.005)
    stop_writing.set()


try:
    wait_for(lambda: scrape(port, "/-/healthy"), what="server up")
    t = threading.Thread(target=writer)
    t.start()
    time.sleep(0.3)

    write_config(WITH_B)
    code, body = post_reload(port)
    c.eq("good reload: 200", (code, body.strip()), (200, "OK"))
    # b_total has a series once a line arrives after the swap (lines keep flowing).
    m = wait_for(lambda: (lambda mm: mm if any(n == "b_total" for n, _ in mm) else None)(parse_metrics(scrape(port))),
                 timeout=10, what="b_total after the reload")
    c.eq("reload successful = 1", value(m, "fwlog_config_last_reload_successful"), 1)
    c.true("new metric b_total exists", any(n == "b_total" for n, _ in m))
    ok_stamp = value(m, "fwlog_config_last_reload_success_timestamp_seconds")
    c.true("success timestamp set", ok_stamp and abs(ok_stamp - time.time()) < 60)

    write_config(BAD)
    code, body = post_reload(port)
    c.eq("bad reload: 500", code, 500)
    c.true("bad reload: file:line:col in the answer", f"{cfg}:12:14: " in body)
    m = parse_metrics(scrape(port))
    c.eq("reload successful = 0", value(m, "fwlog_config_last_reload_successful"), 0)
    c.eq("success timestamp kept", value(m, "fwlog_config_last_reload_success_timestamp_seconds"), ok_stamp)
    c.true("old configuration still serving b_total", any(n == "b_total" for n, _ in m))

    write_config(MOVED)
    code, body = post_reload(port)
    c.true("changed input: refused, restart needed", code == 500 and "restart" in body and f"{cfg}:2:" in body)

    write_config(BASE)
    ex.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: value(parse_metrics(scrape(port)), "fwlog_config_last_reload_successful") == 1,
             what="SIGHUP reload")
    m = parse_metrics(scrape(port))
    c.true("SIGHUP: b_total gone", not any(n == "b_total" for n, _ in m))

    t.join()
    m = wait_for(lambda: (lambda m: m if value(m, "fwlog_input_lines_total", input="router") == N else None)(
        parse_metrics(scrape(port))), what="every line read", timeout=30)
    time.sleep(0.5)
    m = parse_metrics(scrape(port))
    c.eq("lines read exactly once", value(m, "fwlog_input_lines_total", input="router"), N)
    c.eq("a_total counted every line exactly once across 4 reloads", total(m, "a_total"), N)
    c.eq("no line unmatched", value(m, "fwlog_lines_unmatched_total", input="router"), 0)
finally:
    rc, err = ex.stop()
c.eq("clean exit", rc, 0)
c.true("bad reload logged with its position", f"{cfg}:12:14: " in err and "keeping the running configuration" in err)
c.finish()
