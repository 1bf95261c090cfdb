"""The wire's JSON entry point: text to Python values, refusing what `json.loads` lets through.

`json.loads` keeps the last of two equal keys in an object and reads NaN and Infinity; deep
nesting and huge numbers make it raise a RecursionError or a bare ValueError. A message must
mean one thing, so here each of those is refused as a `ValidationError` whose error says where,
like a field's own error: `("entries", 3, "payload", "amount_ore")` for a key given twice.
`parse_json` then validates the value against a message model, in one call.

Cost: objects are built by a Python hook (one `dict` and one length comparison each); the tree
is walked only when a key was given twice, to say where.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from retail.wire.common import Location

M = TypeVar("M", bound=BaseModel)


class _Repeated(dict[str, Any]):
    """An object that gave a key twice (the last value is kept, as `json` would)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        self.keys_given_twice = [key for key, count in counts.items() if count > 1]


class _NotANumberError(ValueError):
    pass


def _constant(name: str) -> object:
    raise _NotANumberError(f"{name} is not a JSON number")


def load_json(text: str | bytes) -> Any:
    """The value of one JSON document; raises `ValidationError` (type `json_invalid` or
    `json_duplicate_key`) for anything the wire refuses."""
    repeated: list[_Repeated] = []

    def build_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) == len(pairs):
            return value
        twice = _Repeated(pairs)
        repeated.append(twice)
        return twice

    try:
        value = json.loads(text, object_pairs_hook=build_object, parse_constant=_constant)
    except RecursionError:
        raise _errors([("json_invalid", (), "nested too deeply")]) from None
    except json.JSONDecodeError as error:
        reason = f"not JSON: {error.msg} at character {error.pos}"
        raise _errors([("json_invalid", (), reason)]) from None
    except UnicodeDecodeError:
        raise _errors([("json_invalid", (), "not UTF-8 text")]) from None
    except _NotANumberError as error:
        raise _errors([("json_invalid", (), str(error))]) from None
    except ValueError:  # an integer of more digits than Python converts
        raise _errors([("json_invalid", (), "a number too long")]) from None
    if repeated:
        raise _errors(_where_repeated(value, ()))
    return value


def parse_json(model: type[M], text: str | bytes) -> M:
    """`model` validated from the JSON `text`, after `load_json`'s refusals."""
    return model.model_validate(load_json(text))


def _where_repeated(value: object, loc: Location) -> list[tuple[str, Location, str]]:
    found: list[tuple[str, Location, str]] = []
    if isinstance(value, _Repeated):
        found += [
            ("json_duplicate_key", (*loc, _shown(key)), "a key given twice in one object")
            for key in value.keys_given_twice
        ]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _where_repeated(item, (*loc, _shown(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _where_repeated(item, (*loc, index))
    return found


def _shown(key: str) -> str:
    """A key fit for an error location: a field name as it is, anything else as "<key>"."""
    return key if len(key) <= 64 and key.isascii() and key.isidentifier() else "<key>"


def _errors(problems: list[tuple[str, Location, str]]) -> ValidationError:
    return ValidationError.from_exception_data(
        "JSON",
        [
            InitErrorDetails(
                type=PydanticCustomError(kind, "{reason}", {"reason": reason}),
                loc=loc,
                input=None,
            )
            for kind, loc, reason in problems
        ],
    )
