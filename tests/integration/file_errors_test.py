"""Fault tests with the real binary: files that cannot be opened are counted
and logged, never silent; running out of descriptors is such an error and
never makes a file be read again; a failed final state write is a failed
exit."""
import os
import shutil
import time
import urllib.error
import urllib.request

from fileharness import Exporter, append, config, permissions_apply, settle, workdir
from harness import Checks, wait_for

c = Checks()


def ready(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def unreadable_and_missing():
    # Root reads any file: the exporter runs as nobody when the test is root.
    if not permissions_apply():
        return
    d = workdir()
    try:
        log, missing, state = f"{d}/fw.log", f"{d}/none.log", f"{d}/state"
        append(log, 1000)
        os.chmod(log, 0)
        cfg = config(d, log, state)
        with open(cfg, "a") as f:
            f.write(f"  - name: missing\n    path: {missing}\n    format: netfilter\n")
        ex = Exporter(cfg, as_user=True)
        failures = c.failures
        try:
            wait_for(lambda: (ex.total("fwlog_input_errors_total", input="router", reason="permission_denied") or 0) > 0,
                     what="permission_denied counted")
            wait_for(lambda: (ex.total("fwlog_input_errors_total", input="missing", reason="not_found") or 0) > 0,
                     timeout=15, what="not_found counted")
            time.sleep(2)  # more looks: still one log line each
            c.eq("no file followed", ex.total("fwlog_input_files", input="router"), 0)
            c.eq("ready while a file cannot be read", ready(ex.port), 200)
            err = ex.stderr()
            denied = [l for l in err.splitlines() if log in l and "Permission denied" in l]
            absent = [l for l in err.splitlines() if missing in l and "No such file" in l]
            c.eq("one warning naming the path and the error", len(denied), 1)
            c.true("it is a warning", denied and " warning: " in denied[0])
            c.eq("one warning for the missing path", len(absent), 1)
            os.chmod(log, 0o644)
            got = settle(ex, 1000)
            c.eq("read once it can be", got, 1000)
            c.eq("one file followed", ex.total("fwlog_input_files", input="router"), 1)
            c.true("recovery logged", any(log in l and "again" in l for l in ex.stderr().splitlines()))
        finally:
            ex.stop()
            if c.failures != failures:
                print(ex.stderr())
    finally:
        shutil.rmtree(d, ignore_errors=True)


def out_of_descriptors():
    """ulimit -n 1024 and a glob of 1100 files of 20 lines."""
    d = workdir()
    try:
        os.mkdir(f"{d}/logs")
        for i in range(1100):
            append(f"{d}/logs/fw{i:04}.log", 20, start=i * 20)
        cfg = config(d, f"{d}/logs/*.log", f"{d}/state")
        ex = Exporter(cfg, nofile=1024)
        try:
            wait_for(lambda: (ex.total("fwlog_input_errors_total", reason="too_many_open_files") or 0) > 0,
                     timeout=30, what="too_many_open_files counted")
            files = wait_for(lambda: ex.total("fwlog_input_files", input="router"), what="files followed")
            first = settle(ex, 20 * files, quiet=2)
            time.sleep(7)  # past the time a file no path names is kept open
            files_later = ex.total("fwlog_input_files", input="router")
            later = ex.counted()
            failed_writes = ex.total("fwlog_state_writes_total", result="failure")
            print(f"1100 files x 20 lines, RLIMIT_NOFILE 1024: {files:.0f} followed, {first:.0f} counted, "
                  f"{later:.0f} counted 7 s later, state write failures {failed_writes:.0f}")
            c.true("some files followed", files > 100)
            c.eq("every followed file counted once", first, 20 * files)
            c.eq("no count inflates", later, first)
            c.eq("the same files followed", files_later, files)
            c.eq("state writes still succeed", failed_writes, 0)
            c.true("logged", "Too many open files" in ex.stderr())
        finally:
            ex.stop()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def final_state_write_fails():
    d = workdir()
    try:
        os.mkdir(f"{d}/state")
        log, state = f"{d}/fw.log", f"{d}/state/state"
        append(log, 10)
        ex = Exporter(config(d, log, state))
        wait_for(lambda: os.path.exists(state), timeout=20, what="a state write")
        shutil.rmtree(f"{d}/state")
        rc = ex.stop()
        print(f"final state write failing at SIGTERM: exit status {rc}")
        c.true("non-zero exit", rc != 0)
        c.true("logged", "cannot write state" in ex.stderr())
    finally:
        shutil.rmtree(d, ignore_errors=True)


for scenario in (unreadable_and_missing, out_of_descriptors, final_state_write_fails):
    try:
        scenario()
    except (AssertionError, OSError) as e:  # a wait that timed out, a scrape refused
        c.eq(f"{scenario.__name__} ran to its end", str(e), "")
c.finish()
