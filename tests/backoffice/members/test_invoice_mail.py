"""The month's invoice reaches the member by e-mail through a real SMTP server (aiosmtpd): the
PDF attached, the body naming the amount, due date and OCR number; a member without e-mail is
listed "skickas inte: ingen e-post"; "send again" after the e-mail is known; a mail server that
is gone is recorded on the invoice, not lost."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from backoffice.mail.config import MailSettings
from tests.backoffice.members.test_invoices import DETAILS, STORE, invoice, month_on_account
from tests.backoffice.members.test_members_api import MEMBER, MEMBERS
from tests.backoffice.notify.servers import Mailbox
from tests.backoffice.products.conftest import Clock, Owner
from tests.conftest import free_port
from tests.store_controller.sync.harness import ADMIN, running_backoffice


@contextmanager
def owner_with_mail(
    database_url: str, clock: Clock, box: Mailbox | None = None
) -> Iterator[tuple[Owner, Mailbox, Controller]]:
    box, port = box or Mailbox(), free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    with (
        running_backoffice(
            database_url,
            clock=clock,
            mail=MailSettings(host="127.0.0.1", port=port, tls="none", sender="byn@example.org"),
        ) as backoffice,
        TestClient(backoffice.app) as client,
    ):
        try:
            yield Owner(client, clock, {}), box, server
        finally:
            if server.loop.is_running():
                server.stop()


def send_again(owner: Owner, number: int) -> Any:
    answer = owner.client.post(f"{STORE}/invoices/{number}/send", headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_months_invoice_is_e_mailed_with_its_pdf(database_url: str, clock: Clock) -> None:
    with owner_with_mail(database_url, clock) as (owner, box, server):
        month_on_account(owner)
        assert owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
        owner.clock.advance(days=5)
        made = invoice(owner)  # no e-mail known yet
        assert (made["sent_at"], made["send_problem"]) == (None, "skickas inte: ingen e-post")
        assert box.messages == []

        kept = owner.client.put(
            f"{MEMBERS}/{MEMBER}/contact",
            json={"name": "Greta Persson", "email": "greta@example.org"},
            headers=ADMIN,
        )
        assert kept.status_code == 200, kept.text
        sent = send_again(owner, made["number"])
        assert sent["send_problem"] is None
        assert sent["sent_at"] == owner.clock.now.isoformat()
        assert len(box.messages) == 1
        mail = box.messages[0]
        assert mail["To"] == "greta@example.org"
        assert mail["From"] == "byn@example.org"
        assert str(made["number"]) in mail["Subject"]
        body = mail.get_body(preferencelist=("plain",))
        assert body is not None
        text = body.get_content()
        for expected in ("Hej Greta Persson", "170,00 kr", made["due_on"], made["ocr"], "991-2346"):
            assert expected in text, expected
        (attached,) = list(mail.iter_attachments())
        assert attached.get_content_type() == "application/pdf"
        assert attached.get_filename() == f"faktura-{made['number']}.pdf"
        pdf = pdfium.PdfDocument(attached.get_content())
        pdf_text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        assert made["ocr"] in pdf_text
        assert "Greta Persson" in pdf_text

        server.stop()  # the mail server is gone: the invoice says so, keeps when it last went
        gone = send_again(owner, made["number"])
        assert gone["send_problem"] == "e-postservern tog inte emot brevet"
        assert gone["sent_at"] == sent["sent_at"]
        assert len(box.messages) == 1


def test_an_invoice_made_for_a_member_with_e_mail_goes_at_once(
    database_url: str, clock: Clock
) -> None:
    with owner_with_mail(database_url, clock) as (owner, box, _server):
        month_on_account(owner)
        owner.client.put(f"{STORE}/association/invoicing", json=DETAILS, headers=ADMIN)
        owner.client.put(
            f"{MEMBERS}/{MEMBER}/contact", json={"email": "greta@example.org"}, headers=ADMIN
        )
        owner.clock.advance(days=5)
        made = invoice(owner)
        assert made["send_problem"] is None
        assert made["sent_at"] is not None
        assert [m["To"] for m in box.messages] == ["greta@example.org"]
        assert invoice(owner, status=200)["number"] == made["number"]
        assert len(box.messages) == 1  # asked for again: not sent twice
