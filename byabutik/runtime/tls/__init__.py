"""Mutual TLS shared by the controller's outside services (BankID, Swish) and their simulators.

`identity`: our client certificate from PKCS#12 or PEM and a client context pinned to given roots.
`pki`: throw-away certificates for simulators. `server`: uvicorn over HTTPS with the client
certificate in the ASGI scope, and a thread runner.
"""
