#!/usr/bin/env python3
"""Static checks of the container and Grafana deploy files (no Docker engine needed).

    tests/bundle/deploy_static_test.py static    # compose, Dockerfile, provisioning (Python + promtool)
    tests/bundle/deploy_static_test.py compose   # `docker-compose config -q` (skipped when not installed)

static:
  deploy/docker-compose.yml
    * the four services; every bind-mounted file or folder exists; the build
      context and Dockerfile exist; syslog 5514/udp and 9847 are published,
      TZ is passed to the exporter;
    * Grafana mounts the provisioning folder and the dashboards where the
      provider looks; Alertmanager gets its templates; Prometheus gets every rule
      file its config names, and that config passes `promtool check config`;
    * the exporter's container config listens where the ports are published,
      every published syslog port has a listener, no TCP listener is left on
      (a router sends UDP), and it keeps its state in the image's volume;
    * Alertmanager's receivers send nothing as shipped (no mail or webhook
      configs, no SMTP settings).
  deploy/Dockerfile
    * multi-stage on debian:bookworm; build dependencies from
      scripts/apt-packages-build.txt or the fallback list (which names the
      packages the project needs); the cmake build of the fwlog_exporter target;
    * runtime: libloc-database, a non-root USER, HEALTHCHECK on /-/healthy,
      EXPOSE 9847 5514/udp 5514/tcp, ENTRYPOINT = the copied binary;
    * every COPY source from the build context exists;
    * deploy/docker/runtime-packages.sh maps a binary's libraries to packages.
  deploy/grafana/provisioning
    * a Prometheus data source, a file provider for the dashboards.
"""

import fnmatch
import glob
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

from bundlelib import SKIP, Failures, repo_path, require_module

DEPLOY = repo_path("deploy")
FALLBACK_BUILD_PACKAGES = {
    "build-essential", "cmake", "ninja-build", "pkg-config", "prometheus-cpp-dev", "libyaml-cpp-dev",
    "libre2-dev", "libmaxminddb-dev", "libloc-dev", "libcli11-dev", "libspdlog-dev", "libabsl-dev",
    "libcpp-httplib-dev", "libssl-dev", "zlib1g-dev",
}


def load_yaml(path):
    import yaml
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ------------------------------------------------------------------ compose


def volume_mounts(service):
    """[(source, target)] of the short-syntax volumes of a compose service."""
    out = []
    for v in service.get("volumes", []):
        parts = v.split(":")
        out.append((parts[0], parts[1]))
    return out


def host_path(source):
    return os.path.normpath(os.path.join(DEPLOY, source))


def is_bind(source):
    return source.startswith((".", "/"))


def container_to_host(mounts, container_path):
    """Map a path inside a container to the repository file mounted there, if any."""
    for source, target in mounts:
        if not is_bind(source):
            continue
        if container_path == target:
            return host_path(source)
        if container_path.startswith(target.rstrip("/") + "/"):
            return os.path.join(host_path(source), container_path[len(target.rstrip("/")) + 1:])
    return None


def ports_of(service):
    """{(container_port, protocol)} published by a compose service (short syntax)."""
    out = set()
    for p in service.get("ports", []):
        spec, _, proto = str(p).partition("/")
        out.add((spec.rsplit(":", 1)[-1], proto or "tcp"))
    return out


