"""--web.config.file end to end with real clients: TLS checked by curl
against a CA made here, basic auth with bcrypt hashes, client certificates,
refusal to start on a bad web config, 200 concurrent scrapers, and idle or
slow connections that must not keep a normal scrape from being answered."""
import os
import socket
import statistics
import tempfile
import threading
import time
import urllib.request
import base64

from seclib import Checks, Exporter, bcrypt, curl, make_certs, run, wait_for

c = Checks()
d = tempfile.mkdtemp(prefix="fwlog-web-")
make_certs(d)
hash_ = bcrypt("s3cret")

# 1. TLS + basic auth, checked by curl with our CA.
with open(f"{d}/web.yml", "w") as f:
    f.write(f"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
            f"http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n"
            f"basic_auth_users:\n  prometheus: '{hash_}'\n")
ex = Exporter([f"--web.config.file={d}/web.yml"])
port = ex.port
try:
    url = f"https://127.0.0.1:{port}/metrics"
    wait_for(lambda: curl(url, "--cacert", f"{d}/ca.crt")[0] == 401, what="TLS server up")
    code, _ = curl(url, "--cacert", f"{d}/ca.crt")
    c.eq("TLS, no credentials: 401", code, 401)
    code, _ = curl(url, "--cacert", f"{d}/ca.crt", "-u", "prometheus:wrong")
    c.eq("TLS, wrong password: 401", code, 401)
    code, _ = curl(url, "--cacert", f"{d}/ca.crt", "-u", "nobody:s3cret")
    c.eq("TLS, unknown user: 401", code, 401)
    code, body = curl(url, "--cacert", f"{d}/ca.crt", "-u", "prometheus:s3cret")
    c.eq("TLS, right password: 200", code, 200)
    c.true("metrics served", "fwlog_build_info" in body)
    code, _ = curl(f"https://127.0.0.1:{port}/-/healthy", "--cacert", f"{d}/ca.crt")
    c.eq("every endpoint needs auth", code, 401)
    code, _ = curl(url, "-u", "prometheus:s3cret")  # system CAs only: our certificate is not trusted
    c.eq("certificate verified by the client", code, 0)
    code, _ = curl(f"http://127.0.0.1:{port}/metrics", "-u", "prometheus:s3cret")
    c.true("plain HTTP is not served on the TLS port", code != 200)
    p = os.popen(f"curl -s -D - -o /dev/null --cacert {d}/ca.crt -u prometheus:s3cret {url}").read()
    c.true("configured header sent", "X-Content-Type-Options: nosniff" in p)
    code, _ = curl(url, "--cacert", f"{d}/ca.crt", "-u", "prometheus:s3cret", "--tls-max", "1.1")
    c.eq("TLS 1.1 refused (min_version TLS12)", code, 0)
finally:
    rc, err = ex.stop()
c.eq("clean exit", rc, 0)

# 2. Client certificates: RequireAndVerifyClientCert.
with open(f"{d}/mtls.yml", "w") as f:
    f.write("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
            "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  min_version: TLS13\n")
ex = Exporter([f"--web.config.file={d}/mtls.yml"])
port = ex.port
try:
    url = f"https://127.0.0.1:{port}/metrics"
    wait_for(lambda: curl(url, "--cacert", f"{d}/ca.crt", "--cert", f"{d}/client.crt", "--key",
                          f"{d}/client.key")[0] == 200, what="mTLS server up")
    c.eq("no client certificate: refused", curl(url, "--cacert", f"{d}/ca.crt")[0], 0)
    c.eq("client certificate from the CA: 200",
         curl(url, "--cacert", f"{d}/ca.crt", "--cert", f"{d}/client.crt", "--key", f"{d}/client.key")[0], 200)
    c.eq("client certificate not from the CA: refused",
         curl(url, "--cacert", f"{d}/ca.crt", "--cert", f"{d}/rogue.crt", "--key", f"{d}/rogue.key")[0], 0)
finally:
    ex.stop()

# 3. A bad web config stops the start with its position.
with open(f"{d}/bad.yml", "w") as f:
    f.write("basic_auth_users:\n  prometheus: plaintext\n")
p = run([f"--web.config.file={d}/bad.yml", "--web.listen-address=127.0.0.1:0"], check=False)
c.eq("bad web config: exit 2", p.returncode, 2)
c.true("bad web config: file:line:col", f"{d}/bad.yml:2:15: " in p.stderr)
with open(f"{d}/badcert.yml", "w") as f:
    f.write("tls_server_config:\n  cert_file: server.key\n  key_file: server.key\n")
p = run([f"--web.config.file={d}/badcert.yml", "--web.listen-address=127.0.0.1:0"], check=False)
c.true("unusable certificate: refused at start", p.returncode != 0 and "cert_file" in p.stderr)

# 4. 200 concurrent scrapers (plain HTTP + basic auth, loopback), 5 scrapes each.
with open(f"{d}/auth.yml", "w") as f:
    f.write(f"basic_auth_users:\n  prometheus: '{hash_}'\n")
ex = Exporter([f"--web.config.file={d}/auth.yml"])
port = ex.port
auth = "Basic " + base64.b64encode(b"prometheus:s3cret").decode()


def get(path="/metrics", timeout=10):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": auth})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, r.read()


try:
    wait_for(lambda: get()[0] == 200, what="server up")
    latencies, errors = [], []
    lock = threading.Lock()
    start_gate = threading.Barrier(200)

    def scraper():
        start_gate.wait()
        for _ in range(5):
            t0 = time.monotonic()
            try:
                status, body = get(timeout=30)
                ok = status == 200 and b"fwlog_build_info" in body
            except Exception as e:  # noqa: BLE001
                ok, status = False, repr(e)
            with lock:
                (latencies if ok else errors).append(time.monotonic() - t0 if ok else status)

    threads = [threading.Thread(target=scraper) for _ in range(200)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    latencies.sort()
    print(f"200 scrapers x 5: {len(latencies)} ok, {len(errors)} failed in {wall:.2f} s "
          f"({len(latencies) / wall:.0f} scrapes/s); latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms; "
          f"RSS {ex.rss_kib()} KiB")
    c.eq("200 concurrent scrapers: every scrape answered", (len(latencies), errors[:3]), (1000, []))
    c.true("200 concurrent scrapers: max latency under 10 s", latencies and latencies[-1] < 10)

    # 5. Idle and slow connections: 300 that never send, 8 that send half a
    # request; a normal scrape is still answered promptly.
    idle = []
    for _ in range(300):
        s = socket.create_connection(("127.0.0.1", port))
        idle.append(s)
    for _ in range(8):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
        idle.append(s)
    time.sleep(0.5)
    t0 = time.monotonic()
    status, _ = get(timeout=10)
    took = time.monotonic() - t0
    print(f"scrape with 300 idle + 8 half-request connections open: {took * 1000:.0f} ms")
    c.eq("scrape beside idle connections: 200", status, 200)
    c.true("scrape beside idle connections: within 2 s", took < 2.0)
    for s in idle:
        s.close()
    c.true("still up", ex.proc.poll() is None)
finally:
    ex.stop()

c.finish()
