"""Receipt tests reuse the checkout's database fixtures (migrated, demo catalog)."""

from tests.store_controller.checkout.conftest import engine, sessions

__all__ = ["engine", "sessions"]
