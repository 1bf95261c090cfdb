"""The central backoffice: stores, catalog, inventory, sales, alerts and the sync API."""
