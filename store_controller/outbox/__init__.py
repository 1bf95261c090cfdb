"""The outbox: everything the store must tell the backoffice, queued durably until acknowledged."""
