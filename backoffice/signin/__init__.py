"""Signing in to the backoffice: with BankID through the `bankid_rp` library."""
