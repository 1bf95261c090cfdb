"""BankID relying-party client (RP API v6.0), order flow, QR, and the BankID simulator."""
