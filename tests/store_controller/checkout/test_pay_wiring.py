"""`[checkout] payment_provider = "swish"` and `member_account = true` wire both providers into
the kiosk (Swish first), offer both buttons, and close them at shutdown."""

from __future__ import annotations

from pathlib import Path

import httpx

from store_controller.payments.member.provider import MemberAccountProvider
from store_controller.payments.swish.provider import SwishPaymentProvider
from tests.e2e.kiosk_harness import running_store
from tests.waits import WAIT_S


def test_swish_and_the_member_account_are_offered(tmp_path: Path) -> None:
    with running_store(tmp_path, payment_provider="swish", member_account=True) as store:
        methods = store.checkout.methods
        assert [type(m) for m in methods] == [SwishPaymentProvider, MemberAccountProvider]
        page = httpx.get(f"{store.base_url}/kiosk", timeout=WAIT_S).text
        assert 'data-method="swish">Swish</button>' in page
        assert 'data-method="member_account">Medlemskonto</button>' in page
        assert store.checkout.receipt_base_url == "http://127.0.0.1:8080/receipt"
        unknown = httpx.post(f"{store.base_url}/kiosk/pay?method=cash", timeout=WAIT_S)
        assert unknown.status_code == 404