def check_compose(failures):
    where = "deploy/docker-compose.yml"
    compose = load_yaml(os.path.join(DEPLOY, "docker-compose.yml"))
    services = compose.get("services", {})
    for name in ("fwlog_exporter", "prometheus", "alertmanager", "grafana"):
        failures.check(name in services, where, f"no service {name}")
    for name, service in services.items():
        for source, target in volume_mounts(service):
            if is_bind(source):
                failures.check(os.path.exists(host_path(source)), f"{where} {name}",
                               f"mounts {source} (-> {target}), which does not exist")
            else:
                failures.check(source in (compose.get("volumes") or {}), f"{where} {name}",
                               f"named volume {source} is not declared under volumes:")

    exporter = services.get("fwlog_exporter", {})
    build = exporter.get("build", {})
    context = host_path(build.get("context", "."))
    failures.check(os.path.isdir(context), f"{where} fwlog_exporter", f"build context {context} missing")
    failures.check(os.path.isfile(os.path.join(context, build.get("dockerfile", "Dockerfile"))),
                   f"{where} fwlog_exporter", "the Dockerfile named by build: does not exist")
    published = ports_of(exporter)
    for port in (("5514", "udp"), ("9847", "tcp")):
        failures.check(port in published, f"{where} fwlog_exporter", f"does not publish {port[0]}/{port[1]}")
    env = exporter.get("environment", {})
    failures.check("TZ" in env, f"{where} fwlog_exporter",
                   "needs TZ in its environment (the router's stamps carry no zone)")

    # the exporter's container config: listens where compose publishes, state in the volume
    mounts = volume_mounts(exporter)
    cfg_path = container_to_host(mounts, "/etc/fwlog_exporter/config.yml") or os.path.join(
        DEPLOY, "docker", "fwlog_exporter.yml")
    cfg = load_yaml(cfg_path)
    listens = {(i["syslog"]["listen"].rsplit(":", 1)[1], i["syslog"].get("protocol", "udp"))
               for i in cfg.get("inputs", []) if "syslog" in i}
    for port in listens:
        failures.check(port in published, cfg_path, f"syslog input on {port[0]}/{port[1]} is not published")
    # Only what a router uses: every published syslog port has a listener,
    # and no TCP listener waits for a router that sends UDP (the input-silent
    # alert would fire for ever).
    for port in published - {("9847", "tcp")}:
        failures.check(port in listens, f"{where} fwlog_exporter",
                       f"publishes {port[0]}/{port[1]}, where no input of {cfg_path} listens")
    failures.check(all(proto == "udp" for _, proto in listens), cfg_path,
                   "a TCP syslog input: leave it commented until a router sends over TCP")
    failures.check(str(cfg.get("state_file", "")).startswith("/var/lib/fwlog_exporter/"), cfg_path,
                   "state_file must live in the volume /var/lib/fwlog_exporter")

    # Grafana: provisioning + dashboards where the provider reads them
    grafana = volume_mounts(services.get("grafana", {}))
    prov = container_to_host(grafana, "/etc/grafana/provisioning")
    failures.check(prov == os.path.join(DEPLOY, "grafana", "provisioning"), f"{where} grafana",
                   "must mount ./grafana/provisioning at /etc/grafana/provisioning")
    provider = load_yaml(os.path.join(DEPLOY, "grafana", "provisioning", "dashboards", "fwlog.yml"))
    for p in provider.get("providers", []):
        path = p.get("options", {}).get("path", "")
        mounted = container_to_host(grafana, path)
        failures.check(mounted == repo_path("dashboards"), f"{where} grafana",
                       f"dashboard provider path {path} is not where ../dashboards is mounted")
    home = services.get("grafana", {}).get("environment", {}).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home:
        failures.check(os.path.isfile(container_to_host(grafana, home) or ""), f"{where} grafana",
                       f"home dashboard {home} is not a mounted file")

    # Alertmanager: config and templates
    am = volume_mounts(services.get("alertmanager", {}))
    am_cfg_path = container_to_host(am, "/etc/alertmanager/alertmanager.yml")
    if failures.check(am_cfg_path is not None, f"{where} alertmanager", "alertmanager.yml is not mounted"):
        am_cfg = load_yaml(am_cfg_path)
        # Receivers do nothing until configured: no mail to placeholder
        # addresses, no webhook to a URL nobody serves.
        for receiver in am_cfg.get("receivers", []):
            configs = sorted(k for k in receiver if k.endswith("_configs"))
            failures.check(not configs, am_cfg_path,
                           f"receiver {receiver.get('name')} has {configs} as shipped; leave them commented")
        failures.check(not any(k.startswith("smtp_") for k in am_cfg.get("global", {})), am_cfg_path,
                       "SMTP settings as shipped; leave them commented")
        for pattern in am_cfg.get("templates", []):
            in_container = os.path.join("/etc/alertmanager", pattern)
            host = container_to_host(am, os.path.dirname(in_container))
            failures.check(bool(host and glob.glob(os.path.join(host, os.path.basename(pattern)))),
                           f"{where} alertmanager", f"templates {pattern} match no mounted file")

    # Prometheus: every rule file mounted, and the config passes promtool
    prom = volume_mounts(services.get("prometheus", {}))
    prom_cfg_path = container_to_host(prom, "/etc/prometheus/prometheus.yml")
    if failures.check(prom_cfg_path is not None, f"{where} prometheus", "prometheus.yml is not mounted"):
        prom_cfg = load_yaml(prom_cfg_path)
        rules = []
        for rule_file in prom_cfg.get("rule_files", []):
            host = container_to_host(prom, rule_file)
            if failures.check(host is not None and os.path.isfile(host), f"{where} prometheus",
                              f"rule file {rule_file} is not mounted"):
                rules.append(host)
        failures.check(any(j.get("job_name") == "fwlog" for j in prom_cfg.get("scrape_configs", [])),
                       prom_cfg_path, "no scrape job 'fwlog' (the alerts and dashboards expect it)")
        promtool = shutil.which("promtool")
        if promtool is None:
            print("NOTE: promtool not installed; the compose Prometheus config was not run through it")
        else:
            import yaml
            with tempfile.TemporaryDirectory() as tmp:
                prom_cfg["rule_files"] = rules
                path = os.path.join(tmp, "prometheus.yml")
                with open(path, "w", encoding="utf-8") as f:
                    yaml.safe_dump(prom_cfg, f)
                proc = subprocess.run([promtool, "check", "config", path], capture_output=True, text=True,
                                      timeout=60)
                failures.check(proc.returncode == 0, prom_cfg_path,
                               "promtool check config failed:\n" + proc.stdout + proc.stderr)


