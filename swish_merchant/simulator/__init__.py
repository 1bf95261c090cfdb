"""A Swish commerce API simulator: same paths, fields, statuses and error codes, mutual TLS."""
