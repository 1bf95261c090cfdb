"""sync context."""
