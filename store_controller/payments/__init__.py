"""Payments: the port the checkout uses, and the simulated provider for tests and the demo."""
