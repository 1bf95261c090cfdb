"""Reports and accounting exports: sales, VAT, Z-reports, stock, region figures; CSV, SIE 4I,
the journal export, PDF and SVG charts. One module per concept; `router` is the JSON API."""
