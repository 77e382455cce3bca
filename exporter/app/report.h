// `report`: the seed's analysis of a log, printed instead of exported.
//
//   * For the watched ranges (--range NAME, repeatable; default: every named
//     range of the catalog; a name no catalog has is an error that lists the
//     known ones), one row per (date, hour, range, source, port, proto,
//     service) with its packet count, in time order — the table the seed
//     kept by hand for NICT's NOTICE survey.
//   * For every packet: totals by day, by hour of day in the configured zone
//     (with the average per day), by destination port (with its service) and
//     by source country (code and name).
//
// --from/--to (YYYY-MM-DD, inclusive, in the configured time zone) limit both.
// Output: text (aligned tables), csv (one table; the first column names the
// section), or json. --svg DIR also writes hours.svg, ports.svg,
// countries.svg and ranges.svg (the watched ranges by day), with the SVG
// writer of the page at `/` (http/svg_chart.h).
//
// Memory: the watched table grows with its rows (a watched range is narrow);
// the summaries with the number of days, ports and countries.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/commands.h"
#include "config/config.h"

namespace fwlog {

struct ReportOptions {
  std::vector<std::string> ranges;  // empty: every named range
  std::string from, to;             // YYYY-MM-DD or empty
  std::string format = "text";      // text | csv | json
  std::string svg_dir;              // empty: no charts
  std::size_t top = 20;             // rows of the port/country summaries in text and charts
};

int Report(const CommonOptions& common, const ReportOptions& options, const std::vector<std::string>& files);

}  // namespace fwlog
