"""Realistic completionData: user, device, issue date, step-up, risk, signature XML and OCSP.

The signature is an XML-DSig document laid out like BankID's (SignedInfo with references to
`#bidSignedData` and `#bidKeyInfo`, the certificate chain, `bankIdSignedData`), signed over plain
bytes rather than canonical XML: structurally right, not verifiable. The OCSP response is a real DER
response from the simulator's CA, with a nonce extension, for a per-person user certificate.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import secrets
from collections.abc import Callable
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp

from bankid_rp.simulator.certs import Issued, make_user_cert
from bankid_rp.simulator.identities import SimulatedIdentity
from bankid_rp.simulator.orders import Order

SIMULATED_DEVICE_IP = "192.0.2.10"  # TEST-NET-1, for phone orders that carry no endUserIp


def _b64(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.b64encode(raw).decode("ascii")


def uhi_for(personal_number: str) -> str:
    """A stable unique hardware id per simulated person (28 base64 chars, like the real one)."""
    return _b64(hashlib.sha1(f"byabutik-sim:{personal_number}".encode()).digest())  # noqa: S324


def issue_date_for(personal_number: str) -> dt.date:
    day = int(hashlib.sha256(personal_number.encode()).hexdigest()[:6], 16) % 1500
    return dt.date(2021, 1, 1) + dt.timedelta(days=day)


def _signed_data(order: Order, identity: SimulatedIdentity, nonce: bytes) -> str:
    req = order.request
    fmt = f' format="{req.user_visible_data_format}"' if req.user_visible_data_format else ""
    visible = (
        f'<usrVisibleData charset="UTF-8" visible="wysiwys"{fmt}>'
        f"{req.user_visible_data}</usrVisibleData>"
        if req.user_visible_data
        else ""
    )
    non_visible = (
        f"<usrNonVisibleData>{req.user_non_visible_data}</usrNonVisibleData>"
        if req.user_non_visible_data
        else ""
    )
    func = "Signing" if order.kind.endswith("sign") else "Identification"
    policies = req.requirement.get("certificatePolicies") or ["1.2.3.4.25"]
    conditions = "".join(
        f"<condition><type>AllowedPolicies</type><value>{html.escape(p)}</value></condition>"
        for p in policies
    )
    return (
        '<bankIdSignedData xmlns="http://www.bankid.com/signature/v1.0.0/types" Id="bidSignedData">'
        f"{visible}{non_visible}"
        f"<srvInfo><name>{_b64('Byabutik BankID simulator')}</name><nonce>{_b64(nonce)}</nonce>"
        f"<displayName>{_b64('Byabutik')}</displayName></srvInfo>"
        f"<clientInfo><funcId>{func}</funcId><version>{_b64('Personal=7.14.0.2')}</version>"
        f"<env><ai><type>{_b64('IOS')}</type><deviceInfo>{_b64('17.4')}</deviceInfo>"
        f"<uhi>{uhi_for(identity.personal_number)}</uhi><fsib>0</fsib><utb>cs1</utb>"
        f"<requirement>{conditions}</requirement><uauth>pw</uauth></ai></env></clientInfo>"
        "</bankIdSignedData>"
    )


def _reference(uri: str, content: str, type_attr: str = "") -> str:
    digest = _b64(hashlib.sha256(content.encode()).digest())
    return (
        f'<Reference{type_attr} URI="{uri}"><Transforms>'
        '<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/></Transforms>'
        '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        f"<DigestValue>{digest}</DigestValue></Reference>"
    )


class CompletionFactory:
    """Builds completionData for an order completed by a simulated person."""

    def __init__(self, ca: Issued, *, now: Callable[[], dt.datetime] | None = None) -> None:
        self._ca = ca
        self._now = now or (lambda: dt.datetime.now(dt.UTC))
        self._user_certs: dict[str, Issued] = {}

    def __call__(self, order: Order, identity: SimulatedIdentity) -> dict[str, Any]:
        user_cert = self._user_cert(identity)
        nonce = secrets.token_bytes(20)
        data: dict[str, Any] = {
            "user": {
                "personalNumber": identity.personal_number,
                "name": identity.name,
                "givenName": identity.given_name,
                "surname": identity.surname,
            },
            "device": {
                "ipAddress": order.request.end_user_ip or SIMULATED_DEVICE_IP,
                "uhi": uhi_for(identity.personal_number),
            },
            # The real service sends a date with a trailing Z ("2024-02-12Z"), not ISO 8601.
            "bankIdIssueDate": f"{issue_date_for(identity.personal_number).isoformat()}Z",
            "signature": _b64(self._signature(order, identity, user_cert, nonce)),
            "ocspResponse": _b64(self._ocsp(user_cert, nonce)),
        }
        if order.request.requirement.get("mrtd"):
            # true: the document check was done and passed; false: done and failed.
            data["stepUp"] = {"mrtd": order.mrtd_passed}
        if order.request.return_risk:
            data["risk"] = "low"
        return data

    def _user_cert(self, identity: SimulatedIdentity) -> Issued:
        cert = self._user_certs.get(identity.personal_number)
        if cert is None:
            cert = make_user_cert(
                self._ca, personal_number=identity.personal_number, name=identity.name
            )
            self._user_certs[identity.personal_number] = cert
        return cert

    def _signature(
        self, order: Order, identity: SimulatedIdentity, user_cert: Issued, nonce: bytes
    ) -> str:
        chain = "".join(
            f"<X509Certificate>{_b64(c.public_bytes(serialization.Encoding.DER))}</X509Certificate>"
            for c in (user_cert.certificate, self._ca.certificate)
        )
        key_info = (
            f'<KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#" Id="bidKeyInfo">'
            f"<X509Data>{chain}</X509Data></KeyInfo>"
        )
        signed_data = _signed_data(order, identity, nonce)
        signed_info = (
            '<SignedInfo xmlns="http://www.w3.org/2000/09/xmldsig#">'
            '<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>'
            '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>'
            + _reference(
                "#bidSignedData",
                signed_data,
                ' Type="http://www.bankid.com/signature/v1.0.0/types"',
            )
            + _reference("#bidKeyInfo", key_info)
            + "</SignedInfo>"
        )
        value = user_cert.key.sign(signed_info.encode(), ec.ECDSA(hashes.SHA256()))
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">'
            f"{signed_info}<SignatureValue>{_b64(value)}</SignatureValue>{key_info}"
            f"<Object>{signed_data}</Object></Signature>"
        )

    def _ocsp(self, user_cert: Issued, nonce: bytes) -> bytes:
        now = self._now()
        response = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=user_cert.certificate,
                issuer=self._ca.certificate,
                algorithm=hashes.SHA256(),
                cert_status=ocsp.OCSPCertStatus.GOOD,
                this_update=now,
                next_update=None,
                revocation_time=None,
                revocation_reason=None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self._ca.certificate)
            .add_extension(x509.OCSPNonce(nonce), critical=False)
            .sign(self._ca.key, hashes.SHA256())
        )
        return response.public_bytes(serialization.Encoding.DER)
