"""The container image (Dockerfile, .dockerignore) and compose.yaml, checked where no container
engine runs (none does here or in CI): the Dockerfile read instruction by instruction, and what
its final stage runs, run — the wheel built from exactly the files the build stage copies,
installed in a fresh environment, its ENTRYPOINT and CMD started with its ENV as an
unprivileged user, until its own HEALTHCHECK passes; compose.yaml read with PyYAML, and the
nginx config it mounts checked by the real nginx."""
import http.client
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from fkp import config
from tests.helpers.app import ROOT, free_port, skip_or_fail
from tests.helpers.dockerfile import (
    BUILDER,
    DOCKERFILE,
    FINAL,
    command,
    copied_by,
    copies,
    environment,
    flags_and_rest,
    healthcheck,
    ignore_rules,
    in_context,
    instructions,
    last,
    pattern,
)
from tests.helpers.package import project_files

pytestmark = pytest.mark.server

NOBODY = 65534  # who runs the server when the tests run as root (CI does), as the image's USER
BUILD_TOOLS = {"build-essential", "gcc", "g++", "make", "cc", "clang", "libc6-dev", "libc-dev", "python3-dev",
               "libffi-dev", "libssl-dev", "pkg-config", "git", "curl", "wget"}


# --- (a) the Dockerfile's content ---

def test_both_stages_are_python_3_11_slim_and_the_final_one_installs_only_wheels():
    assert len(DOCKERFILE) == 2 and BUILDER["name"] == "builder"
    assert BUILDER["from"] == FINAL["from"] == "python:3.11-slim"
    final_runs = " ".join(args for k, args in FINAL["steps"] if k == "RUN")
    install_line = next(args for k, args in FINAL["steps"] if k == "RUN" and "pip install" in args)
    for option in ("--no-cache-dir", "--no-index", "--find-links"):
        assert option in install_line
    flags, _ = flags_and_rest(install_line)
    assert "from=builder" in flags.get("mount", "")  # the wheels are mounted, never a layer
    assert "pip wheel" in " ".join(args for k, args in BUILDER["steps"] if k == "RUN")
    # apt: no recommended extras, no lists left, and no compiler or other build tool at all
    installs = re.findall(r"apt-get install ([^&;|]*)", final_runs)
    packages = {w for line in installs for w in line.split() if not w.startswith("-")}
    assert {"fonts-dejavu-core", "fonts-dejavu-extra"} <= packages
    assert packages & BUILD_TOOLS == set()
    assert all("--no-install-recommends" in line for line in installs)
    assert "rm -rf /var/lib/apt/lists/*" in final_runs
    # the fonts the PDFs ask for are the ones these packages hold
    layout = (ROOT / "fkp/exports/pdf/layout.py").read_text()
    assert "/usr/share/fonts/truetype/dejavu" in layout


