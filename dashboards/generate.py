#!/usr/bin/env python3
"""Write the Grafana dashboards of fwlog_exporter in canonical form.

    dashboards/generate.py          # rewrite firewall-drops.json and exporter-health.json
    dashboards/generate.py --check  # exit 1 if a committed file differs from what this writes
    dashboards/generate.py --format FILE...  # rewrite any dashboard JSON in canonical form
                                             # (e.g. an export from Grafana, before comparing it)

The JSON files are what users import and what Grafana provisioning loads; this
script is their source. Edit a panel here, run the script, commit both. The
bundle tests (tests/bundle/dashboards_test.py) fail when the two drift apart.

Canonical form: keys sorted, 2-space indent, UTF-8, one trailing newline
(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\\n").

Conventions every panel follows (the tests check them):
  * datasource is the dashboard variable ${datasource} (type prometheus), so no
    __inputs/__requires block is needed to import the file;
  * every selector carries job=~"$job", instance=~"$instance"; in "Firewall
    drops", every selector of a series with a router label (the default
    metrics, their recording rules, the alerts made from them) carries
    router=~"$router" too; the health dashboard has no router variable (its
    series are per input, and scan detection is per exporter);
  * "over time" panels read the recording rules of
    deploy/prometheus/recording_rules.yaml; panels that show a total for the
    selected range use increase(...[$__range]) on the raw counters.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job=~"$job", instance=~"$instance"'
ROUTER = 'router=~"$router"'


def sel(*extra):
    """Label matchers for a series with a router label: the dashboard filter plus any extra matchers."""
    return "{" + ", ".join((SEL, ROUTER) + extra) + "}"


def xsel(*extra):
    """The same for a series of the exporter as a whole (no router label: health, scan detection)."""
    return "{" + ", ".join((SEL,) + extra) + "}"


def canonical_json(doc):
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ----------------------------------------------------------------- targets


def target(expr, legend="", instant=False, table=False, ref="A"):
    t = {
        "datasource": DS,
        "editorMode": "code",
        "expr": expr,
        "format": "table" if table else "time_series",
        "instant": instant,
        "range": not instant,
        "refId": ref,
    }
    if legend:
        t["legendFormat"] = legend
    return t


def instant_table(*exprs):
    """Instant queries in table format, refIds A, B, C... (columns 'Value #A' ...)."""
    return [target(e, instant=True, table=True, ref=chr(ord("A") + i)) for i, e in enumerate(exprs)]


# -------------------------------------------------------------- field config


def thresholds(*steps):
    """steps: (value, colour) pairs; the first value is None (= -Infinity)."""
    return {"mode": "absolute", "steps": [{"color": c, "value": v} for v, c in steps]}


def field_config(unit="short", color_mode="palette-classic", custom=None, overrides=(),
                 steps=((None, "green"),), mappings=None, min_value=None, decimals=None,
                 no_value=None):
    defaults = {
        "color": {"mode": color_mode},
        "thresholds": thresholds(*steps),
        "unit": unit,
    }
    if custom is not None:
        defaults["custom"] = custom
    if mappings is not None:
        defaults["mappings"] = mappings
    if min_value is not None:
        defaults["min"] = min_value
    if decimals is not None:
        defaults["decimals"] = decimals
    if no_value is not None:
        defaults["noValue"] = no_value
    return {"defaults": defaults, "overrides": list(overrides)}


def override_by_name(name, **props):
    # "byNames" (options: an object) rather than "byName" (options: a bare string),
    # because the dashboard schema requires matcher options to be an object.
    return {
        "matcher": {"id": "byNames", "options": {"mode": "include", "names": [name]}},
        "properties": [{"id": k.replace("__", "."), "value": v} for k, v in sorted(props.items())],
    }


def value_text(mapping):
    """Value mapping {raw value: (text, colour)}."""
    return [{
        "options": {k: {"color": c, "index": i, "text": t} for i, (k, (t, c)) in enumerate(mapping.items())},
        "type": "value",
    }]


def timeseries_custom(stack=False, bars=False, fill=10, threshold_line=False):
    return {
        "axisSoftMin": 0,
        "barAlignment": 0,
        "drawStyle": "bars" if bars else "line",
        "fillOpacity": 80 if bars else fill,
        "gradientMode": "none",
        "lineInterpolation": "linear",
        "lineWidth": 1,
        "pointSize": 4,
        "showPoints": "never",
        "spanNulls": False,
        "stacking": {"group": "A", "mode": "normal" if stack else "none"},
        "thresholdsStyle": {"mode": "line" if threshold_line else "off"},
    }


# ------------------------------------------------------------------- panels


def panel(kind, title, description, w, h, targets, field_cfg, options, **extra):
    p = {
        "datasource": DS,
        "description": description,
        "fieldConfig": field_cfg,
        "gridPos": {"h": h, "w": w, "x": 0, "y": 0},  # placed by Layout
        "options": options,
        "targets": targets,
        "title": title,
        "type": kind,
    }
    p.update(extra)
    return p


LEGEND_LIST = {"calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": True}
LEGEND_TABLE = {"calcs": ["mean", "max"], "displayMode": "table", "placement": "right", "showLegend": True}
TOOLTIP = {"mode": "multi", "sort": "desc"}
REDUCE_LAST = {"calcs": ["lastNotNull"], "fields": "", "values": False}


def stat(title, description, expr, unit="short", legend="", w=4, h=4, steps=((None, "green"),),
         mappings=None, text_mode="auto", color_mode="value", no_value=None, decimals=None):
    return panel(
        "stat", title, description, w, h,
        [target(expr, legend=legend, instant=True)],
        field_config(unit=unit, color_mode="thresholds", steps=steps, mappings=mappings,
                     no_value=no_value, decimals=decimals),
        {"colorMode": color_mode, "graphMode": "none", "justifyMode": "auto", "orientation": "auto",
         "reduceOptions": REDUCE_LAST, "showPercentChange": False, "textMode": text_mode,
         "wideLayout": True})


def timeseries(title, description, targets, unit="short", w=12, h=8, stack=False, bars=False,
               legend=LEGEND_LIST, interval=None, steps=((None, "green"),), threshold_line=False,
               overrides=()):
    extra = {}
    if interval:
        extra["interval"] = interval
    return panel(
        "timeseries", title, description, w, h, targets,
        field_config(unit=unit, custom=timeseries_custom(stack=stack, bars=bars, threshold_line=threshold_line),
                     steps=steps, overrides=overrides),
        {"legend": legend, "tooltip": TOOLTIP}, **extra)


def bargauge(title, description, expr, legend, unit="short", w=12, h=10):
    return panel(
        "bargauge", title, description, w, h,
        [target(expr, legend=legend, instant=True)],
        field_config(unit=unit, color_mode="continuous-YlRd", min_value=0),
        {"displayMode": "gradient", "maxVizHeight": 300, "minVizHeight": 16, "minVizWidth": 8,
         "namePlacement": "left", "orientation": "horizontal", "reduceOptions": REDUCE_LAST,
         "showUnfilled": True, "sizing": "auto", "valueMode": "color"})


def piechart(title, description, expr, legend, w=8, h=8):
    return panel(
        "piechart", title, description, w, h,
        [target(expr, legend=legend, instant=True)],
        field_config(unit="short"),
        {"displayLabels": ["name"], "legend": {"displayMode": "table", "placement": "right",
                                               "showLegend": True, "values": ["value", "percent"]},
         "pieType": "donut", "reduceOptions": REDUCE_LAST, "tooltip": {"mode": "single", "sort": "none"}})


def table(title, description, targets, transformations, sort_by, w=24, h=8, overrides=()):
    return panel(
        "table", title, description, w, h, targets,
        field_config(unit="short", custom={"align": "auto", "cellOptions": {"type": "auto"}, "filterable": True},
                     overrides=overrides, decimals=0),
        {"cellHeight": "sm", "footer": {"countRows": False, "fields": "", "reducer": ["sum"], "show": False},
         "showHeader": True, "sortBy": [{"desc": True, "displayName": sort_by}]},
        transformations=transformations)


def organize(rename, order, exclude=("Time",)):
    return {"id": "organize", "options": {
        "excludeByName": {name: True for name in exclude},
        "includeByName": {},
        "indexByName": {name: i for i, name in enumerate(order)},
        "renameByName": rename,
    }}


def row(title):
    return {"collapsed": False, "gridPos": {"h": 1, "w": 24, "x": 0, "y": 0}, "panels": [],
            "title": title, "type": "row"}


class Layout:
    """Places panels left to right in rows of 24 columns and numbers them."""

    def __init__(self):
        self.panels = []
        self.x = 0
        self.y = 0
        self.row_height = 0

    def _newline(self):
        self.y += self.row_height
        self.x = 0
        self.row_height = 0

    def add(self, p):
        g = p["gridPos"]
        if p["type"] == "row" or self.x + g["w"] > 24:
            self._newline()
        g["x"], g["y"] = self.x, self.y
        p["id"] = len(self.panels) + 1
        self.panels.append(p)
        self.x += g["w"]
        self.row_height = max(self.row_height, g["h"])
        if p["type"] == "row":
            self._newline()
        return p


# ------------------------------------------------------------- dashboards


def variables(router=False):
    def query_var(name, label, query, description, all_value=".+"):
        return {
            "datasource": DS,
            "definition": query,
            "description": description,
            "hide": 0,
            "includeAll": True,
            "allValue": all_value,
            "label": label,
            "multi": True,
            "name": name,
            "options": [],
            "query": query,
            "refresh": 2,
            "regex": "",
            "skipUrlSync": False,
            "sort": 1,
            "type": "query",
        }

    return {"list": [
        {
            "description": "Prometheus data source that scrapes fwlog_exporter.",
            "hide": 0,
            "includeAll": False,
            "label": "Data source",
            "multi": False,
            "name": "datasource",
            "options": [],
            "query": "prometheus",
            "refresh": 1,
            "regex": "",
            "skipUrlSync": False,
            "type": "datasource",
        },
        query_var("job", "Job", "label_values(fwlog_build_info, job)",
                  "Scrape job(s) of fwlog_exporter."),
        query_var("instance", "Instance", 'label_values(fwlog_build_info{job=~"$job"}, instance)',
                  "fwlog_exporter instance(s), one per log host."),
    ] + ([
        # All: ".*", which also matches series without the label (history
        # from before the router label existed).
        query_var("router", "Router", ROUTER_QUERY,
                  "Router(s): each input's router: name (default: the input's name), or the syslog host "
                  "with router: from_host; \"other\" holds the hosts beyond max_routers.", all_value=".*"),
    ] if router else [])}


def annotations(extra=()):
    builtin = {
        "builtIn": 1,
        "datasource": {"type": "grafana", "uid": "-- Grafana --"},
        "enable": True,
        "hide": True,
        "iconColor": "rgba(0, 211, 255, 1)",
        "name": "Annotations & Alerts",
        "type": "dashboard",
    }
    return {"list": [builtin] + list(extra)}


def links():
    return [{
        "asDropdown": False,
        "icon": "external link",
        "includeVars": True,
        "keepTime": True,
        "tags": ["fwlog"],
        "targetBlank": False,
        "title": "fwlog dashboards",
        "tooltip": "",
        "type": "dashboards",
        "url": "",
    }]


ROUTER_QUERY = 'label_values(fwlog_packets_total{job=~"$job", instance=~"$instance"}, router)'


def dashboard(uid, title, description, panels, extra_annotations=(), router=False):
    return {
        "annotations": annotations(extra_annotations),
        "description": description,
        "editable": True,
        "fiscalYearStartMonth": 0,
        "graphTooltip": 1,
        "links": links(),
        "liveNow": False,
        "panels": panels,
        "refresh": "1m",
        "schemaVersion": 39,
        "tags": ["fwlog", "firewall"],
        "templating": variables(router),
        "time": {"from": "now-24h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "title": title,
        "uid": uid,
        "version": 1,
        "weekStart": "",
    }


BLOCKED = 'action=~"drop|reject"'
PUBLIC_COUNTRY = 'country!~"private|unknown"'
# ICMP and other port-less protocols are counted in fwlog_packets_by_port_total
# with port="" (service "unknown"); the port and service panels leave them out.
HAS_PORT = 'port!=""'


def overflow_apart(expr):
    """`expr` with the overflow series of a metric at its max_series (overflow="true", every label
    "other") shown as range "over max_series", apart from range "other" (a source in no catalog
    range); no range name can hold a space."""
    return f'label_replace({expr}, "range", "over max_series", "overflow", "true")'


NOT_NAMED = 'range=~"other|private"'
NO_OVERFLOW = 'overflow=""'


def by_category(expr):
    """`expr` (a range metric) summed per exporter and range, with each range's category from
    fwlog_range_info joined on. fwlog_range_info has no router label: one series per exporter and
    range, so the match is on job, instance and range (one to one whatever the router selection);
    ranges outside the catalog (the overflow series' range "other") find no partner and drop out."""
    return (f"sum by (job, instance, range) ({expr}) * on (job, instance, range) group_left (category) "
            f"max by (job, instance, range, category) (fwlog_range_info{xsel()})")


WATCHED_ALERT_FIRING = ('alertname="FwlogWatchedRangeSeen"', 'alertstate="firing"')
FWLOG_ALERT_FIRING = ('alertname=~"Fwlog.*"', 'alertstate="firing"')


def firewall_drops():
    L = Layout()

    L.add(row("Overview of the selected time range"))
    L.add(stat("Blocked packets",
               "Packets the router dropped or rejected in the selected time range.",
               f"sum(increase(fwlog_packets_total{sel(BLOCKED)}[$__range]))", decimals=0))
    L.add(stat("Blocked now",
               "Dropped or rejected packets per second over the last 5 minutes "
               "(recording rule job_instance_router:fwlog_drops:rate5m).",
               f"sum(job_instance_router:fwlog_drops:rate5m{sel()})", unit="pps"))
    L.add(stat("Ports targeted",
               "Distinct destination ports (per protocol) that received packets in the selected range. "
               "Ports beyond the exporter's series limit are counted together as \"other\".",
               f"count(sum by (proto, port) (increase(fwlog_packets_by_port_total{sel(HAS_PORT)}[$__range])) > 0)",
               decimals=0, no_value="0"))
    L.add(stat("Source countries",
               "Distinct source countries in the selected range (private and unknown sources left out).",
               f"count(sum by (country) (increase(fwlog_packets_by_country_total{sel(PUBLIC_COUNTRY)}[$__range])) > 0)",
               decimals=0, no_value="0"))
    L.add(stat("Watched-range packets",
               "Packets from the named source ranges of the catalog (for example nict-notice) in the "
               "selected range. Anything above zero is also an FwlogWatchedRangeSeen alert.",
               f"sum(increase(fwlog_range_packets_total{sel()}[$__range]))",
               steps=((None, "green"), (1, "orange")), decimals=0, no_value="0"))
    L.add(stat("Most targeted service",
               "The IANA service name of the destination port that received the most packets in the "
               "selected range (\"unknown\" when the registry names none).",
               f"topk(1, sum by (service) (increase(fwlog_packets_by_port_total{sel(HAS_PORT)}[$__range])))",
               legend="{{service}}", text_mode="name", color_mode="none"))

    L.add(row("Over time"))
    L.add(timeseries(
        "Packets by action and protocol",
        "Logged packets per second, stacked by verdict (drop, reject, accept) and protocol "
        "(recording rule job_instance_router_action_proto:fwlog_packets:rate5m).",
        [target(f"sum by (action, proto) (job_instance_router_action_proto:fwlog_packets:rate5m{sel()})",
                legend="{{action}} {{proto}}")],
        unit="pps", w=24, stack=True, legend=LEGEND_TABLE))
    L.add(timeseries(
        "Attempts per hour",
        "Packets logged in each hour (one bar per hour, any verdict).",
        [target(f"sum(increase(fwlog_packets_by_hour_total{sel()}[$__interval]))", legend="packets")],
        bars=True, interval="1h"))
    L.add(panel(
        "barchart", "Attempts by hour of day",
        "Packets in the selected range by the hour of day of the event, in the exporter's configured "
        "time zone: 24 bars that show when scanners are busiest.",
        12, 8,
        instant_table(f"sum by (hour) (increase(fwlog_packets_by_hour_total{sel()}[$__range]))"),
        field_config(unit="short", color_mode="palette-classic",
                     custom={"axisSoftMin": 0, "fillOpacity": 80, "gradientMode": "none", "lineWidth": 1}),
        {"barRadius": 0, "barWidth": 0.9, "groupWidth": 0.7, "legend": {**LEGEND_LIST, "showLegend": False},
         "orientation": "vertical", "showValue": "never", "stacking": "none", "tooltip": {"mode": "single", "sort": "none"},
         "xField": "hour", "xTickLabelRotation": 0},
        transformations=[
            organize({"Value": "packets"}, ["hour", "Value"]),
            {"id": "sortBy", "options": {"fields": {}, "sort": [{"desc": False, "field": "hour"}]}},
        ]))

    L.add(row("Day by day"))
    day_note = (" One bar per day: each is increase(...[1d]) at a 1-day step, the 24 hours that end at the "
                "bar's time (Grafana aligns 1-day steps to midnight UTC; the dashboard's time zone setting "
                "labels them). The exporter's own page at / has the same days in its configured zone.")
    L.add(timeseries(
        "Attempts per day",
        "Dropped and rejected packets per day." + day_note,
        [target(f"sum(increase(fwlog_packets_total{sel(BLOCKED)}[1d]))", legend="packets")],
        bars=True, interval="1d"))
    L.add(timeseries(
        "Attempts per day by port",
        "Packets per day to the 8 busiest destination ports of each day, with their IANA service "
        "names (any verdict)." + day_note,
        [target(f"topk(8, sum by (proto, port, service) (increase(fwlog_packets_by_port_total{sel(HAS_PORT)}[1d])))",
                legend="{{port}}/{{proto}} {{service}}")],
        bars=True, stack=True, interval="1d"))
    L.add(timeseries(
        "Attempts per day by country",
        "Packets per day from the 8 busiest source countries of each day (any verdict)." + day_note,
        [target(f"topk(8, sum by (country) (increase(fwlog_packets_by_country_total{sel()}[1d])))",
                legend="{{country}}")],
        bars=True, stack=True, interval="1d"))
    L.add(timeseries(
        "Watched ranges per day",
        "Packets per day from each named range of the catalog (nict-notice ...): the NICT survey's "
        "visits, day by day." + day_note,
        [target(f"sum by (range) (increase(fwlog_range_packets_total{sel()}[1d]))", legend="{{range}}")],
        bars=True, stack=True, interval="1d"))

    L.add(row("Destination ports and services"))
    L.add(table(
        "Top destination ports",
        "The 20 destination ports that received the most packets in the selected range, with the "
        "protocol and the IANA service name.",
        instant_table(f"topk(20, sum by (proto, port, service) "
                      f"(increase(fwlog_packets_by_port_total{sel(HAS_PORT)}[$__range])))"),
        [organize({"Value": "packets"}, ["proto", "port", "service", "Value"])],
        sort_by="packets", w=12, h=10,
        overrides=[override_by_name("packets", custom__cellOptions={"mode": "basic", "type": "gauge"})]))
    L.add(bargauge(
        "Top services",
        "The 15 most targeted services (ports folded together by IANA service name) in the selected range.",
        f"sort_desc(topk(15, sum by (service) (increase(fwlog_packets_by_port_total{sel(HAS_PORT)}[$__range]))))",
        "{{service}}"))
    L.add(piechart(
        "Protocols",
        "Share of logged packets per protocol in the selected range.",
        f"sum by (proto) (increase(fwlog_packets_total{sel()}[$__range]))", "{{proto}}", w=6))
    L.add(timeseries(
        "Top ports over time",
        "Packets per second to the 8 busiest destination ports at each moment "
        "(recording rule job_instance_router_proto_port_service:fwlog_packets_by_port:rate5m).",
        [target(f"topk(8, sum by (proto, port, service) "
                f"(job_instance_router_proto_port_service:fwlog_packets_by_port:rate5m{sel(HAS_PORT)}))",
                legend="{{proto}}/{{port}} {{service}}")],
        unit="pps", w=9))
    L.add(timeseries(
        "Top services over time",
        "Packets per second to the 8 busiest services at each moment "
        "(recording rule job_instance_router_service:fwlog_packets_by_port:rate5m).",
        [target(f"topk(8, sum by (service) (job_instance_router_service:fwlog_packets_by_port:rate5m{sel()}))",
                legend="{{service}}")],
        unit="pps", w=9))

    L.add(row("Sources"))
    L.add(panel(
        "geomap", "Source countries",
        "Packets in the selected range by source country, placed by ISO 3166-1 alpha-2 code. "
        "Private and unknown sources have no place on the map; see the bar gauge beside it.",
        12, 12,
        instant_table(f"sum by (country) (increase(fwlog_packets_by_country_total{sel(PUBLIC_COUNTRY)}[$__range]))"),
        field_config(unit="short", color_mode="continuous-YlRd"),
        {
            "basemap": {"config": {}, "name": "Basemap", "type": "default"},
            "controls": {"mouseWheelZoom": True, "showAttribution": True, "showDebug": False,
                         "showMeasure": False, "showScale": False, "showZoom": True},
            "layers": [{
                "config": {
                    "showLegend": True,
                    "style": {
                        "color": {"field": "Value", "fixed": "dark-red"},
                        "opacity": 0.6,
                        "rotation": {"fixed": 0, "max": 360, "min": -360, "mode": "mod"},
                        "size": {"field": "Value", "fixed": 5, "max": 30, "min": 4},
                        "symbol": {"fixed": "img/icons/marker/circle.svg", "mode": "fixed"},
                        "symbolAlign": {"horizontal": "center", "vertical": "center"},
                        "text": {"field": "country", "fixed": "", "mode": "field"},
                        "textConfig": {"fontSize": 10, "offsetX": 0, "offsetY": 12, "textAlign": "center",
                                       "textBaseline": "middle"},
                    },
                },
                "location": {"gazetteer": "public/gazetteer/countries.json", "lookup": "country",
                             "mode": "lookup"},
                "name": "Countries",
                "tooltip": True,
                "type": "markers",
            }],
            "tooltip": {"mode": "details"},
            "view": {"allLayers": True, "id": "zero", "lat": 20, "lon": 0, "zoom": 1},
        },
        transformations=[organize({}, ["country", "Value"])]))
    L.add(bargauge(
        "Top source countries",
        "The 15 countries that sent the most packets in the selected range; \"private\" are "
        "non-global addresses, \"unknown\" are addresses the country database does not place.",
        f"sort_desc(topk(15, sum by (country) (increase(fwlog_packets_by_country_total{sel()}[$__range]))))",
        "{{country}}", h=12))
    L.add(bargauge(
        "Source ranges",
        "Packets in the selected range by source range: a catalog name (for example nict-notice), "
        "\"private\" for non-global addresses, \"other\" for everything else; \"over max_series\": "
        "packets counted in the metric's overflow series.",
        f"sort_desc(sum by (range) ({overflow_apart(f'increase(fwlog_packets_total{sel()}[$__range])')}))",
        "{{range}}", w=8, h=8))
    L.add(timeseries(
        "Top countries over time",
        "Packets per second from the 8 busiest source countries at each moment "
        "(recording rule job_instance_router_country:fwlog_packets_by_country:rate5m).",
        [target(f"topk(8, sum by (country) (job_instance_router_country:fwlog_packets_by_country:rate5m{sel()}))",
                legend="{{country}}")],
        unit="pps", w=8))
    L.add(timeseries(
        "Source ranges over time",
        "Packets per second by source range (recording rule job_instance_router_range:fwlog_packets:rate5m); "
        "\"over max_series\": the metric's overflow series.",
        [target(f"sum by (range) ({overflow_apart(f'job_instance_router_range:fwlog_packets:rate5m{sel()}')})",
                legend="{{range}}")],
        unit="pps", w=8))
    L.add(timeseries(
        "Scanners",
        "Sources the exporter's scan detection counts as scanners right now, by source range: each "
        "touched at least scan_detection.ports distinct ports (default 15) or scan_detection.addresses "
        "distinct addresses (default 10) within scan_detection.window (default 5m) and was seen within "
        "that window (fwlog_scanners_active). New scanners raise FwlogScannerDetected. Scan detection is "
        "per exporter: this panel ignores the router selector.",
        [target(f"sum by (range) (fwlog_scanners_active{xsel()})", legend="{{range}}")],
        w=24, h=6))

    L.add(row("Known scanners and networks"))
    L.add(timeseries(
        "Known scanners vs the rest",
        "Refused packets per second by the category of their source range (research-scanner, "
        "search-engine, government-survey ...: fwlog_range_info of the scanner catalog), against the "
        "rest: \"other\" (a source in no catalog range) and \"private\" (non-global addresses). "
        "Packets counted in a metric's overflow series (over max_series) are left out.",
        [target(f"sum by (category) ({by_category(f'rate(fwlog_range_packets_total{sel()}[$__rate_interval])')})",
                legend="{{category}}"),
         target(f'label_replace(sum by (range) (rate(fwlog_packets_total{sel(BLOCKED, NOT_NAMED, NO_OVERFLOW)}'
                f'[$__rate_interval])), "category", "$1", "range", "(.*)")',
                legend="{{category}}", ref="B")],
        unit="pps", w=24, stack=True, legend=LEGEND_TABLE))
    L.add(table(
        "Top known scanners",
        "The 20 organisations of the scanner catalog (named source ranges) that sent the most refused "
        "packets in the selected range, with their category.",
        instant_table(f"topk(20, sum by (range, category) "
                      f"({by_category(f'increase(fwlog_range_packets_total{sel()}[$__range])')}) > 0)"),
        [organize({"Value": "packets"}, ["range", "category", "Value"])],
        sort_by="packets", w=12, h=10,
        overrides=[override_by_name("packets", custom__cellOptions={"mode": "basic", "type": "gauge"})]))
    L.add(table(
        "Top networks",
        "The 20 autonomous systems (AS number and name, from the location database) that sent the "
        "most refused packets in the selected range; \"private\" are non-global addresses, "
        "\"unknown\" addresses the database does not place. Needs the metric "
        "fwlog_packets_by_asn_total, which is not a default metric (it costs about a fifth of the "
        "replay time): declare it under metrics: (labels [asn, as_org, router], match action drop "
        "and reject, max_series 500; see docs/contract.md), else this panel stays empty.",
        instant_table(f"topk(20, sum by (asn, as_org) "
                      f"(increase(fwlog_packets_by_asn_total{sel(NO_OVERFLOW)}[$__range])) > 0)"),
        [organize({"Value": "packets", "asn": "AS", "as_org": "network"}, ["asn", "as_org", "Value"])],
        sort_by="packets", w=12, h=10,
        overrides=[override_by_name("packets", custom__cellOptions={"mode": "basic", "type": "gauge"})]))
    L.add(row("Watched ranges"))
    L.add(table(
        "Watched ranges",
        "Named source ranges of the catalog that have reached this router: when they were first and "
        "last seen (event time, kept across restarts) and how many packets they sent.",
        instant_table(
            f"min by (range) (fwlog_range_first_seen_timestamp_seconds{sel()}) * 1000",
            f"max by (range) (fwlog_range_last_seen_timestamp_seconds{sel()}) * 1000",
            f"sum by (range) (fwlog_range_packets_total{sel()})",
            f"sum by (range) (increase(fwlog_range_packets_total{sel()}[$__range]))",
        ),
        [{"id": "merge", "options": {}},
         organize({"Value #A": "first seen", "Value #B": "last seen", "Value #C": "packets (total)",
                   "Value #D": "packets (selected range)"},
                  ["range", "Value #A", "Value #B", "Value #C", "Value #D"]),
         # milliseconds -> time fields, which the table shows as dates
         {"id": "convertFieldType", "options": {"conversions": [
             {"destinationType": "time", "targetField": "first seen"},
             {"destinationType": "time", "targetField": "last seen"}], "fields": {}}}],
        sort_by="last seen", h=6))
    L.add(table(
        "Watched ranges by port",
        "Every destination port and service a watched range probed, with its packet count in total "
        "and in the selected range.",
        instant_table(
            f"sum by (range, proto, port, service) (fwlog_range_packets_total{sel()})",
            f"sum by (range, proto, port, service) (increase(fwlog_range_packets_total{sel()}[$__range]))",
        ),
        [{"id": "merge", "options": {}},
         organize({"Value #A": "packets (total)", "Value #B": "packets (selected range)"},
                  ["range", "proto", "port", "service", "Value #A", "Value #B"])],
        sort_by="packets (total)", h=8))

    watched_alerts = {
        "datasource": DS,
        "enable": True,
        "expr": f"ALERTS{sel(*WATCHED_ALERT_FIRING)}",
        "hide": False,
        "iconColor": "red",
        "name": "Watched range alerts",
        "step": "1m",
        "tagKeys": "range,proto,port",
        "textFormat": "{{service}}",
        "titleFormat": "{{range}} probed {{proto}}/{{port}}",
    }
    return dashboard(
        "fwlog-firewall-drops", "Firewall drops",
        "Who knocks on the router: blocked packets by time, hour of day, port, service, country and "
        "source range, known scanners by category and organisation, the networks (AS) they come from, "
        "and the watched ranges (such as the NICT NOTICE survey) that reached it. "
        "Data: fwlog_exporter.",
        L.panels, extra_annotations=[watched_alerts], router=True)


def exporter_health():
    L = Layout()
    by = "instance, input"

    L.add(row("Status"))
    L.add(stat("Exporter up", "Whether Prometheus can scrape fwlog_exporter (the up series of the job).",
               f"min(up{xsel()})", steps=((None, "red"), (1, "green")),
               mappings=value_text({"0": ("DOWN", "red"), "1": ("UP", "green")}), color_mode="background"))
    L.add(stat("Version", "fwlog_exporter version and revision (fwlog_build_info).",
               f"fwlog_build_info{xsel()}", legend="{{version}} ({{revision}})", text_mode="name",
               color_mode="none"))
    L.add(stat("Uptime", "Time since the exporter process started.",
               f"time() - max(process_start_time_seconds{xsel()})", unit="s", decimals=0))
    L.add(stat("Config reload", "Whether the last configuration (re)load succeeded. After a failed reload "
               "the exporter keeps running the previous configuration.",
               f"min(fwlog_config_last_reload_successful{xsel()})", steps=((None, "red"), (1, "green")),
               mappings=value_text({"0": ("FAILED", "red"), "1": ("OK", "green")}), color_mode="background"))
    L.add(stat("Last successful reload", "When the configuration was last loaded successfully.",
               f"max(fwlog_config_last_reload_success_timestamp_seconds{xsel()}) * 1000",
               unit="dateTimeFromNow"))
    L.add(stat("Country database age", "Age of the country database, from its own build time. "
               "FwlogCountryDatabaseStale fires past 45 days.",
               f"time() - max(fwlog_country_db_build_timestamp_seconds{xsel()} > 0)", unit="s",
               steps=((None, "green"), (30 * 86400, "orange"), (45 * 86400, "red")), decimals=0))

    L.add(row("Inputs"))
    L.add(timeseries(
        "Lines read per second", "Log lines read per second by each input (files, syslog, stdin).",
        [target(f"sum by ({by}) (rate(fwlog_input_lines_total{xsel()}[$__rate_interval]))", legend="{{input}}")],
        unit="cps"))
    L.add(timeseries(
        "Bytes read per second", "Bytes read per second by each input.",
        [target(f"sum by ({by}) (rate(fwlog_input_bytes_total{xsel()}[$__rate_interval]))", legend="{{input}}")],
        unit="Bps"))
    L.add(timeseries(
        "Unmatched lines ratio",
        "Share of each input's lines that no pattern recognised. A jump often means a firmware update "
        "changed the log format. The line marks the FwlogHighUnmatchedRatio threshold (50%).",
        [target(f"sum by ({by}) (rate(fwlog_lines_unmatched_total{xsel()}[$__rate_interval]))"
                f" / sum by ({by}) (rate(fwlog_input_lines_total{xsel()}[$__rate_interval]))",
                legend="{{input}}")],
        unit="percentunit", steps=((None, "green"), (0.5, "red")), threshold_line=True))
    L.add(timeseries(
        "Invalid lines ratio by reason",
        "Share of each input's lines that looked like a firewall line but carried an unreadable "
        "source address or port, by reason.",
        [target(f"sum by ({by}, reason) (rate(fwlog_lines_invalid_total{xsel()}[$__rate_interval]))"
                f" / on ({by}) group_left () sum by ({by}) (rate(fwlog_input_lines_total{xsel()}[$__rate_interval]))",
                legend="{{input}} {{reason}}")],
        unit="percentunit"))
    L.add(timeseries(
        "Time since the last event",
        "How long ago (wall clock) the newest event of each input happened (event time). It grows "
        "while an input is silent or its clock or time zone is off.",
        [target(f"time() - max by ({by}) (fwlog_last_event_timestamp_seconds{xsel()} > 0)", legend="{{input}}")],
        unit="s"))
    L.add(timeseries(
        "File lag",
        "Bytes written to each tailed file that the exporter has not read yet (file size minus read offset).",
        [target(f"sum by ({by}, path) (fwlog_file_size_bytes{xsel()} - fwlog_file_offset_bytes{xsel()})",
                legend="{{input}} {{path}}")],
        unit="bytes"))
    L.add(timeseries(
        "File rotations and truncations",
        "Rotations (a new file under the watched name) and truncations (the file shrank) seen by each file input.",
        [target(f"sum by ({by}) (increase(fwlog_file_rotations_total{xsel()}[$__rate_interval]))",
                legend="rotations {{input}}"),
         target(f"sum by ({by}) (increase(fwlog_file_truncations_total{xsel()}[$__rate_interval]))",
                legend="truncations {{input}}", ref="B")],
        bars=True))
    L.add(timeseries(
        "Syslog messages dropped",
        "Syslog messages each syslog input dropped per second, by reason. Anything above zero means "
        "the counters under-count (FwlogSyslogDropping). \"refused sender\": datagrams and connections "
        "per second from addresses not in the input's allowed_senders (FwlogSyslogSenderRejected).",
        [target(f"sum by ({by}, reason) (rate(fwlog_syslog_messages_dropped_total{xsel()}[$__rate_interval]))",
                legend="{{input}} {{reason}}"),
         target(f"sum by ({by}) (rate(fwlog_syslog_senders_rejected_total{xsel()}[$__rate_interval]))",
                legend="{{input}} refused sender", ref="B")],
        unit="cps"))

    L.add(timeseries(
        "Files followed",
        "Files each file input holds open: those its path or glob names, and rotated ones still "
        "being read to their end. Zero while its files cannot be read (see File input errors).",
        [target(f"sum by ({by}) (fwlog_input_files{xsel()})", legend="{{input}}")]))
    L.add(timeseries(
        "File input errors",
        "Failed attempts per second of each file input to look at or open a path it follows, by "
        "reason (permission_denied, not_found, too_many_open_files, not_a_file, other). The "
        "exporter's log names the path and the OS error (FwlogFileInputErrors).",
        [target(f"sum by ({by}, reason) (rate(fwlog_input_errors_total{xsel()}[$__rate_interval]))",
                legend="{{input}} {{reason}}")],
        unit="cps"))

    L.add(row("Exporter"))
    L.add(timeseries(
        "Series overflow",
        "Events per second counted in a metric's overflow series (overflow=\"true\", every other "
        "label \"other\") because the metric reached its max_series (FwlogSeriesOverflow), and "
        "events of hosts beyond max_routers counted as router \"other\" (FwlogRouterOverflow).",
        [target(f"sum by (instance, metric) (rate(fwlog_series_overflow_total{xsel()}[$__rate_interval]))",
                legend="{{metric}}"),
         target(f"sum by (instance) (rate(fwlog_router_overflow_total{xsel()}[$__rate_interval]))",
                legend="routers beyond max_routers", ref="B")],
        unit="cps", w=8))
    L.add(timeseries(
        "State file writes",
        "Writes of the state file (read offsets and counters) per second, by result.",
        [target(f"sum by (instance, result) (rate(fwlog_state_writes_total{xsel()}[$__rate_interval]))",
                legend="{{result}}")],
        unit="ops", w=8,
        overrides=[override_by_name("failure", color={"fixedColor": "red", "mode": "fixed"}),
                   override_by_name("success", color={"fixedColor": "green", "mode": "fixed"})]))
    L.add(table(
        "Firing fwlog alerts",
        "fwlog alerts that Prometheus currently has firing for the selected exporters.",
        instant_table(f'sum by (alertname, severity, input, range, proto, port) '
                      f"(ALERTS{xsel(*FWLOG_ALERT_FIRING)})"),
        [organize({}, ["alertname", "severity", "input", "range", "proto", "port"], exclude=("Time", "Value"))],
        sort_by="severity", w=8, h=8))

    L.add(row("Process"))
    L.add(timeseries(
        "CPU", "CPU time used by the exporter process (1 = one full core).",
        [target(f"rate(process_cpu_seconds_total{xsel()}[$__rate_interval])", legend="{{instance}}")],
        unit="percentunit", w=8))
    L.add(timeseries(
        "Resident memory", "Resident memory of the exporter process.",
        [target(f"process_resident_memory_bytes{xsel()}", legend="{{instance}}")],
        unit="bytes", w=8))
    L.add(timeseries(
        "Open file descriptors", "File descriptors the exporter process holds open.",
        [target(f"process_open_fds{xsel()}", legend="{{instance}}")],
        w=8))

    return dashboard(
        "fwlog-exporter-health", "fwlog_exporter health",
        "Is fwlog_exporter reading everything? Lines per input, unmatched and invalid ratios, file "
        "lag, rotations, files followed and file errors, syslog drops, series overflow, configuration reloads, state writes, country "
        "database age, and the process's CPU and memory.",
        L.panels)


DASHBOARDS = {
    "firewall-drops.json": firewall_drops,
    "exporter-health.json": exporter_health,
}


def main(argv):
    if argv[:1] == ["--format"]:
        for path in argv[1:]:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            with open(path, "w", encoding="utf-8") as f:
                f.write(canonical_json(doc))
            print(f"formatted {path}")
        return 0
    check = "--check" in argv
    stale = []
    for name, build in DASHBOARDS.items():
        path = os.path.join(HERE, name)
        text = canonical_json(build())
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    current = f.read()
            except FileNotFoundError:
                current = None
            if current != text:
                stale.append(name)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {path}")
    if stale:
        print("out of date (run dashboards/generate.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
