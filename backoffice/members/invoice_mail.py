"""E-mailing a member's invoice (or its reminder) with the PDF attached, to the e-mail address
kept for the member (backoffice.members.contacts), through the backoffice's SMTP settings.

Whether it went is kept on the invoice (`sent_at`, `send_problem`) for the customer page; the
problems are short Swedish phrases (messages_en has the English). Sending blocks: call it from
a worker thread or a job, after the invoice is committed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from backoffice.mail.config import MailSettings
from backoffice.mail.sender import Attachment, MailError, send
from backoffice.members import invoices
from backoffice.members.contacts import contact_of
from backoffice.members.invoice_pdf import Payee, document, kronor, payee_of
from backoffice.members.models import MemberInvoice
from backoffice.people.models import Association

log = logging.getLogger(__name__)
NO_EMAIL = "skickas inte: ingen e-post"
NO_PAYEE = "skickas inte: föreningens bankgironummer saknas"
REFUSED = "e-postservern tog inte emot brevet"


@dataclass(frozen=True, slots=True)
class Letter:
    to: str
    subject: str
    body: str
    attachment: Attachment


def letter(
    session: Session, invoice: MemberInvoice, payee: Payee, *, reminder: bool = False
) -> Letter | None:
    """The e-mail for the invoice (or its reminder); None when the member has no e-mail."""
    contact = contact_of(session, invoice.association_id, invoice.identity_hash)
    if contact is None or not contact.email:
        return None
    due = invoices.outstanding_ore(session, invoice)
    greeting = f"Hej {contact.name}," if contact.name else "Hej,"
    if reminder:
        subject = f"Påminnelse: faktura {invoice.number} från {payee.name}"
        opening = (
            f"vi har ännu inte fått betalt för faktura {invoice.number} ({invoice.period}), "
            f"som förföll {invoice.due_on.isoformat()}. Har du redan betalat kan du bortse "
            "från det här brevet."
        )
    else:
        subject = f"Faktura {invoice.number} från {payee.name}"
        opening = (
            f"här kommer din faktura för köp på konto under {invoice.period} "
            f"(faktura {invoice.number}). Fakturan finns som PDF i brevet."
        )
    lines = [
        greeting,
        "",
        opening,
        "",
        f"Att betala: {kronor(max(due, 0))}",
        f"Förfallodag: {invoice.due_on.isoformat()}",
        f"Bankgiro: {payee.bankgiro}",
        f"OCR-nummer: {invoice.ocr}",
    ]
    if payee.swish_number:
        lines.append(f"Swish: {payee.swish_number} (ange OCR-numret som meddelande)")
    lines += ["", "Ange OCR-numret när du betalar.", "", f"Vänliga hälsningar\n{payee.name}"]
    pdf = document(session, invoice, payee)
    return Letter(
        to=contact.email,
        subject=subject,
        body="\n".join(lines) + "\n",
        attachment=Attachment(f"faktura-{invoice.number}.pdf", pdf, "application/pdf"),
    )


def payee_for(session: Session, invoice: MemberInvoice) -> Payee | None:
    association = session.get(Association, invoice.association_id)
    return None if association is None else payee_of(association)


def deliver(
    session: Session,
    settings: MailSettings,
    invoice: MemberInvoice,
    *,
    now: datetime,
    reminder: bool = False,
) -> str | None:
    """Send the letter; None when the mail server took it, else the problem (Swedish)."""
    payee = payee_for(session, invoice)
    if payee is None:
        return NO_PAYEE
    made = letter(session, invoice, payee, reminder=reminder)
    if made is None:
        return NO_EMAIL
    try:
        send(
            settings,
            to=made.to,
            subject=made.subject,
            body=made.body,
            attachments=(made.attachment,),
        )
    except MailError as refused:
        log.warning("invoice %s not e-mailed: %s", invoice.number, refused)
        return REFUSED
    return None


def mail_invoice(
    session: Session, settings: MailSettings, invoice: MemberInvoice, *, now: datetime
) -> str | None:
    """E-mail the invoice and keep the outcome on it (committed). None: it went."""
    problem = deliver(session, settings, invoice, now=now)
    if problem is None:
        invoice.sent_at = now
    invoice.send_problem = problem
    session.commit()
    return problem
