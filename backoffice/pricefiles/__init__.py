"""pricefiles context: wholesalers' price files read with a column mapping saved per supplier,
previewed row by row (new, changed, unchanged, refused) and applied all or nothing."""
