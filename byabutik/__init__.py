"""Byabutik: the command line, the demo, and the runtime plumbing both apps share."""

__version__ = "0.1.0"
