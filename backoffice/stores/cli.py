"""`byabutik backoffice store ...`: create stores and manage their device credentials."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from backoffice.settings import load_backoffice_settings


@contextmanager
def _session() -> Iterator[Session]:
    from backoffice.db import make_backoffice_engine

    engine = make_backoffice_engine(load_backoffice_settings().effective_database_url)
    try:
        with Session(engine) as session, session.begin():
            yield session
    finally:
        engine.dispose()


@click.group(name="store")
def store() -> None:
    """Stores and their controllers' credentials."""


@store.command()
@click.option("--slug", required=True, help="the store's id on the wire (a-z, 0-9, -)")
@click.option("--name", required=True, help="shown on receipts and pages")
@click.option("--org-number", default="", help="the owner's organisationsnummer")
@click.option("--address", default="", help="street address")
def create(slug: str, name: str, org_number: str, address: str) -> None:
    """Create a store."""
    from backoffice.stores.service import create_store

    with _domain_errors(), _session() as session:
        create_store(session=session, slug=slug, name=name, org_number=org_number, address=address)
    click.echo(f"store {slug} created")


@store.command(name="enroll-code")
@click.argument("slug")
@click.option("--ttl-hours", type=click.FloatRange(0.1, 24 * 7), default=24.0, show_default=True)
def enroll_code(slug: str, ttl_hours: float) -> None:
    """Issue a one-time enrollment code for SLUG's controller (printed once)."""
    from datetime import timedelta

    from backoffice.devices.service import issue_enrollment_code
    from backoffice.stores.service import get_store
    from byabutik.runtime.db import utcnow

    with _domain_errors(), _session() as session:
        store_row = get_store(session=session, slug=slug)
        issued = issue_enrollment_code(
            session=session, store=store_row, now=utcnow(), ttl=timedelta(hours=ttl_hours)
        )
    click.echo(issued.code)
    click.echo(f"expires {issued.expires_at.isoformat(timespec='seconds')}")


@store.command()
@click.argument("slug")
def revoke(slug: str) -> None:
    """Revoke every device credential and unused code of SLUG (its controller gets 401)."""
    from backoffice.devices.service import revoke_devices
    from backoffice.stores.service import get_store
    from byabutik.runtime.db import utcnow

    with _domain_errors(), _session() as session:
        count = revoke_devices(
            session=session, store=get_store(session=session, slug=slug), now=utcnow()
        )
    click.echo(f"{count} device credential(s) of {slug} revoked")


@store.command()
@click.argument("slug")
@click.option("--ttl-hours", type=click.FloatRange(0.1, 24 * 7), default=24.0, show_default=True)
@click.pass_context
def rotate(ctx: click.Context, slug: str, ttl_hours: float) -> None:
    """Revoke SLUG's credentials and issue a fresh enrollment code (re-enroll the controller).

    A controller that still works can rotate its own token instead (`POST /device/rotate`).
    """
    ctx.invoke(revoke, slug=slug)
    ctx.invoke(enroll_code, slug=slug, ttl_hours=ttl_hours)


@store.command()
@click.argument("slug")
def devices(slug: str) -> None:
    """List SLUG's device credentials."""
    from backoffice.devices.service import list_devices
    from backoffice.stores.service import get_store

    with _domain_errors(), _session() as session:
        rows = list_devices(session=session, store=get_store(session=session, slug=slug))
        for row in rows:
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            seen = f"{row.last_seen_at:%Y-%m-%d %H:%M}" if row.last_seen_at else "never"
            click.echo(f"device {row.id}  {state}  version {row.software_version}  seen {seen}")


@contextmanager
def _domain_errors() -> Iterator[None]:
    from backoffice.errors import BackofficeError

    try:
        yield
    except BackofficeError as exc:
        raise click.ClickException(exc.detail) from None
