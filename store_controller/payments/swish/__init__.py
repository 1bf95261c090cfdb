"""Swish commerce API: client, payment provider, and (in `.simulator`) a simulator."""
