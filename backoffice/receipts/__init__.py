"""Receipts of synced sales, served to customers from the public backoffice."""
