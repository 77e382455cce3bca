"""Fault tests with the real binary: kill -9 right after a rotation, two
rotations between snapshots, an input renamed across a restart. Every line
written is counted exactly once (the counters equal the lines written)."""
import os
import shutil
import time

from fileharness import Exporter, append, config, settle, workdir
from harness import Checks, wait_for

c = Checks()


def crash_after_rotation(start_at):
    """kill -9 within a second of a rename rotation, before any periodic snapshot."""
    d = workdir()
    try:
        log, state = f"{d}/fw.log", f"{d}/state"
        append(log, 20000)
        cfg = config(d, log, state, start_at=start_at)
        ex = Exporter(cfg)
        # The exporter has the file open (its position is reported) before it is rotated.
        wait_for(lambda: ex.total("fwlog_file_offset_bytes", input="router") is not None, what="the file opened")
        if start_at == "beginning":
            wait_for(lambda: ex.counted() > 0, what="the first lines counted")
        os.rename(log, f"{d}/fw.log.1")
        rotated = time.monotonic()
        append(log, 10000, start=20000)
        time.sleep(max(0.0, 0.8 - (time.monotonic() - rotated)))
        ex.kill()
        append(log, 5000, start=30000)
        ex = Exporter(cfg)
        want = 35000 if start_at == "beginning" else 15000
        got = settle(ex, want)
        ex.stop()
        print(f"kill -9 0.8 s after a rename (start_at: {start_at}): {want} lines to count, {got:.0f} counted")
        c.eq(f"start_at {start_at}: every line counted once", got, want)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def two_renames_between_snapshots():
    d = workdir()
    try:
        log, state = f"{d}/fw.log", f"{d}/state"
        append(log, 1000)
        cfg = config(d, log, state)
        ex = Exporter(cfg)
        wait_for(lambda: ex.counted() == 1000 and os.path.exists(state), timeout=20, what="a snapshot")
        os.rename(log, f"{d}/fw.log.1")
        append(log, 1000, start=1000)  # B
        time.sleep(1.2)
        os.rename(f"{d}/fw.log.1", f"{d}/fw.log.2")
        os.rename(log, f"{d}/fw.log.1")
        append(log, 1000, start=2000)  # C
        time.sleep(1.2)
        ex.kill()
        ex = Exporter(cfg)
        got = settle(ex, 3000)
        ex.stop()
        print(f"two renames between snapshots, kill -9: 3000 lines written, {got:.0f} counted")
        c.eq("two renames: every line counted once", got, 3000)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def input_renamed_across_restart():
    d = workdir()
    try:
        log, state = f"{d}/fw.log", f"{d}/state"
        append(log, 1000)
        ex = Exporter(config(d, log, state, name="router"))
        wait_for(lambda: ex.counted() == 1000, what="1000 lines counted")
        c.eq("clean stop", ex.stop(), 0)
        append(log, 500, start=1000)
        ex = Exporter(config(d, log, state, name="edge"))
        got = settle(ex, 1500)
        ex.stop()
        print(f"input renamed across a restart: 1500 lines written, {got:.0f} counted")
        c.eq("renamed input: every line counted once", got, 1500)
    finally:
        shutil.rmtree(d, ignore_errors=True)


crash_after_rotation("beginning")
crash_after_rotation("end")
two_renames_between_snapshots()
input_renamed_across_restart()
c.finish()
