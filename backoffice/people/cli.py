"""`byabutik backoffice create-user` (the first admin, or anyone with roles) and
`byabutik backoffice verify-audit`."""

from __future__ import annotations

import sys

import click

from backoffice.settings import load_backoffice_settings


@click.command(name="create-user")
@click.option("--email", required=True)
@click.option("--name", default="", help="shown in the app (the e-mail when empty)")
@click.option("--association", default="Föreningen", show_default=True, help="its name")
@click.option(
    "--role",
    "roles",
    multiple=True,
    default=("admin",),
    show_default=True,
    help="admin, or owner|volunteer|bookkeeper@STORE-SLUG; repeatable",
)
@click.option("--language", type=click.Choice(["sv", "en"]), default="sv", show_default=True)
@click.password_option(envvar="BYABUTIK_NEW_PASSWORD", help="asked for when not given")
def create_user(
    *, email: str, name: str, association: str, roles: tuple[str, ...], language: str, password: str
) -> None:
    """Create a person (by default the association's admin) with a password."""
    from sqlalchemy.orm import Session

    from backoffice.access.roles import Role
    from backoffice.audit.service import SYSTEM
    from backoffice.db import make_backoffice_engine
    from backoffice.errors import BackofficeError
    from backoffice.people.passwords import WeakPasswordError
    from backoffice.people.service import Grant, association_named, create_person
    from byabutik.runtime.db import utcnow

    grants = []
    for text in roles:
        role, _, slug = text.partition("@")
        try:
            grants.append(Grant(Role(role), slug or None))
        except ValueError:
            raise click.BadParameter(f"unknown role {role!r}", param_hint="--role") from None
    engine = make_backoffice_engine(load_backoffice_settings().effective_database_url)
    try:
        with Session(engine) as session:
            found = association_named(session, association)
            person = create_person(
                session,
                association=found,
                email=email,
                name=name,
                password=password,
                grants=grants,
                actor=SYSTEM,
                now=utcnow(),
                language=language,
            )
            session.commit()
            click.echo(f"created {person.email} in {found.name}: {', '.join(roles)}")
    except (BackofficeError, WeakPasswordError) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        engine.dispose()


@click.command(name="verify-audit")
def verify_audit() -> None:
    """Recompute the audit log's hash chain; exit 1 and name each break if it is broken."""
    from sqlalchemy.orm import Session

    from backoffice.audit.service import verify
    from backoffice.db import make_backoffice_engine

    engine = make_backoffice_engine(load_backoffice_settings().effective_database_url)
    try:
        with Session(engine) as session:
            verdict = verify(session)
    finally:
        engine.dispose()
    if verdict.ok:
        click.echo(f"audit log intact: {verdict.records} records")
        return
    for problem in verdict.problems:
        click.echo(problem, err=True)
    click.echo(f"audit log BROKEN: {len(verdict.problems)} problems in {verdict.records} records")
    sys.exit(1)
