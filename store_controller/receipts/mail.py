"""E-mailed receipts: the `ReceiptMailer` port and its SMTP adapter (smtplib).

Contract: `send(to=, doc=, url=)` delivers one receipt (plain text, the receipt's link) or
raises `MailError`; it blocks (call it in a worker thread). The address is used for this
message only: never stored, never logged.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Protocol

from store_controller.receipts.config import SmtpConfig
from store_controller.receipts.document import ELECTRONIC, ReceiptDocument
from store_controller.receipts.text import render_text


class MailError(Exception):
    """The receipt could not be handed to the mail server."""


class ReceiptMailer(Protocol):
    def send(self, *, to: str, doc: ReceiptDocument, url: str) -> None: ...


def receipt_message(*, sender: str, to: str, doc: ReceiptDocument, url: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = f"Kvitto {doc.store_name} {doc.occurred_at:%Y-%m-%d %H:%M}"
    body = render_text(doc) + f"\n{ELECTRONIC}: {url}\n"
    message.set_content(body, charset="utf-8")
    return message


class SmtpReceiptMailer:
    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    def send(self, *, to: str, doc: ReceiptDocument, url: str) -> None:
        config = self._config
        message = receipt_message(sender=config.sender, to=to, doc=doc, url=url)
        try:
            with smtplib.SMTP(config.host, config.port, timeout=config.timeout_s) as smtp:
                if config.starttls:
                    smtp.starttls()
                if config.username is not None and config.password is not None:
                    smtp.login(config.username, config.password.get_secret_value())
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"the mail server {config.host} did not take the receipt") from exc
