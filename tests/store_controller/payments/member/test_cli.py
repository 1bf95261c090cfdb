"""`byabutik controller member list-recent / approve`: the owner approves a recent visitor."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store_controller.customers.models import Customer, VisitRecord
from store_controller.customers.status import CustomerStatus
from store_controller.payments.member.cli import member
from store_controller.payments.member.models import MemberAccountRow

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
VISIT = "5d9d6c8e-8f6b-4a53-9b7c-3f1f5c2b7a11"


def config(tmp_path: Path) -> Path:
    path = tmp_path / "controller.toml"
    path.write_text(f'data_dir = "{tmp_path}"\n')
    return path


def visitor(engine: Engine) -> None:
    with Session(engine) as session:
        customer = Customer(
            identity_hash="ab" * 32,
            birth_date=date(1990, 6, 2),
            name="Erik Bergström",
            first_seen_at=WHEN,
            last_seen_at=WHEN,
        )
        session.add(customer)
        session.flush()
        session.add(
            VisitRecord(id=VISIT, customer_id=customer.id, decided_at=WHEN, outcome="granted")
        )
        session.commit()


def test_list_recent_then_approve(tmp_path: Path, engine: Engine) -> None:
    visitor(engine)
    runner = CliRunner()
    listed = runner.invoke(member, ["list-recent", "--config", str(config(tmp_path))])
    assert listed.exit_code == 0, listed.output
    assert VISIT in listed.output
    assert "1990-06-**" in listed.output
    assert "1990-06-02" not in listed.output
    approved = runner.invoke(
        member, ["approve", VISIT, "--limit", "500", "--config", str(config(tmp_path))]
    )
    assert approved.exit_code == 0, approved.output
    with Session(engine) as session:
        customer = session.scalars(select(Customer)).one()
        account = session.scalars(select(MemberAccountRow)).one()
        assert customer.status is CustomerStatus.MEMBER
        assert (account.credit_limit_ore, account.balance_ore) == (500_00, 0)
    listed = runner.invoke(member, ["list-recent", "--config", str(config(tmp_path))])
    assert "member limit 500 kr" in listed.output


def test_approving_an_unknown_visit_fails(tmp_path: Path, engine: Engine) -> None:
    result = CliRunner().invoke(
        member, ["approve", VISIT, "--limit", "500", "--config", str(config(tmp_path))]
    )
    assert result.exit_code == 1
    assert "no visit" in result.output
