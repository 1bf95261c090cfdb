"""`byabutik controller journal ...`: verify the sales journal, print a Z-report."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from store_controller.settings import ControllerSettings, load_controller_settings

_CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BYABUTIK_CONTROLLER_CONFIG",
    default=None,
    help="controller TOML file (env BYABUTIK_CONTROLLER_CONFIG)",
)


@click.group(name="journal")
def journal() -> None:
    """The sales journal: hash chain, receipt series, Z-reports."""


@journal.command()
@_CONFIG
def verify(config_file: Path | None) -> None:
    """Check the hash chain and the unbroken receipt series; exit 1 on any break."""
    from byabutik.runtime.db import make_engine
    from store_controller.checkout.verify import verify_journal
    from store_controller.db import MIGRATIONS

    settings = load_controller_settings(config_file)
    engine = make_engine(settings.effective_database_url)
    try:
        if not MIGRATIONS.at_head(engine):
            click.echo("BROKEN: the database has no journal (not migrated to head)", err=True)
            sys.exit(2)  # click.exceptions.Exit is swallowed by byabutik.cli.main
        report = verify_journal(engine)
    finally:
        engine.dispose()
    for problem in report.problems:
        click.echo(f"BROKEN: {problem}", err=True)
    if not report.ok:
        sys.exit(1)
    click.echo(f"journal ok: {report.entries} entries, {report.sales} sales")


@journal.command(name="z-report")
@_CONFIG
@click.option("--close", is_flag=True, help="store it (journal and outbox), not just print it")
def z_report(config_file: Path | None, close: bool) -> None:
    """Print the Z-report of the sales since the last one (an X-report unless --close)."""
    settings = load_controller_settings(config_file)
    click.echo(json.dumps(_z_report(settings, close=close), indent=2, ensure_ascii=False))


def _z_report(settings: ControllerSettings, *, close: bool) -> dict[str, object]:
    from sqlalchemy.orm import sessionmaker

    from byabutik.runtime.db import make_engine
    from store_controller.checkout.zreport import ZReportClock, close_z_report, draft_z_report

    config = settings.checkout
    now = datetime.now(UTC)
    day = ZReportClock(config.z_report_hour, config.timezone).business_date(now)
    engine = make_engine(settings.effective_database_url)
    sessions = sessionmaker(engine)
    try:
        if close:
            stored = close_z_report(
                sessions, register_id=config.register_id, business_date=day, closed_at=now
            )
            if stored is None:
                raise click.ClickException(f"a Z-report for {day} exists already")
            return stored.model_dump(mode="json")
        with sessions() as session:
            draft = draft_z_report(
                session, register_id=config.register_id, business_date=day, closed_at=now
            )
            return draft.model_dump(mode="json")
    finally:
        engine.dispose()
