"""Sends one plain-text e-mail, with optional attachments, through the configured SMTP server
(the standard library's client). Blocking: call it from a worker thread (FastAPI runs sync
routes in one)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from backoffice.errors import BackofficeError
from backoffice.mail.config import MailSettings


class MailError(BackofficeError):
    """The mail server did not take the message (or none is configured)."""

    status_code = 503


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


def message(
    settings: MailSettings,
    *,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = settings.sender
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(body, charset="utf-8")
    for item in attachments:
        main, _, sub = item.mime_type.partition("/")
        mail.add_attachment(item.content, maintype=main, subtype=sub, filename=item.filename)
    return mail


def send(
    settings: MailSettings,
    *,
    to: str,
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
) -> None:
    if not settings.host:
        raise MailError("no mail server is configured (setting mail.host)")
    mail = message(settings, to=to, subject=subject, body=body, attachments=attachments)
    password = (
        settings.password_file.read_text(encoding="utf-8").strip()
        if settings.password_file
        else None
    )
    try:
        smtp: smtplib.SMTP
        if settings.tls == "tls":
            smtp = smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout_seconds,
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)
        with smtp:
            if settings.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.username and password:
                smtp.login(settings.username, password)
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"the mail server {settings.host} did not take the message") from exc
