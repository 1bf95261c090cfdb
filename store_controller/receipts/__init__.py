"""Receipts: the legal content of a sale's receipt, its renderings and its delivery."""
