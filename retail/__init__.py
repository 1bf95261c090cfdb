"""The shared domain kernel, pure (no I/O).

Money and VAT, barcodes, personnummer, receipt numbering and the sync wire protocol.
"""
