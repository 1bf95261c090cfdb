"""Plumbing shared by the controller and the backoffice: logging, settings errors, databases, HTTP.

Nothing here knows about stores, sales or doors; it imports no app (checked by import-linter).
"""
