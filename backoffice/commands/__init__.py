"""commands context."""
