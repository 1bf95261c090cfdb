"""temperatures context: every thermometer reading the stores report, for the 24-hour chart
and the cold-chain log (egenkontroll)."""
