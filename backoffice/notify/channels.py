"""The channels, each a function that sends one message or raises `SendError` saying why:
e-mail over SMTP (the standard library's client), SMS through a 46elks-style HTTP gateway,
ntfy (through Apprise), Web Push (pywebpush, VAPID) and signed generic webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from typing import Any

import apprise
import httpx
from pywebpush import WebPushException, webpush

from backoffice.notify.config import NotifySettings
from backoffice.notify.models import Contact


class SendError(Exception):
    """A channel failed; the message is recorded with the attempt."""


@dataclass(frozen=True)
class Message:
    case_id: int
    store: str
    kind: str
    severity: str
    title: str
    text: str
    ack_url: str


Sender = Callable[[NotifySettings, Contact, Message], None]


def send_email(settings: NotifySettings, contact: Contact, message: Message) -> None:
    if not settings.smtp_host or not contact.email:
        raise SendError("no SMTP server configured or no address")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = settings.mail_from, contact.email, message.title
    mail.set_content(f"{message.text}\n\nKvittera: {message.ack_url}\n")
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user and settings.smtp_password:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"SMTP: {exc}") from exc


def _post(url: str, **kwargs: Any) -> None:
    try:
        answer = httpx.post(url, **kwargs)
    except httpx.HTTPError as exc:
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    if answer.status_code >= 300:
        raise SendError(f"HTTP {answer.status_code}: {answer.text[:200]}")


def send_sms(settings: NotifySettings, contact: Contact, message: Message) -> None:
    if not settings.sms_url or not contact.phone:
        raise SendError("no SMS gateway configured or no number")
    auth = None
    if settings.sms_user and settings.sms_password:
        auth = (settings.sms_user, settings.sms_password.get_secret_value())
    body = {
        "from": settings.sms_from,
        "to": contact.phone,
        "message": f"{message.title}\n{message.ack_url}",
    }
    _post(settings.sms_url, data=body, auth=auth, timeout=settings.timeout_seconds)


def send_webhook(settings: NotifySettings, contact: Contact, message: Message) -> None:
    if not contact.webhook_url:
        raise SendError("no webhook address")
    body = json.dumps(asdict(message), ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json"}
    if settings.webhook_secret is not None:
        key = settings.webhook_secret.get_secret_value().encode()
        headers["X-Byabutik-Signature"] = (
            "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        )
    _post(contact.webhook_url, content=body, headers=headers, timeout=settings.timeout_seconds)


def send_ntfy(settings: NotifySettings, contact: Contact, message: Message) -> None:
    if not settings.ntfy_url or not contact.ntfy_topic:
        raise SendError("no ntfy server configured or no topic")
    scheme, _, rest = settings.ntfy_url.rstrip("/").partition("://")
    target = f"{'ntfys' if scheme == 'https' else 'ntfy'}://{rest}/{contact.ntfy_topic}"
    priority = {"critical": "max", "warning": "high"}.get(message.severity, "default")
    notifier = apprise.Apprise()
    if not notifier.add(f"{target}?priority={priority}&image=no&click={message.ack_url}"):
        raise SendError(f"ntfy: cannot use {settings.ntfy_url}")
    if not notifier.notify(title=message.title, body=message.text):
        raise SendError("ntfy: the server did not accept the message")


class PushGoneError(SendError):
    """The push service no longer knows the subscription (404/410): the phone unsubscribed."""


def push_to(settings: NotifySettings, subscription: dict[str, Any], message: Message) -> None:
    """One encrypted, VAPID-signed message to one browser subscription."""
    if settings.vapid_private_key_file is None:
        raise SendError("no VAPID key configured")
    data = json.dumps(asdict(message), ensure_ascii=False)
    try:
        webpush(
            subscription_info=subscription,
            data=data,
            vapid_private_key=str(settings.vapid_private_key_file),
            vapid_claims={"sub": settings.vapid_subject},
            timeout=settings.timeout_seconds,
        )
    except WebPushException as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status in (404, 410):
            raise PushGoneError(f"Web Push: subscription gone (HTTP {status})") from exc
        raise SendError(f"Web Push: {exc}") from exc
    except (OSError, ValueError) as exc:
        raise SendError(f"Web Push: {type(exc).__name__}: {exc}") from exc


def send_push(settings: NotifySettings, contact: Contact, message: Message) -> None:
    if not contact.push_subscription:
        raise SendError("no subscription")
    push_to(settings, contact.push_subscription, message)


SENDERS: dict[str, Sender] = {
    "email": send_email,
    "sms": send_sms,
    "webhook": send_webhook,
    "ntfy": send_ntfy,
    "push": send_push,
}
