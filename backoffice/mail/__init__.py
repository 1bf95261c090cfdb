"""E-mail from the backoffice to people (invitations, password resets) over SMTP."""
