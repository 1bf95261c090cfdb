"""The one access-rule mechanism: who is calling (a session or a personal API token), and
`require(permission, stores)`, the dependency every person-facing route declares."""
