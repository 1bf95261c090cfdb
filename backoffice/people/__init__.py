"""People of an association, their roles per store, passwords, second factors and sessions."""
