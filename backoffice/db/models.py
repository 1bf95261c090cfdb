"""Every backoffice model, imported so that the metadata is complete for Alembic."""

from backoffice.db.base import Base
from backoffice.stores.models import Store

__all__ = ["Base", "Store"]
