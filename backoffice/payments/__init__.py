"""payments context: Swish callbacks, recorded and checked against Swish itself."""
