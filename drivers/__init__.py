"""Hardware drivers, each behind a port with a simulated twin."""
