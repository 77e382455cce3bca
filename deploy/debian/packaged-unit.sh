#!/bin/sh
# Writes the Debian package's systemd unit to stdout, derived from the one
# source, deploy/systemd/fwlog_exporter.service, so the two cannot drift:
#   * the header comment (how to install by hand) becomes a note on where the
#     packaged files are;
#   * a Documentation= line after Description= (the package's manual page and
#     README);
#   * ExecStart runs /usr/bin/fwlog_exporter instead of /usr/local/bin/;
#   * DynamicUser=yes becomes the package's system user (User=/Group=
#     fwlog_exporter, created by the postinst), which owns the state folder
#     also when the exporter is started by hand.
# Every other line is copied unchanged. Fails when a line it must change is
# not found exactly once, so a change to the source unit cannot slip past.
# Used by deploy/debian/rules; checked by tests/bundle/systemd_test.py.
#
# Usage: packaged-unit.sh [SOURCE_UNIT]
set -eu
src=${1:-$(dirname "$0")/../systemd/fwlog_exporter.service}
awk '
  BEGIN { header = 1; exec_start = 0; dynamic_user = 0; description = 0 }
  header && /^#/ { next }
  header && /^$/ { next }
  header {
    header = 0
    print "# systemd unit of the fwlog-exporter package, made from the project'"'"'s"
    print "# deploy/systemd/fwlog_exporter.service (deploy/debian/packaged-unit.sh)."
    print "#"
    print "# The configuration is /etc/fwlog_exporter/config.yml (check a change with"
    print "# `fwlog_exporter check-config /etc/fwlog_exporter/config.yml`), the flags"
    print "# are in /etc/default/fwlog_exporter. Start it once the configuration is"
    print "# yours: `systemctl enable --now fwlog_exporter`; `systemctl reload"
    print "# fwlog_exporter` re-reads the configuration (SIGHUP). The service runs"
    print "# as the system user fwlog_exporter, reads /var/log through the adm group"
    print "# and writes only /var/lib/fwlog_exporter and /var/cache/fwlog_exporter."
    print "# Local changes: `systemctl edit fwlog_exporter`."
    print ""
  }
  /^Description=/ {
    print
    print "Documentation=man:fwlog_exporter(1) file:/usr/share/doc/fwlog-exporter/README.md.gz"
    description++
    next
  }
  /^ExecStart=\/usr\/local\/bin\/fwlog_exporter / {
    sub(/^ExecStart=\/usr\/local\/bin\//, "ExecStart=/usr/bin/")
    exec_start++
  }
  /^DynamicUser=yes$/ {
    print "User=fwlog_exporter"
    print "Group=fwlog_exporter"
    dynamic_user++
    next
  }
  { print }
  END {
    if (exec_start != 1 || dynamic_user != 1 || description != 1) {
      printf "packaged-unit.sh: expected one line each of Description=, ExecStart=/usr/local/bin/fwlog_exporter and DynamicUser=yes, found %d, %d and %d\n", description, exec_start, dynamic_user > "/dev/stderr"
      exit 1
    }
  }
' "$src"
