"""The local alert queue: what volunteers must hear about, kept until the backoffice has it."""
