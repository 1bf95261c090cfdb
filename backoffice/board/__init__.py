"""The status board of a person's stores (issue 17)."""
