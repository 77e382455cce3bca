"""Stamps without a year (an ASUS/BSD log: "Nov 16 00:12:34") read after the
fact are dated from when the file was last written, not from today: a 2018
log whose mtime is in 2018 reports 2018 dates, a log crossing New Year gets
both years, a .gz takes its member's time, and --year overrides. The
expected dates never depend on today's date."""
import csv
import gzip
import io
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import harness  # noqa: E402

JST = timezone(timedelta(hours=9))


def bsd(when):
    return when.strftime("%b ") + f"{when.day:2d}" + when.strftime(" %H:%M:%S")


def write_log(path, times, mtime):
    with open(path, "w") as f:
        for i, t in enumerate(times):
            f.write(harness.line(bsd(t), f"198.51.100.{i % 200 + 1}", 23) + "\n")
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))


def days(args, path):
    out = harness.run(["report", "--timezone=Asia/Tokyo", "--format", "csv"] + args + [path]).stdout
    rows = csv.DictReader(io.StringIO(out))  # by column name: report may add columns
    return {r["date"]: int(r["packets"]) for r in rows if r["section"] == "day"}


def main():
    tmp = tempfile.mkdtemp(prefix="fwlog-year-")
    try:
        # A November 2018 log written on 2018-11-22.
        nov = [datetime(2018, 11, 16, 0, 12, 34, tzinfo=JST) + timedelta(hours=7 * i) for i in range(20)]
        log = os.path.join(tmp, "router.log")
        write_log(log, nov, datetime(2018, 11, 22, 9, tzinfo=JST))
        expected = {}
        for t in nov:
            expected[t.strftime("%Y-%m-%d")] = expected.get(t.strftime("%Y-%m-%d"), 0) + 1
        got = days([], log)
        assert got == expected, f"dated from the file's mtime: {got} != {expected}"
        got = days(["--from", "2018-11-16", "--to", "2018-11-17"], log)
        assert sum(got.values()) == sum(v for k, v in expected.items() if k <= "2018-11-17"), got

        # --year: the first stamp's year, whatever the mtime says.
        got = days(["--year=2016"], log)
        assert got == {k.replace("2018", "2016"): v for k, v in expected.items()}, got

        # Across New Year, written on 2019-01-02: December is 2018's, January 2019's.
        ny = [datetime(2018, 12, 30, 20, tzinfo=JST) + timedelta(hours=5 * i) for i in range(14)]
        cross = os.path.join(tmp, "newyear.log")
        write_log(cross, ny, datetime(2019, 1, 2, 12, tzinfo=JST))
        expected_ny = {}
        for t in ny:
            expected_ny[t.strftime("%Y-%m-%d")] = expected_ny.get(t.strftime("%Y-%m-%d"), 0) + 1
        assert set(expected_ny) == {"2018-12-30", "2018-12-31", "2019-01-01", "2019-01-02"}, expected_ny
        got = days([], cross)
        assert got == expected_ny, f"across New Year: {got} != {expected_ny}"
        got = days(["--year=2020"], cross)
        assert got == {k.replace("2019", "2021").replace("2018", "2020"): v for k, v in expected_ny.items()}, got

        # A .gz whose member says 2019-01-02 while the file itself is touched in 2030.
        gz = os.path.join(tmp, "newyear.log.1.gz")
        with open(cross, "rb") as src, open(gz, "wb") as raw:
            with gzip.GzipFile(filename="newyear.log", mode="wb", fileobj=raw,
                               mtime=int(datetime(2019, 1, 2, 12, tzinfo=JST).timestamp())) as z:
                z.write(src.read())
        later = datetime(2030, 6, 1, tzinfo=JST).timestamp()
        os.utime(gz, (later, later))
        got = days([], gz)
        assert got == expected_ny, f".gz member's time: {got} != {expected_ny}"

        # replay and parse follow the same rule: the parse view prints the event time.
        out = harness.run(["parse", "--timezone=Asia/Tokyo", cross]).stdout
        assert "2018-12-31T" in out and "2019-01-01T" in out and "2030" not in out, out[:2000]
        print("ok")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
