"""The shared domain kernel: pure, no I/O. Money and VAT, barcodes, personnummer, the wire protocol."""
