"""BankID's public SSL root CAs (test and production), checked against their SHA-256 at load.

Copied from the PEM files pybankid 1.5.0 ships (`bankid/certs/appapi2*.pem`); their SHA-256
fingerprints equal the ones in the project's BankID reference (section 8.2).
"""
