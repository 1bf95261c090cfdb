"""GPIO devices through gpiozero, always on an explicitly passed pin factory."""
