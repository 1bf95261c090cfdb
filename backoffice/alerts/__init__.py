"""alerts context."""
