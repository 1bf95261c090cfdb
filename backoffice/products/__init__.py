"""products context: the catalog as the owner keeps it (brands, GTINs, suppliers, price
timelines), published to the stores through `backoffice.catalog`."""
