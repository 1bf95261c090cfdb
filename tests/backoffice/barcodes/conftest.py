from tests.backoffice.products.conftest import clock, owner

__all__ = ["clock", "owner"]
