"""jobs context: the backoffice's background work (alert rules on a timer, notification
deliveries), run exactly once by procrastinate workers on PostgreSQL, or in-process on SQLite."""
