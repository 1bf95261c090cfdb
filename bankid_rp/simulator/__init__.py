"""A faithful BankID RP API v6.0 simulator: same paths, rules, errors and lifecycle, mutual TLS."""
