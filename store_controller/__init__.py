"""The store controller: the daemon on the Raspberry Pi in each store."""
