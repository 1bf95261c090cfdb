from datetime import date

import pytest

from retail.errors import VatError
from retail.vat import SWEDISH_VAT, VatClass, VatPeriod, VatSchedule, format_rate


@pytest.mark.parametrize(
    ("day", "rate_bp"),
    [
        (date(2000, 1, 1), 1200),
        (date(2026, 3, 31), 1200),
        (date(2026, 4, 1), 600),
        (date(2027, 12, 31), 600),
        (date(2028, 1, 1), 1200),
        (date(2099, 6, 1), 1200),
    ],
)
def test_food_rate_follows_the_2026_cut(day: date, rate_bp: int) -> None:
    assert SWEDISH_VAT.rate_bp(VatClass.FOOD, day) == rate_bp


@pytest.mark.parametrize(
    ("vat_class", "rate_bp"),
    [(VatClass.STANDARD, 2500), (VatClass.REDUCED, 600), (VatClass.ZERO, 0)],
)
@pytest.mark.parametrize("day", [date(2026, 3, 31), date(2026, 4, 1), date(2028, 1, 1)])
def test_other_classes_do_not_move(vat_class: VatClass, rate_bp: int, day: date) -> None:
    assert SWEDISH_VAT.rate_bp(vat_class, day) == rate_bp


def test_changes_between_lists_switch_days() -> None:
    assert SWEDISH_VAT.changes_between(date(2026, 1, 1), date(2028, 12, 31)) == [
        date(2026, 4, 1),
        date(2028, 1, 1),
    ]
    assert SWEDISH_VAT.changes_between(date(2026, 4, 1), date(2027, 12, 31)) == []


def _schedule(*food: VatPeriod) -> VatSchedule:
    others = [VatPeriod(c, 0) for c in VatClass if c is not VatClass.FOOD]
    return VatSchedule((*others, *food))


def test_schedule_rejects_a_gap() -> None:
    with pytest.raises(VatError, match="gap"):
        _schedule(
            VatPeriod(VatClass.FOOD, 1200, valid_until=date(2026, 3, 30)),
            VatPeriod(VatClass.FOOD, 600, valid_from=date(2026, 4, 1)),
        )


def test_schedule_rejects_an_overlap() -> None:
    with pytest.raises(VatError, match="overlap"):
        _schedule(
            VatPeriod(VatClass.FOOD, 1200, valid_until=date(2026, 4, 1)),
            VatPeriod(VatClass.FOOD, 600, valid_from=date(2026, 4, 1)),
        )


def test_schedule_rejects_a_missing_class() -> None:
    with pytest.raises(VatError, match="food"):
        _schedule()


def test_schedule_rejects_a_closed_end() -> None:
    with pytest.raises(VatError, match="open end"):
        _schedule(VatPeriod(VatClass.FOOD, 1200, valid_until=date(2030, 1, 1)))


def test_schedule_rejects_a_late_start() -> None:
    with pytest.raises(VatError, match="beginning"):
        _schedule(VatPeriod(VatClass.FOOD, 1200, valid_from=date(2000, 1, 1)))


def test_schedule_rejects_two_open_periods() -> None:
    with pytest.raises(VatError, match="only the first and last"):
        _schedule(VatPeriod(VatClass.FOOD, 1200), VatPeriod(VatClass.FOOD, 600))


def test_schedule_rejects_an_open_middle_end() -> None:
    with pytest.raises(VatError, match="only the first and last"):
        _schedule(
            VatPeriod(VatClass.FOOD, 1200, valid_until=date(2026, 3, 31)),
            VatPeriod(VatClass.FOOD, 600, valid_from=date(2026, 4, 1)),
            VatPeriod(VatClass.FOOD, 1200, valid_from=date(2028, 1, 1)),
        )


def test_a_custom_schedule_answers_from_its_data() -> None:
    schedule = _schedule(
        VatPeriod(VatClass.FOOD, 1200, valid_until=date(2030, 6, 30)),
        VatPeriod(VatClass.FOOD, 2550, valid_from=date(2030, 7, 1)),
    )
    assert schedule.rate_bp(VatClass.FOOD, date(2030, 6, 30)) == 1200
    assert schedule.rate_bp(VatClass.FOOD, date(2030, 7, 1)) == 2550


@pytest.mark.parametrize("rate_bp", [-1, 10_001])
def test_period_rate_bounds(rate_bp: int) -> None:
    with pytest.raises(VatError, match="basis points"):
        VatPeriod(VatClass.FOOD, rate_bp)


def test_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(VatError, match="ends before"):
        VatPeriod(VatClass.FOOD, 600, date(2026, 4, 1), date(2026, 3, 31))


def test_period_covers_its_inclusive_bounds() -> None:
    period = VatPeriod(VatClass.FOOD, 600, date(2026, 4, 1), date(2027, 12, 31))
    assert period.covers(date(2026, 4, 1))
    assert period.covers(date(2027, 12, 31))
    assert not period.covers(date(2026, 3, 31))
    assert not period.covers(date(2028, 1, 1))


@pytest.mark.parametrize(
    ("rate_bp", "text"), [(2500, "25 %"), (600, "6 %"), (0, "0 %"), (2550, "25,5 %"), (1, "0,01 %")]
)
def test_format_rate(rate_bp: int, text: str) -> None:
    assert format_rate(rate_bp) == text.replace(" ", "\u00a0")
