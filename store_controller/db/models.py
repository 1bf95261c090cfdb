"""Every controller model, imported so that the metadata is complete for Alembic."""

from store_controller.db.base import Base
from store_controller.outbox.models import OutboxEntry

__all__ = ["Base", "OutboxEntry"]
