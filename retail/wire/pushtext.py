"""A push batch read straight from the bytes it came in, when nothing in them needs more care.

A push is read the careful way (`load_json`, then `PushEnvelope`, then `checked`) so that a key
given twice, NaN or a refused entry is refused alone and named. Nearly every push needs none of
that: `read_push` validates the whole `PushBatch` from the bytes in one pass of pydantic-core
(no Python dict per object, no entry validated twice), and answers None whenever the careful
way might answer otherwise, so the caller then takes it. It answers a batch only when the
careful way would accept the same batch with every entry valid:
- nothing is escaped (no backslash): the text decodes one way, and a string holding a lone
  surrogate, which `json` reads and pydantic-core refuses, never gets here;
- the batch validates; pydantic-core's JSON parser refuses every text `json` refuses (NaN and
  Infinity it reads, as `json` does, into floats no wire field takes);
- no key is given twice: the parser keeps the last of two, so the keys are counted. Every
  object of a valid batch is a model that forbids unknown fields, so its distinct keys are its
  fields set; a key written `"key":` is a quote followed by a colon, which counts each key at
  least once (a string starting with a colon counts once more, a key spaced from its colon
  sends the batch the careful way). Equal counts: no object gave a key twice;
- a batch older than protocol 3 carries no payment record (`PushEnvelope.checked` refuses one).
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from retail.wire.envelope import PushBatch
from retail.wire.payments import PAYMENT_RECORD_PROTOCOL, PaymentRecord

_KEY_SPACED = re.compile(rb'"[\t\n\r ]+:')
_WHITESPACE = (b" ", b"\t", b"\n", b"\r")
_QUOTE = ord('"')
WHITESPACE_LOOKS = 2_000
"""How many whitespace bytes `_key_spaced` looks at one by one before it searches the whole
text with the pattern (bounded: a text of spaces costs no more than the pattern's search)."""
_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def read_push(body: bytes) -> PushBatch | None:
    """The batch `body` carries, or None: read it the careful way (see the module's
    docstring)."""
    if b"\\" in body or _key_spaced(body):
        return None
    try:
        batch = PushBatch.model_validate_json(body)
    except ValidationError:
        return None
    if body.count(b'":') != keys_set(batch):
        return None
    if batch.protocol < PAYMENT_RECORD_PROTOCOL and any(
        isinstance(entry.payload, PaymentRecord) for entry in batch.entries
    ):
        return None
    return batch


def _key_spaced(body: bytes) -> bool:
    """Whether `_KEY_SPACED` is found in `body`, looked for from the whitespace after a quote:
    a push's whitespace is a few names' spaces, while every key has a quote (searched for
    from the quotes, ~30,000 in a push, the pattern cost ~0.7 ms)."""
    looks = WHITESPACE_LOOKS
    for space in _WHITESPACE:
        at = body.find(space)
        while at != -1:
            looks -= 1
            if not looks:
                return _KEY_SPACED.search(body) is not None
            if at and body[at - 1] == _QUOTE and _KEY_SPACED.match(body, at - 1):
                return True
            at = body.find(space, at + 1)
    return False


def keys_set(model: BaseModel) -> int:
    """How many fields were given to `model` and to every model inside it."""
    count = len(model.__pydantic_fields_set__)
    names = _NESTED.get(type(model))
    if names is None:
        names = _nested(type(model))
    for name in names:
        value = getattr(model, name)
        if type(value) is tuple:
            for inner in value:
                # a model without models inside (a sale's line, most entries' payloads)
                # counted here: one call fewer each
                if _NESTED.get(type(inner)) == ():
                    count += len(inner.__pydantic_fields_set__)
                else:
                    count += keys_set(inner)
        elif _NESTED.get(type(value)) == ():
            count += len(value.__pydantic_fields_set__)
        else:
            count += keys_set(value)
    return count


def _nested(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that hold a model or a tuple of models (the wire's messages have
    no optional model and no mapping: tests/retail/wire/test_pushtext.py checks)."""
    fields = model.model_fields.items()
    names = _NESTED[model] = tuple(n for n, f in fields if _holds_model(f.annotation))
    return names


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(argument) for argument in get_args(annotation))