def test_the_final_stage_runs_fkp_serve_as_a_fixed_non_root_user_with_data_in_a_volume():
    env = environment(FINAL)
    assert env["FKP_HOME"] == "/data"
    assert env["PYTHONUNBUFFERED"] == "1" and env["PYTHONDONTWRITEBYTECODE"] == "1"
    keywords = [k for k, _args in FINAL["steps"]]
    assert keywords.index("USER") < keywords.index("ENTRYPOINT")
    user = last(FINAL, "USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) >= 1000, "a fixed uid, not root, not a system account"
    runs = " ".join(args for k, args in FINAL["steps"] if k == "RUN")
    assert f"--uid {uid}" in runs and f"chown {user} /data" in runs and "chmod 700 /data" in runs
    volumes = last(FINAL, "VOLUME")
    assert (json.loads(volumes) if volumes.startswith("[") else volumes.split()) == ["/data"]
    assert last(FINAL, "EXPOSE").split() == [config.ENV_VARS["FKP_PORT"][0], config.ENV_VARS["FKP_TLS_PORT"][0]]
    assert command(last(FINAL, "ENTRYPOINT")) == ["fkp"]  # pyproject's console script
    assert 'fkp = "fkp.__main__:main"' in (ROOT / "pyproject.toml").read_text()
    assert command(last(FINAL, "CMD")) == ["serve"]
    options, check = healthcheck(FINAL)
    assert {"interval", "timeout", "retries"} <= set(options)
    assert check[0] == "python" and "/healthz" in " ".join(check)  # no curl in slim


def test_every_copied_file_exists_and_is_in_the_build_context():
    rules = ignore_rules()
    for stage in DOCKERFILE:
        for sources, _destination in copies(stage):
            for source in sources:
                assert (ROOT / source).exists(), source
                assert in_context(source.rstrip("/"), rules), f"{source} is excluded by .dockerignore"
    # what the wheel is built from is all in the context; nothing personal or bulky is
    files = project_files()
    needed = [f for f in files if copied_by(BUILDER, f) and "__pycache__" not in f]
    assert {"pyproject.toml", "setup.py", "README.md"} <= set(needed)
    assert [f for f in needed if not in_context(f, rules)] == []
    assert sum(f.startswith("fkp/") for f in needed) == sum(f.startswith("fkp/") for f in files)
    for kept_out in ("data/fkp.db", "data/backups/fkp-1.db", "instance/secret_key", "instance/tls.pem",
                     ".venv/bin/python", ".git/HEAD", ".cache/ms-playwright/x", "test-artifacts/a.png",
                     "tests/conftest.py", "fkp/__pycache__/cli.cpython-311.pyc",
                     "fkp/language/translations/id/LC_MESSAGES/messages.mo"):
        assert not in_context(kept_out, rules), kept_out


def test_the_dockerignore_reader_follows_dockers_rules():
    rules = [(False, pattern("*")), (True, pattern("fkp")), (False, pattern("**/__pycache__"))]
    assert in_context("fkp/web/health.py", rules) and not in_context("tests/x.py", rules)
    assert not in_context("fkp/web/__pycache__/health.cpython-311.pyc", rules)
    assert instructions("RUN a \\\n  # note\n  && b\nCMD [\"x\"]\n") == [("RUN", "a && b"), ("CMD", '["x"]')]


# --- (b) what the image runs, run ---

@pytest.fixture(scope="module")
def image(installed_env):
    """The final stage stood in for: fkp's wheel installed in a fresh environment, in a folder the
    unprivileged user may read (tests/serve/conftest.py); its bin folder."""
    bin_dir, for_others = installed_env
    if not for_others:
        skip_or_fail("no Python 3.11 with venv that an unprivileged user may run (apt-get install python3-venv)")
    return bin_dir


@pytest.fixture
def volume():
    """/data stood in for: a folder owned by the user that runs the server, no one else's."""
    data = Path(tempfile.mkdtemp(prefix="fkp-data-"))
    data.chmod(0o700)
    if os.geteuid() == 0:
        os.chown(data, NOBODY, NOBODY)
    yield data
    shutil.rmtree(data, ignore_errors=True)


def _as_user():
    """Popen's arguments to drop root, as the image's USER does."""
    return {"user": NOBODY, "group": NOBODY, "extra_groups": []} if os.geteuid() == 0 else {}


def _run_health_check(check, env, cwd):
    return subprocess.run(check, env=env, cwd=cwd, capture_output=True, text=True, timeout=30, **_as_user())


def test_the_entrypoint_serves_as_an_unprivileged_user_until_the_health_check_passes(image, volume, tmp_path):
    port, tls_port = free_port(), free_port()
    env = {"PATH": f"{image}{os.pathsep}/usr/bin:/bin", "HOME": str(volume), "LANG": "C.UTF-8",
           **environment(FINAL)}
    assert env["FKP_HOME"] == last(FINAL, "WORKDIR") == "/data"
    # the volume, and the ports remapped as `docker run -p` would; 127.0.0.1, not every address
    env.update(FKP_HOME=str(volume), FKP_HOST="127.0.0.1", FKP_PORT=str(port), FKP_TLS_PORT=str(tls_port))
    argv = command(last(FINAL, "ENTRYPOINT")) + command(last(FINAL, "CMD"))
    argv[0] = shutil.which(argv[0], path=env["PATH"])
    assert Path(argv[0]).parent == image
    _options, check = healthcheck(FINAL)
    check = [shutil.which(check[0], path=env["PATH"]), *check[1:]]
    assert _run_health_check(check, env, volume).returncode != 0  # nothing listens yet: it fails

    log = tmp_path / "serve.log"
    process = subprocess.Popen(argv, env=env, cwd=volume, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               **_as_user())
    try:
        deadline = time.monotonic() + 120
        while True:
            result = _run_health_check(check, env, volume)
            if result.returncode == 0:
                break
            assert process.poll() is None, "fkp serve exited:\n" + log.read_text()
            assert time.monotonic() < deadline, f"the health check never passed: {result.stderr}\n{log.read_text()}"
            time.sleep(0.5)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz")
        answer = connection.getresponse()
        assert (answer.status, answer.read()) == (200, b"ok\n")
        assert "First admin created" in log.read_text()  # shown once, in `docker logs`
    finally:
        process.terminate()
        process.wait(30)
    assert _run_health_check(check, env, volume).returncode != 0  # and fails once it stopped

    # everything it wrote is in the volume, and the volume's user's alone
    for name in ("data/fkp.db", "instance/secret_key", "instance/tls.pem"):
        path = volume / name
        assert path.is_file(), name
        if os.geteuid() == 0:
            assert path.stat().st_uid == NOBODY, name
        assert path.stat().st_mode & 0o077 == 0, f"{name} is readable by others"


# --- (c) compose.yaml ---

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
SCALED = {"redis", "migrate", "first-worker", "worker", "nginx"}
WORKERS = ("first-worker", "worker")


def _profiles(name):
    return set(SERVICES[name].get("profiles", []))


def _depends(name):
    depends = SERVICES[name].get("depends_on", {})
    return dict.fromkeys(depends, {}) if isinstance(depends, list) else depends


def _needs(name):
    """Every service `docker compose up NAME` starts with it."""
    seen, todo = set(), [name]
    while todo:
        for dependency in _depends(todo.pop()):
            if dependency not in seen:
                seen.add(dependency)
                todo.append(dependency)
    return seen


def _env(name):
    env = SERVICES[name].get("environment", {})
    return dict(e.split("=", 1) for e in env) if isinstance(env, list) else {k: str(v) for k, v in env.items()}


def test_by_default_compose_starts_fkp_alone_with_its_ports_and_volume():
    assert {name for name in SERVICES if not _profiles(name)} == {"fkp"}
    fkp = SERVICES["fkp"]
    assert fkp["build"] == "." and fkp["restart"] == "unless-stopped"
    assert {p.rsplit(":", 1)[-1] for p in fkp["ports"]} == {"5000", "5443"}
    assert "fkp-data:/data" in fkp["volumes"] and "fkp-data" in COMPOSE["volumes"]
    assert "healthcheck" not in fkp  # the image's own


def test_the_scaled_profile_runs_workers_behind_nginx_after_one_migration():
    assert {name for name in SERVICES if "scaled" in _profiles(name)} == SCALED
    # `docker compose --profile scaled up -d nginx` (the documented command) starts the
    # scaled services and never the one-server `fkp` beside them
    assert _needs("nginx") == SCALED - {"nginx"}
    assert "--profile scaled up -d nginx" in (ROOT / "compose.yaml").read_text()
    assert "--profile scaled up -d nginx" in (ROOT / "docs/operations.md").read_text()
    for name in ("migrate", *WORKERS):
        assert SERVICES[name]["build"] == "." and "fkp-data:/data" in SERVICES[name]["volumes"]
    assert SERVICES["migrate"]["command"] == ["migrate"] and SERVICES["migrate"]["restart"] == "no"
    # migrate, then the first worker alone (the demo forum and the first admin), then the rest
    assert _depends("first-worker")["migrate"]["condition"] == "service_completed_successfully"
    assert _depends("first-worker")["redis"]["condition"] == "service_healthy"
    assert _depends("worker") == {"first-worker": {"condition": "service_healthy"}}
    assert "worker" in SERVICES["first-worker"]["networks"]["default"]["aliases"]  # one name for nginx
    for name in WORKERS:
        assert "ports" not in SERVICES[name]  # reached through nginx only: they trust its headers
        assert SERVICES[name]["expose"] == ["5000"] and SERVICES[name]["restart"] == "unless-stopped"
        env = _env(name)
        assert env["FKP_TLS"] == "off" and env["FKP_TRUSTED_PROXIES"] == "1"
        assert env["FKP_MESSAGE_QUEUE"] == "redis://redis:6379/0"
        assert env["FKP_RATELIMIT_STORAGE"].startswith("redis://redis:6379/")
        assert "FKP_SECRET_KEY" not in env and "FKP_PORT" not in env  # the key: the volume's instance/secret_key
    assert SERVICES["redis"]["image"].startswith("redis:7")
    assert SERVICES["nginx"]["image"].startswith("nginx:")


def _nginx_conf():
    mounts = [v.split(":") for v in SERVICES["nginx"]["volumes"]]
    (source,) = [src for src, target, *_ in mounts if target.startswith("/etc/nginx/conf.d/")]
    path = ROOT / source
    assert path.is_file(), source
    return path


def _directives(text):
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def _upstream(text, name):
    return re.search(rf"^upstream {name} \{{(.*?)^\}}", text, re.S | re.M).group(1)


def test_the_compose_nginx_keeps_the_stickiness_of_the_one_machine_layout():
    compose, original = _nginx_conf().read_text(), (ROOT / "deploy/nginx-one-machine.conf").read_text()
    # the server block (locations, headers, timeouts, body size) is the original's, line for line
    assert _directives(compose[compose.index("\nserver {"):]) == _directives(original[original.index("\nserver {"):])
    for name in ("fkp_socketio", "fkp_http"):  # the balancing too; only how workers are found differs
        def balancing(text):
            return [d for d in _directives(_upstream(text, name)) if not d.startswith(("server ", "zone "))]
        assert balancing(compose) == balancing(original)
        assert _directives(_upstream(compose, name)).count("server worker:5000 resolve;") == 1
    assert "hash $arg_c consistent;" in _upstream(compose, "fkp_socketio")


def _nginx_version(binary):
    out = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr
    return tuple(int(n) for n in re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", out).groups())


def test_the_compose_nginx_config_is_valid_nginx(tmp_path):
    binary = shutil.which("nginx")
    if binary is None:
        skip_or_fail("nginx is not installed (apt-get install nginx-light)")
    conf = _nginx_conf().read_text()
    hosts = set(re.findall(r"^\s*server\s+([\w.-]+):\d+", conf, re.M))
    networks = [service["networks"] for service in SERVICES.values() if isinstance(service.get("networks"), dict)]
    names = set(SERVICES) | {alias for each in networks for network in each.values()
                             for alias in (network or {}).get("aliases", [])}
    assert hosts and hosts <= names  # every upstream is a compose service
    for host in hosts:  # Docker's DNS is not here: the names stand for this machine
        conf = re.sub(rf"(\bserver\s+){re.escape(host)}:", r"\g<1>127.0.0.1:", conf)
    if _nginx_version(binary) < (1, 27, 3):  # Debian 12's nginx predates `server … resolve`
        conf = conf.replace(" resolve;", ";")
    copy = tmp_path / "nginx-compose.conf"
    copy.write_text(conf)
    wrapper = tmp_path / "nginx.conf"
    wrapper.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                       f"http {{\naccess_log off;\ninclude {copy};\n}}\n")
    out = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c", str(wrapper)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
