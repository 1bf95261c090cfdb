"""heartbeats context."""
