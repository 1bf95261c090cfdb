"""devices context."""
