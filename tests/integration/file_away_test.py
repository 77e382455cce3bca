"""Fault tests with the real binary: a followed file that leaves its path for
longer than the exporter keeps a rotated file open (5 s) and comes back, and
a folder the exporter cannot read for as long. The file is the same file
(same inode, same first bytes): it is not read again."""
import os
import shutil
import time

from fileharness import Exporter, append, config, permissions_apply, settle, workdir
from harness import Checks, wait_for

c = Checks()


def moved_away_and_back():
    d = workdir()
    try:
        log, state = f"{d}/fw.log", f"{d}/state"
        os.mkdir(f"{d}/away")
        append(log, 1000)
        ex = Exporter(config(d, log, state))
        wait_for(lambda: ex.counted() == 1000, what="1000 lines counted")
        os.rename(log, f"{d}/away/fw.log")
        time.sleep(8)
        os.rename(f"{d}/away/fw.log", log)
        got = settle(ex, 1000, timeout=5, quiet=3)
        append(log, 10, start=1000)
        got_after = settle(ex, 1010, timeout=10)
        ex.stop()
        print(f"moved away for 8 s and back: 1000 lines written, {got:.0f} counted; 10 more: {got_after:.0f}")
        c.eq("moved away and back: not read again", got, 1000)
        c.eq("moved away and back: followed again", got_after, 1010)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def folder_unreadable():
    # Root reads any folder: the exporter runs as nobody when the test is root.
    if not permissions_apply():
        return
    d = workdir()
    try:
        logs = f"{d}/logs"
        os.mkdir(logs, 0o755)
        log, state = f"{logs}/fw.log", f"{d}/state"
        append(log, 1000)
        os.chmod(log, 0o644)
        ex = Exporter(config(d, log, state), as_user=True)
        wait_for(lambda: ex.counted() == 1000, what="1000 lines counted")
        os.chmod(logs, 0)
        time.sleep(8)
        os.chmod(logs, 0o755)
        got = settle(ex, 1000, timeout=5, quiet=3)
        append(log, 10, start=1000)
        got_after = settle(ex, 1010, timeout=10)
        ex.stop()
        print(f"folder unreadable for 8 s: 1000 lines written, {got:.0f} counted; 10 more: {got_after:.0f}")
        c.eq("folder unreadable: not read again", got, 1000)
        c.eq("folder unreadable: followed again", got_after, 1010)
    finally:
        os.chmod(f"{d}/logs", 0o755) if os.path.isdir(f"{d}/logs") else None
        shutil.rmtree(d, ignore_errors=True)


moved_away_and_back()
folder_unreadable()
c.finish()
