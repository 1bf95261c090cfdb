"""notify context: who hears of an alert (contacts, the on-call rota, escalation), through
which channels, each delivery attempt recorded and retried; and the one-tap acknowledge link."""
