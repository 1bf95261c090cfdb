"""The append-only, hash-chained audit log: who did what, when, from where, before and after."""
