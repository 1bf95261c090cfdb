"""sales context."""
