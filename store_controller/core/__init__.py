"""The controller's spine: time, the event bus that feeds the one consumer, live updates."""
