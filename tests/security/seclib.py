"""Shared by the security tests: start the real exporter, make certificates
with openssl, bcrypt hashes with libxcrypt (Python's crypt module)."""
import os
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from harness import EXPORTER, Checks, ExporterProcess, line, parse_metrics, run, scrape, value, wait_for  # noqa: E402,F401

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt  # noqa: E402  (libxcrypt, as the exporter uses)


def bcrypt(password, rounds=1024):
    return crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=rounds))


def make_certs(d):
    """A CA, and a server certificate for 127.0.0.1/localhost signed by it."""
    def ossl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=fwlog test CA",
         "-keyout", f"{d}/ca.key", "-out", f"{d}/ca.crt")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", f"{d}/server.key",
         "-out", f"{d}/server.csr")
    with open(f"{d}/san.ext", "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    ossl("x509", "-req", "-in", f"{d}/server.csr", "-CA", f"{d}/ca.crt", "-CAkey", f"{d}/ca.key",
         "-CAcreateserial", "-days", "2", "-extfile", f"{d}/san.ext", "-out", f"{d}/server.crt")
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=rogue",
         "-keyout", f"{d}/rogue.key", "-out", f"{d}/rogue.crt")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=prometheus", "-keyout", f"{d}/client.key",
         "-out", f"{d}/client.csr")
    ossl("x509", "-req", "-in", f"{d}/client.csr", "-CA", f"{d}/ca.crt", "-CAkey", f"{d}/ca.key",
         "-CAcreateserial", "-days", "2", "-out", f"{d}/client.crt")


class Exporter(ExporterProcess):
    """The exporter under test, serving on 127.0.0.1 at a port it chose
    (`.port`; `.syslog[name]` for the syslog inputs named in `syslog`, which
    the config binds at port 0)."""

    def __init__(self, args, syslog=(), **kwargs):
        super().__init__(EXPORTER, args, syslog=syslog, **kwargs)


def curl(url, *args):
    """(http status, body) from curl; status 0 when no HTTP answer."""
    p = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "--max-time", "10", *args, url],
                       capture_output=True, text=True)
    body, _, code = p.stdout.rpartition("\n")
    return int(code or 0), body
