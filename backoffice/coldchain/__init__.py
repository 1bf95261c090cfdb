"""coldchain context: the cold-chain log that food-safety self-inspection (egenkontroll) asks
for, per store, thermometer and month: readings summarised per hour or day, every excursion with
its duration, peak and who acknowledged the alert about it; printable and as CSV."""
