"""Basic auth against the real binary (issue 19), on loopback:

  * 32 clients at 127.0.0.3 guess passwords for 4 s: each wrong password
    used to cost a full bcrypt (~43 ms of CPU), without limit. Now the
    address gets a few tries and then 429 (Retry-After) without a bcrypt: at
    most the burst plus one a second are checked. Scrapes with the right
    password from 127.0.0.2 are all answered meanwhile;
  * with auth configured, POST /-/reload, /-/healthy and /-/ready need it
    too: without credentials, 401 and no reload."""
import base64
import shutil
import socket
import tempfile
import threading
import time

from seclib import Checks, Exporter, bcrypt, parse_metrics, value

GUESSER, SCRAPER = "127.0.0.3", "127.0.0.2"
FLOOD_SECONDS = 4
c = Checks()


def request(port, source, method="GET", path="/metrics", user_pass=None, timeout=15):
    """(status, headers text) of one request from `source`; status 0 if none."""
    auth = f"Authorization: Basic {base64.b64encode(user_pass.encode()).decode()}\r\n" if user_pass else ""
    body = "Content-Length: 0\r\n" if method == "POST" else ""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}{body}\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    try:
        return int(head.split(" ", 2)[1]), head, data
    except (IndexError, ValueError):
        return 0, head, data


d = tempfile.mkdtemp(prefix="fwlog-auth-")
with open(f"{d}/web.yml", "w") as f:
    f.write(f"basic_auth_users:\n  prometheus: '{bcrypt('s3cret')}'\n")
ex = Exporter([f"--web.config.file={d}/web.yml"])
port = ex.port
try:
    # --- guessing ------------------------------------------------------------
    statuses, scrapes = [], []
    lock = threading.Lock()
    stop = time.monotonic() + FLOOD_SECONDS
    c.eq("a first wrong guess is checked", request(port, GUESSER, user_pass="prometheus:guess")[0], 401)

    def guesser(i):
        n = 0
        while time.monotonic() < stop:
            status = request(port, GUESSER, user_pass=f"prometheus:guess{i}-{n}")[0]
            n += 1
            with lock:
                statuses.append(status)

    def scraper():
        while time.monotonic() < stop:
            status, _, data = request(port, SCRAPER, user_pass="prometheus:s3cret")
            with lock:
                scrapes.append(status == 200 and b"fwlog_build_info" in data)
            time.sleep(0.2)

    threads = [threading.Thread(target=guesser, args=(i,)) for i in range(32)] + [threading.Thread(target=scraper)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checked, refused = statuses.count(401), statuses.count(429)
    print(f"{len(statuses)} guesses in {FLOOD_SECONDS} s: {checked} checked (401), {refused} refused (429); "
          f"{sum(scrapes)} of {len(scrapes)} scrapes from another address answered")
    # Burst 5 (one spent above) and one a second: at most ~4 + 4 + 1 checked.
    c.true(f"guesses checked at most burst + 1/s ({checked})", checked <= 12)
    c.true("the rest refused with 429", refused > 0 and checked + refused == len(statuses))
    c.true("every scrape from another address answered", scrapes and all(scrapes))
    # The bucket refills one check a second, so on a loaded machine the next
    # guess may be checked again; of a quick run of ten, most are refused.
    tail = [request(port, GUESSER, user_pass=f"prometheus:again{i}")[:2] for i in range(10)]
    refused_tail = [head for status, head in tail if status == 429]
    c.true(f"still refused ({len(refused_tail)} of 10)", len(refused_tail) >= 5)
    c.true("with Retry-After", refused_tail and all("Retry-After:" in head for head in refused_tail))

    # --- what needs auth ---------------------------------------------------------
    def reload_time():
        m = parse_metrics(request(port, SCRAPER, user_pass="prometheus:s3cret")[2].split(b"\r\n\r\n", 1)[1].decode())
        return value(m, "fwlog_config_last_reload_success_timestamp_seconds")

    before = reload_time()
    time.sleep(1.1)
    c.eq("POST /-/reload without credentials", request(port, SCRAPER, "POST", "/-/reload")[0], 401)
    c.eq("POST /-/reload with a wrong password", request(port, "127.0.0.4", "POST", "/-/reload",
                                                          user_pass="prometheus:nope")[0], 401)
    c.eq("no reload happened", reload_time(), before)
    c.eq("POST /-/reload with the password", request(port, SCRAPER, "POST", "/-/reload",
                                                      user_pass="prometheus:s3cret")[0], 200)
    c.true("the reload happened", reload_time() > before)
    for path in ("/-/healthy", "/-/ready", "/"):
        c.eq(f"{path} without credentials", request(port, SCRAPER, path=path)[0], 401)
        c.eq(f"{path} with them", request(port, SCRAPER, path=path, user_pass="prometheus:s3cret")[0], 200)
finally:
    rc, err = ex.stop()
    shutil.rmtree(d, ignore_errors=True)
c.eq("clean exit", rc, 0)
c.finish()