# --------------------------------------------------------------- Dockerfile


def dockerfile_instructions(path):
    """[(instruction, argument text)] with continuations joined and comments dropped."""
    out, current = [], ""
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not current and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if current and line.lstrip().startswith("#"):
                continue
            if line.endswith("\\"):
                current += line[:-1] + " "
                continue
            current += line
            word, _, rest = current.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
            current = ""
    return out


def check_dockerfile(failures):
    where = "deploy/Dockerfile"
    instructions = dockerfile_instructions(os.path.join(DEPLOY, "Dockerfile"))
    stages, current = [], None
    for ins, arg in instructions:
        if ins == "FROM":
            current = {"from": arg, "ins": []}
            stages.append(current)
        elif current is not None:
            current["ins"].append((ins, arg))
    if not failures.check(len(stages) >= 2, where, "must be multi-stage (build + runtime)"):
        return
    for s in stages:
        image = s["from"].split()[0]
        failures.check(image.startswith("debian:bookworm"), where, f"stage FROM {image}: not debian:bookworm")
    build, runtime = stages[0], stages[-1]
    build_text = " ".join(a for _, a in build["ins"])
    failures.check("scripts/apt-packages-build.tx" in build_text, where,
                   "the build stage must install from scripts/apt-packages-build.txt when it exists")
    failures.check("cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release" in build_text
                   and "cmake --build build --target fwlog_exporter" in build_text, where,
                   "the build stage must configure with Ninja/Release and build the fwlog_exporter target")
    fallback = os.path.join(DEPLOY, "docker", "build-packages.txt")
    with open(fallback, encoding="utf-8") as f:
        listed = {l.split("#")[0].strip() for l in f} - {""}
    failures.check(FALLBACK_BUILD_PACKAGES <= listed, fallback,
                   f"lacks {sorted(FALLBACK_BUILD_PACKAGES - listed)}")

    rt = {}
    for ins, arg in runtime["ins"]:
        rt.setdefault(ins, []).append(arg)
    user = (rt.get("USER") or ["root"])[-1]
    failures.check(user not in ("root", "0", "0:0"), where, f"runtime USER is {user}; must not be root")
    failures.check(any("/-/healthy" in h for h in rt.get("HEALTHCHECK", [])), where,
                   "runtime needs a HEALTHCHECK on /-/healthy")
    exposed = set(" ".join(rt.get("EXPOSE", [])).split())
    exposed |= {p + "/tcp" for p in exposed if "/" not in p}
    for port in ("9847/tcp", "5514/udp", "5514/tcp"):
        failures.check(port in exposed, where, f"runtime does not EXPOSE {port}")
    failures.check(any("libloc-database" in r for r in rt.get("RUN", [])), where,
                   "runtime must install libloc-database (the default country database)")
    entry = " ".join(rt.get("ENTRYPOINT", []))
    binary_targets = [shlex.split(c)[-1] for c in rt.get("COPY", []) if "build/fwlog_exporter" in c]
    failures.check(bool(binary_targets) and binary_targets[0] in entry, where,
                   f"ENTRYPOINT {entry} does not run the copied binary {binary_targets}")

    # COPY sources from the build context (not --from) must exist
    for s in stages:
        for ins, arg in s["ins"]:
            if ins not in ("COPY", "ADD") or "--from=" in arg:
                continue
            words = [w for w in shlex.split(arg) if not w.startswith("--")]
            sources = words[:-1]
            if sources == ["."]:
                continue
            matched = [src for src in sources if glob.glob(repo_path(src))]
            for src in sources:
                if not any(ch in src for ch in "*?["):
                    failures.check(src in matched, where, f"COPY source {src} does not exist")
            failures.check(bool(matched), where, f"no COPY source of '{arg}' exists")

    ignore = os.path.join(DEPLOY, "Dockerfile.dockerignore")
    if failures.check(os.path.isfile(ignore), where, "no deploy/Dockerfile.dockerignore"):
        with open(ignore, encoding="utf-8") as f:
            patterns = {l.strip() for l in f if l.strip() and not l.startswith("#")}
        for name in (".git", "build"):
            failures.check(any(fnmatch.fnmatch(name, p) for p in patterns), ignore, f"does not exclude {name}")

    script = os.path.join(DEPLOY, "docker", "runtime-packages.sh")
    if shutil.which("dpkg") and shutil.which("ldd"):
        proc = subprocess.run(["sh", script, "/bin/ls"], capture_output=True, text=True, timeout=60)
        failures.check(proc.returncode == 0 and "libc6" in proc.stdout.split(), script,
                       f"on /bin/ls gave rc {proc.returncode}: {proc.stdout!r} {proc.stderr!r}")


