"""Thermometers behind `ports.Thermometer`, and the poller that turns readings into events."""
