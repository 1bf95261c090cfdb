"""barcodes context."""
