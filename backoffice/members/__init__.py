"""Customers and members: approval, credit limits, blocking and the member ledger."""
