"""Delivering receipts: ESC/POS bytes to a printer device (a pty) and e-mail to a real SMTP
server (aiosmtpd on a free port)."""

from __future__ import annotations

import os
import tty
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from retail.wire import PaymentMethod
from store_controller.receipts.config import SmtpConfig
from store_controller.receipts.document import ReceiptDocument
from store_controller.receipts.mail import MailError, SmtpReceiptMailer
from store_controller.receipts.printer import EscposReceiptPrinter, PrinterError
from store_controller.receipts.store import load_document
from tests.conftest import free_port
from tests.store_controller.receipts.sales import ISSUER, sell_mixed

SALE_ID = uuid.UUID("00000000-0000-4000-8000-000000000003")
CUT = b"\x1dV"  # GS V: ESC/POS paper cut


@pytest.fixture
def doc(sessions: sessionmaker[DbSession]) -> ReceiptDocument:
    sell_mixed(sessions, method=PaymentMethod.SWISH, provider="swish", sale_id=SALE_ID)
    with sessions() as session:
        found = load_document(session, ISSUER, str(SALE_ID))
    assert found is not None
    return found


def read_all(fd: int) -> bytes:
    os.set_blocking(fd, False)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return b"".join(chunks)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def test_the_printer_gets_the_receipt_and_a_cut(doc: ReceiptDocument) -> None:
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    try:
        EscposReceiptPrinter(os.ttyname(slave)).print_receipt(doc.as_copy())
        printed = read_all(master)
    finally:
        os.close(master)
        os.close(slave)
    assert b"Elektroniskt kassakvitto" in printed
    assert b"test-store/kassa-1/000001" in printed
    assert b"KOPIA" in printed
    assert b"182,06" in printed
    assert CUT in printed
    assert printed.rindex(CUT) > printed.rindex(b"182,06")


def test_a_missing_printer_is_a_printer_error(doc: ReceiptDocument) -> None:
    with pytest.raises(PrinterError):
        EscposReceiptPrinter("/nonexistent/dir/lp0").print_receipt(doc)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        yield inbox, port
    finally:
        server.stop()


def test_a_receipt_is_mailed(doc: ReceiptDocument, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    config = SmtpConfig(host="127.0.0.1", port=port, sender="kvitto@example.se", starttls=False)
    url = f"http://127.0.0.1:8080/receipt/{SALE_ID}"
    SmtpReceiptMailer(config).send(to="kund@example.se", doc=doc, url=url)
    ((to, message),) = inbox.messages
    assert to == ["kund@example.se"]
    assert message["Subject"] == "Kvitto Byabutiken i Testby 2026-11-28 13:00"
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    text = body.decode("utf-8")
    assert "Elektroniskt kassakvitto" in text
    assert "Betalt: Swish" in text
    assert url in text


def test_an_unreachable_mail_server_is_a_mail_error(doc: ReceiptDocument) -> None:
    config = SmtpConfig(host="127.0.0.1", port=free_port(), sender="kvitto@example.se", timeout_s=2)
    with pytest.raises(MailError):
        SmtpReceiptMailer(config).send(to="kund@example.se", doc=doc, url="http://x/receipt/1")
