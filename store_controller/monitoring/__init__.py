"""Watching the store's devices: fridge and freezer temperatures, scanners, device faults.

Volunteers are alerted when a freezer warms up or a scanner stays dead; the heartbeat reports the
latest readings and each device's health.
"""
