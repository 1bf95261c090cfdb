"""Barcode scanners (serial, USB keyboard wedge, simulated) behind `ports.BarcodeScanner`."""
