"""job runs and the procrastinate queue

Revision ID: 0010
Revises: 0009

On PostgreSQL, procrastinate's own tables and functions (the job queue of the backoffice
workers) go into their own schema, `procrastinate`, created from the installed version's
schema.sql; a later procrastinate release that changes it brings its migration scripts, applied
by a later revision of ours.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("task", sa.String(length=64), nullable=False),
        sa.Column(
            "key", sa.String(length=64), nullable=False, comment="the tick or the thing worked on"
        ),
        sa.Column("worker", sa.String(length=128), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
    )
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.create_index("ix_job_runs_task_finished", ["task", "finished_at"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SCHEMA procrastinate")
        op.execute("SET LOCAL search_path TO procrastinate")
        op.get_bind().exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))
        op.execute("SET LOCAL search_path TO DEFAULT")


def downgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_job_runs_task_finished")

    op.drop_table("job_runs")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SCHEMA procrastinate CASCADE")
