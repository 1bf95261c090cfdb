"""`byabutik controller member ...`: the owner approves members until the backoffice can.

Nobody knows a customer's identity hash, so the owner picks a recent visit at the door (the
person who came in) and approves that customer. Birth dates are shown masked.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from store_controller.settings import load_controller_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

_CONFIG = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BYABUTIK_CONTROLLER_CONFIG",
    default=None,
    help="controller TOML file (env BYABUTIK_CONTROLLER_CONFIG)",
)


def masked(born: date) -> str:
    """A birth date with the day hidden: enough to tell people apart, not to identify."""
    return f"{born:%Y-%m}-**"


def _sessions(config_file: Path | None) -> sessionmaker[Session]:
    # The ORM and the models load when a member command runs, not with the controller's CLI.
    from sqlalchemy.orm import sessionmaker

    from byabutik.runtime.db import make_engine
    from store_controller.db import MIGRATIONS

    settings = load_controller_settings(config_file)
    engine = make_engine(settings.effective_database_url)
    if not MIGRATIONS.at_head(engine):
        click.echo("the controller database is not migrated; start the controller once", err=True)
        sys.exit(2)
    return sessionmaker(engine, expire_on_commit=False)


@click.group(name="member")
def member() -> None:
    """Member accounts: approve the customer of a recent visit, with a credit limit."""


@member.command(name="list-recent")
@_CONFIG
@click.option("--limit", "count", type=click.IntRange(1, 500), default=20, show_default=True)
def list_recent(config_file: Path | None, count: int) -> None:
    """Recent visits with their customer: visit id, last seen, masked birth date, name, status."""
    from sqlalchemy import select

    from store_controller.customers.models import Customer, VisitRecord
    from store_controller.payments.member.models import MemberAccountRow

    sessions = _sessions(config_file)
    try:
        with sessions() as session:
            rows = session.execute(
                select(VisitRecord, Customer)
                .join(Customer, VisitRecord.customer_id == Customer.id)
                .order_by(VisitRecord.decided_at.desc())
                .limit(count)
            ).all()
            accounts = {a.identity_hash: a for a in session.scalars(select(MemberAccountRow))}
            for visit, customer in rows:
                account = accounts.get(customer.identity_hash)
                credit = f" limit {account.credit_limit_ore // 100} kr" if account else ""
                seen = f"{customer.last_seen_at:%Y-%m-%d %H:%M}"
                born, status = masked(customer.birth_date), customer.status.value
                click.echo(f"{visit.id}  {seen}  {born}  {customer.name}  {status}{credit}")
    finally:
        sessions.kw["bind"].dispose()


@member.command()
@_CONFIG
@click.argument("visit_id")
@click.option("--limit", "limit_kr", type=click.IntRange(0, 100_000), required=True, help="kr")
def approve(config_file: Path | None, visit_id: str, limit_kr: int) -> None:
    """Make the customer of VISIT_ID a member with a credit limit of --limit kronor."""
    from store_controller.customers.models import Customer, VisitRecord
    from store_controller.payments.member.accounts import approve_member

    sessions = _sessions(config_file)
    try:
        with sessions.begin() as session:
            visit = session.get(VisitRecord, visit_id)
            customer = None if visit is None else session.get(Customer, visit.customer_id)
            if customer is None:
                click.echo(f"no visit {visit_id} with a known customer", err=True)
                sys.exit(1)
            approve_member(session, customer, limit_ore=limit_kr * 100, at=datetime.now(UTC))
            click.echo(
                f"{customer.name} ({masked(customer.birth_date)}) is a member, "
                f"credit limit {limit_kr} kr"
            )
    finally:
        sessions.kw["bind"].dispose()
