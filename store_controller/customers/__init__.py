"""Customers as the store knows them: a keyed hash, a birth date, a name and a status."""
