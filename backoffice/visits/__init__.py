"""visits context."""
