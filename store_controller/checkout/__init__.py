"""The self-scan checkout: catalog, cart, scanning, age checks, payment, sales journal, kiosk."""
