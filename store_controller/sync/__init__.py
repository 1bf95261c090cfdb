"""Sync with the backoffice: enrollment, the outbox push, catalog and command pulls, heartbeats."""
