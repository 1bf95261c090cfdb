"""The backoffice server's deployment files: the compose file and the Caddyfiles are valid."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import missing_component

DEPLOY = Path(__file__).parents[1] / "deploy"


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker is not None:
        plugin = subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False, timeout=30
        )
        if plugin.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy is not None else None


def compose_config(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`compose config` on a copy of deploy/ with the two files an operator writes."""
    command = compose_command()
    if command is None:
        missing_component("docker compose or docker-compose (Debian package docker-compose)")
        raise AssertionError  # unreachable: missing_component fails or skips
    copy = tmp_path / "deploy"
    shutil.copytree(DEPLOY / "compose", copy / "compose")
    shutil.copytree(DEPLOY / "caddy", copy / "caddy")
    shutil.copy(DEPLOY / "backoffice.example.env", copy / "compose" / "backoffice.env")
    (copy / "compose" / "db_password.txt").write_text("a-long-random-password\n")
    return subprocess.run(
        [*command, "-f", str(copy / "compose" / "compose.yaml"), "config"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env},
    )


def test_the_compose_file_runs_migrations_then_two_workers_behind_caddy(tmp_path: Path) -> None:
    result = compose_config(tmp_path, {"BYABUTIK_DOMAIN": "backoffice.example.org"})
    assert result.returncode == 0, result.stderr
    config = result.stdout
    assert "condition: service_completed_successfully" in config  # migrate before workers
    assert config.count("replicas: 2") == 2  # two web workers, two job workers
    assert "- worker" in config
    assert "published: 443" in config
    assert "BYABUTIK_DOMAIN: backoffice.example.org" in config


def test_the_compose_file_names_the_missing_domain(tmp_path: Path) -> None:
    result = compose_config(tmp_path, {})
    assert result.returncode != 0
    assert "set BYABUTIK_DOMAIN" in result.stderr


def test_the_caddyfiles_are_valid(tmp_path: Path) -> None:
    caddy = shutil.which("caddy")
    if caddy is None:
        missing_component("caddy (Debian package caddy)")
        return
    for name in ("Caddyfile", "Caddyfile.compose"):
        result = subprocess.run(
            [caddy, "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "caddy" / name)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env={
                "PATH": "/usr/bin:/bin",
                "HOME": str(tmp_path),
                "XDG_DATA_HOME": str(tmp_path),
                "XDG_CONFIG_HOME": str(tmp_path),
                "BYABUTIK_DOMAIN": "backoffice.example.org",
            },
        )
        assert result.returncode == 0, f"{name}: {result.stderr[-2000:]}"
        assert "Valid configuration" in result.stdout + result.stderr


def exported_metric_names() -> set[str]:
    """The metric families both apps declare, with the series names Prometheus derives."""
    names: set[str] = set()
    for module in (
        "byabutik/runtime/metrics.py",
        "store_controller/metrics.py",
        "backoffice/metrics.py",
    ):
        source = (DEPLOY.parent / module).read_text()
        names.update(re.findall(r'"(byabutik_[a-z_]+)"', source))
    derived = {
        f"{name}{suffix}" for name in names for suffix in ("_total", "_bucket", "_count", "_sum")
    }
    return names | derived


def test_the_grafana_dashboard_charts_only_metrics_we_export() -> None:
    dashboard = json.loads((DEPLOY / "monitoring" / "grafana-dashboard.json").read_text())
    exprs = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    used = {name for expr in exprs for name in re.findall(r"byabutik_[a-z_]+", expr)}
    assert used, "the dashboard charts nothing"
    assert used <= exported_metric_names()
    assert {"byabutik_outbox_depth", "byabutik_sync_lag_seconds", "byabutik_jobs"} <= used
