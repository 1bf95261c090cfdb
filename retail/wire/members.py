"""Member standings pulled by a store: who may buy on account and up to what, and who is
blocked. Always the whole list of the store's association (a village has hundreds, not
millions): the store replaces what it held, so applying it twice changes nothing and a member
left off the list is neither approved nor blocked any more.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from retail.wire.common import IdentityHash, NonNegativeOre, Ore, StrictBool, UtcDateTime, WireModel

MAX_MEMBERS = 20_000
ERASED = "erased"
"""The feature a controller names on its members pull (`?features=erased`) when it reads
`MemberStandings.erased`: only such a controller gets the field (an older one refuses the
whole answer with an unknown field)."""


class MemberStanding(WireModel):
    """One customer's standing in the association (keyed hash only)."""

    identity_hash: IdentityHash
    credit_limit_ore: NonNegativeOre | None = None
    """Approved for account purchases up to this much owed; None: not approved."""
    blocked: StrictBool = False
    """Refused at the door and at the kiosk."""
    blocked_until: UtcDateTime | None = None
    """A block with an end: it no longer applies from this moment (None: until lifted)."""
    balance_ore: Ore = 0
    """The member's ledger balance at the backoffice, its sign: negative = owed (the store
    counts owed as positive and flips it), payments and credits included."""


class MemberStandings(WireModel):
    kind: Literal["member_standings"] = "member_standings"
    members: Annotated[tuple[MemberStanding, ...], Field(max_length=MAX_MEMBERS)] = ()
    erased: Annotated[tuple[IdentityHash, ...], Field(max_length=MAX_MEMBERS)] = ()
    """People erased at the backoffice: the store removes their name and birth date (empty
    from older backoffices; sent only to a controller naming `ERASED`)."""

    @model_validator(mode="after")
    def _once_each(self) -> Self:
        hashes = [m.identity_hash for m in self.members]
        if len(set(hashes)) != len(hashes):
            raise ValueError("each member comes once")
        if set(self.erased) & set(hashes):
            raise ValueError("an erased person has no standing")
        return self
