"""serve without a country database: a configured database that cannot be
opened is a warning, not an exit; the exporter counts packets with country
"unknown", reports fwlog_country_db_loaded 0, and a reload after the file
appears picks it up (libloc's database, when the machine has one)."""
import os
import shutil
import signal
import tempfile

from harness import Checks, line, parse_metrics, scrape, start, value, wait_for

c = Checks()
LIBLOC_DB = "/var/lib/location/database.db"

with tempfile.TemporaryDirectory() as d:
    log = os.path.join(d, "router.log")
    with open(log, "w") as f:
        f.write(line("2018-11-16T00:12:34+09:00", "210.150.186.238", 22) + "\n")
    db = os.path.join(d, "location.db")  # not there yet
    config = os.path.join(d, "fwlog.yaml")
    with open(config, "w") as f:
        f.write(f"state_file: null\ninputs: [{{name: router, path: {log}, start_at: beginning}}]\n"
                f"country: {{database: {db}}}\n")
    ex = start([f"--config.file={config}"], cwd=d)
    port = ex.port
    try:
        m = wait_for(lambda: (lambda m: m if value(m, "fwlog_input_lines_total", input="router") == 1 else None)(
            parse_metrics(scrape(port))), what="the line counted")
        c.eq("still running", ex.proc.poll(), None)
        c.eq("loaded 0", value(m, "fwlog_country_db_loaded"), 0)
        c.eq("country unknown", value(m, "fwlog_packets_by_country_total", router="router", country="unknown"), 1)
        c.eq("packet counted", value(m, "fwlog_packets_total", router="router", action="drop", proto="tcp", range="nict-notice"), 1)
        if os.path.exists(LIBLOC_DB):
            shutil.copy(LIBLOC_DB, db)
            ex.proc.send_signal(signal.SIGHUP)
            m = wait_for(lambda: (lambda m: m if value(m, "fwlog_country_db_loaded") == 1 else None)(
                parse_metrics(scrape(port))), what="the database loaded on reload")
            c.true("build time exported", (value(m, "fwlog_country_db_build_timestamp_seconds") or 0) > 0)
        else:
            print(f"note: {LIBLOC_DB} absent; the reload half is not checked")
    finally:
        _, err = ex.stop()
    c.true("warning names the file", "no country database" in err and db in err)
c.finish()
