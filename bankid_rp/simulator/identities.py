"""Test identities the simulated BankID app can use: Skatteverket's published test numbers.

The names are invented (the numbers are official test numbers, Luhn-valid). The 11th digit is odd
for men and even for women, and the names follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bankid_rp.identity import is_valid_personal_number


@dataclass(frozen=True)
class SimulatedIdentity:
    personal_number: str
    given_name: str
    surname: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.surname}"


TEST_IDENTITIES: tuple[SimulatedIdentity, ...] = (
    SimulatedIdentity("191212121212", "Tolvan", "Tolvansson"),
    SimulatedIdentity("199908072391", "Anders", "Testsson"),
    SimulatedIdentity("194408139089", "Maj", "Lindqvist"),
    SimulatedIdentity("199006022397", "Erik", "Bergström"),
    SimulatedIdentity("199107172380", "Sara", "Nyström"),
    SimulatedIdentity("200001052380", "Elsa", "Holm"),
    SimulatedIdentity("195005050512", "Gunnar", "Ek"),
    SimulatedIdentity("197103011032", "Lars", "Åberg"),
    SimulatedIdentity("199912282382", "Ida", "Sjöberg"),
    SimulatedIdentity("201701012393", "Nils", "Öhman"),
)
DEFAULT_IDENTITY = TEST_IDENTITIES[0]


def identity_for(personal_number: str) -> SimulatedIdentity:
    """The listed identity with that number, or a generic one for a number typed by a tester."""
    for identity in TEST_IDENTITIES:
        if identity.personal_number == personal_number:
            return identity
    if not is_valid_personal_number(personal_number):
        raise ValueError("not a valid 12-digit personal identity number")
    return SimulatedIdentity(personal_number, "Test", "Testperson")
