"""stock context."""
