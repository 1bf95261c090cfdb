"""zreports context."""