# ---------------------------------------------------------------- provisioning


def check_provisioning(failures):
    base = os.path.join(DEPLOY, "grafana", "provisioning")
    ds_path = os.path.join(base, "datasources", "prometheus.yml")
    ds = load_yaml(ds_path)
    failures.check(ds.get("apiVersion") == 1, ds_path, "apiVersion must be 1")
    sources = [d for d in ds.get("datasources", []) if d.get("type") == "prometheus"]
    if failures.check(len(sources) == 1, ds_path, "needs exactly one data source of type prometheus"):
        failures.check(str(sources[0].get("url", "")).startswith("http"), ds_path, "data source needs a url")
        failures.check(sources[0].get("access") == "proxy", ds_path, "access must be proxy")
    dash_path = os.path.join(base, "dashboards", "fwlog.yml")
    dash = load_yaml(dash_path)
    failures.check(dash.get("apiVersion") == 1, dash_path, "apiVersion must be 1")
    providers = dash.get("providers", [])
    failures.check(len(providers) >= 1 and all(p.get("type") == "file" and p.get("options", {}).get("path")
                                               for p in providers), dash_path,
                   "needs a provider of type file with options.path")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "static"
    if mode == "compose":
        tool = shutil.which("docker-compose")
        if tool is None:
            print("SKIP: docker-compose is not installed (Debian package docker-compose)")
            sys.exit(SKIP)
        proc = subprocess.run([tool, "-f", os.path.join(DEPLOY, "docker-compose.yml"), "config", "-q"],
                              capture_output=True, text=True, timeout=120)
        print(proc.stdout + proc.stderr, end="")
        print(f"docker-compose config -q: {'OK' if proc.returncode == 0 else 'FAILED'}")
        sys.exit(0 if proc.returncode == 0 else 1)
    require_module("yaml", "python3-yaml")
    failures = Failures()
    check_compose(failures)
    check_dockerfile(failures)
    check_provisioning(failures)
    failures.finish("deploy static checks")


if __name__ == "__main__":
    main()
