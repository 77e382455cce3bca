"""A reload (SIGHUP or POST /-/reload) re-reads --web.config.file too, with
real clients that check the certificate: a renewed certificate and new users
are used by new connections; a web config that cannot be used (a missing key,
a bad hash, a switch from TLS to plain HTTP) fails the reload with its reason,
fwlog_config_last_reload_successful says 0, and the running one keeps
serving."""
import os
import signal
import tempfile

from seclib import Checks, Exporter, bcrypt, curl, make_certs, wait_for

c = Checks()
first = tempfile.mkdtemp(prefix="fwlog-webreload-a-")
second = tempfile.mkdtemp(prefix="fwlog-webreload-b-")
make_certs(first)
make_certs(second)  # another CA, another server certificate
d = tempfile.mkdtemp(prefix="fwlog-webreload-")
web = f"{d}/web.yml"


def write_web(certs, users, tls=True):
    with open(web, "w") as f:
        if tls:
            f.write(f"tls_server_config:\n  cert_file: {certs}/server.crt\n  key_file: {certs}/server.key\n")
        f.write("basic_auth_users:\n")
        for user, password in users.items():
            f.write(f"  {user}: '{bcrypt(password)}'\n")


def status(ca, user):
    return curl(f"https://127.0.0.1:{port}/metrics", "--cacert", f"{ca}/ca.crt", "-u", user)[0]


def post_reload():
    """`curl -X POST` as the docs say (no body, no Content-Length), as bob
    over the second certificate; (status, body)."""
    return curl(f"https://127.0.0.1:{port}/-/reload", "-X", "POST", "--cacert", f"{second}/ca.crt",
                "-u", "bob:b-secret")


def reload_successful(ca, user):
    code, body = curl(f"https://127.0.0.1:{port}/metrics", "--cacert", f"{ca}/ca.crt", "-u", user)
    for line in body.splitlines():
        if line.startswith("fwlog_config_last_reload_successful "):
            return float(line.split()[1])
    return None


write_web(first, {"alice": "a-secret"})
ex = Exporter([f"--web.config.file={web}"])
port = ex.port
try:
    wait_for(lambda: status(first, "alice:a-secret") == 200, what="TLS server up")
    c.eq("first certificate, alice: 200", status(first, "alice:a-secret"), 200)
    c.eq("second CA does not trust the first certificate", status(second, "alice:a-secret"), 0)

    # Renewed certificate (another CA) and a new user, by SIGHUP.
    write_web(second, {"bob": "b-secret"})
    ex.proc.send_signal(signal.SIGHUP)
    wait_for(lambda: status(second, "bob:b-secret") == 200, what="new certificate and user after SIGHUP")
    c.eq("after SIGHUP: the first CA no longer verifies the server", status(first, "bob:b-secret"), 0)
    c.eq("after SIGHUP: alice is gone", status(second, "alice:a-secret"), 401)
    c.eq("reload successful", reload_successful(second, "bob:b-secret"), 1.0)

    # A key file that is gone: refused by POST /-/reload with its reason; the running config serves on.
    os.rename(f"{first}/server.key", f"{first}/server.key.gone")
    write_web(first, {"carol": "c-secret"})
    code, body = post_reload()
    c.eq("missing key: reload refused", code, 500)
    c.true("missing key: reason names the key file", "server.key" in body)
    c.eq("missing key: bob still served with the second certificate", status(second, "bob:b-secret"), 200)
    c.eq("missing key: carol not let in", status(second, "carol:c-secret"), 401)
    c.eq("missing key: reload marked failed", reload_successful(second, "bob:b-secret"), 0.0)

    # A web config with a plain password is refused with its position.
    with open(web, "w") as f:
        f.write(f"tls_server_config:\n  cert_file: {second}/server.crt\n  key_file: {second}/server.key\n"
                "basic_auth_users:\n  dave: plain-text\n")
    code, body = post_reload()
    c.eq("plain password: reload refused", code, 500)
    c.true("plain password: position given", "web.yml:5:" in body)

    # TLS cannot be switched off by a reload.
    write_web(second, {"bob": "b-secret"}, tls=False)
    code, body = post_reload()
    c.eq("TLS off: reload refused", code, 500)
    c.true("TLS off: needs a restart", "needs a restart" in body)
    c.eq("TLS off: still TLS", status(second, "bob:b-secret"), 200)

    # Good again: the first certificate back, with alice.
    os.rename(f"{first}/server.key.gone", f"{first}/server.key")
    write_web(first, {"alice": "a-secret"})
    code, _ = post_reload()
    c.eq("good again: reload accepted", code, 200)
    c.eq("good again: first certificate, alice", status(first, "alice:a-secret"), 200)
    c.eq("good again: reload successful", reload_successful(first, "alice:a-secret"), 1.0)
finally:
    rc, err = ex.stop()
c.eq("exporter exits cleanly", rc, 0)
c.finish()
