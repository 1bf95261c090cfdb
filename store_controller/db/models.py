"""Every controller model, imported so that the metadata is complete for Alembic."""

from store_controller.alerts.models import AlertRecord
from store_controller.customers.models import Customer, VisitRecord
from store_controller.db.base import Base
from store_controller.outbox.models import OutboxEntry

__all__ = ["AlertRecord", "Base", "Customer", "OutboxEntry", "VisitRecord"]
