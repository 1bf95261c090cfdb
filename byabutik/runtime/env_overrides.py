"""Settings overridden by environment variables, read the way pydantic-settings reads them, without
loading it (with its argparse, dotenv and provider modules: ~1 MB of a Pi's memory, issue 23).

`PREFIX_FIELD` sets a field, `PREFIX_SECTION__FIELD` a field of a nested section (any depth);
names are case-insensitive. A section, list, set or mapping given whole is JSON
(`PREFIX_HARDWARE__SCANNERS='[{"kind": "hid", ...}]'`) and its nested variables still apply on
top; a plain value stays a string for pydantic to validate. The rules are pydantic-settings'
`EnvSettingsSource` with `env_nested_delimiter="__"` and its other options at their defaults.
"""

from __future__ import annotations

import json
import os
import types
from collections.abc import Mapping, Sequence, Set
from dataclasses import is_dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Json, Secret

from byabutik.runtime.settings import SettingsError

DELIMITER = "__"


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `override`'s values, tables merged key by key (pydantic-settings' merge)."""
    merged = dict(base)
    for key, value in override.items():
        below = merged.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            merged[key] = deep_merge(below, value)
        else:
            merged[key] = value
    return merged


def by_field_name(model: type[BaseModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """Top-level keys matched to the model's fields regardless of case, as pydantic-settings does
    for values given in code or in the file; an unknown key stays (and is refused as extra)."""
    names = {name.lower(): name for name in model.model_fields}
    return {
        key if key in model.model_fields else names.get(key.lower(), key): value
        for key, value in values.items()
    }


def env_values(
    model: type[BaseModel], prefix: str, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The model's values set by `prefix`-ed environment variables, nested as the model is."""
    source = os.environ if environ is None else environ
    env = {name.lower(): value for name, value in source.items()}
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        variable = prefix.lower() + name
        value: Any = env.get(variable)
        complex_, lenient = _complexity(field.annotation, field.metadata)
        if complex_:
            if value is None:
                value = _exploded(field.annotation, variable + DELIMITER, env) or None
            else:
                value = _decoded(value, lenient, variable)
                if isinstance(value, dict):
                    value = deep_merge(
                        value, _exploded(field.annotation, variable + DELIMITER, env)
                    )
        if value is not None:
            values[name] = value
    return values


# What a key leads to: (annotation, metadata, whether it is a model's field or a mapping's values).
_Target = tuple[Any, Sequence[Any], bool]


def _exploded(annotation: Any, start: str, env: Mapping[str, str]) -> dict[str, Any]:
    """`start`-ed variables as nested dicts, each leaf JSON-decoded when its field is complex."""
    top_is_dict = _is_dict(annotation)
    result: dict[str, Any] = {}
    for variable, raw in env.items():
        if not variable.startswith(start):
            continue
        *keys, last = variable[len(start) :].split(DELIMITER)
        target: _Target | None = (annotation, (), True)
        node: Any = result
        for key in keys:
            target = _inner(target, key)
            if isinstance(node, dict):
                node = node.setdefault(key, {})
        target = _inner(target, last)
        value: Any = raw
        if (target is not None or top_is_dict) and raw:
            if target is None:
                complex_, lenient = True, True
            elif target[2]:
                complex_, lenient = _complexity(target[0], target[1])
            else:
                complex_, lenient = _complexity(target[0], ())[0], True
            if complex_:
                value = _decoded(raw, lenient, variable)
        if isinstance(node, dict):
            node[last] = value
    return result


def _inner(target: _Target | None, key: str) -> _Target | None:
    """What `key` names inside `target`: a mapping's values, a field of a model, or of the first
    union member that has it."""
    if target is None:
        return None
    annotation = target[0]
    if _is_dict(annotation):
        args = get_args(annotation)
        return (args[-1], (), False) if args else None
    for member in get_args(annotation):
        found = _inner((member, (), False), key)
        if found is not None:
            return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if name.lower() == key:
                return field.annotation, field.metadata, True
    return None


def _is_dict(annotation: Any) -> bool:
    origin = get_origin(annotation)
    return annotation is dict or (isinstance(origin, type) and issubclass(origin, dict))


def _complexity(annotation: Any, metadata: Sequence[Any]) -> tuple[bool, bool]:
    """(is the value JSON, may it stay a string when it is not JSON): a complex type is JSON; a
    union with a complex member is JSON when it parses."""
    if _is_complex(annotation, metadata):
        return True, False
    if get_origin(annotation) in (Union, types.UnionType) and any(
        _is_complex(member, metadata) for member in get_args(annotation)
    ):
        return True, True
    return False, False


def _is_complex(annotation: Any, metadata: Sequence[Any]) -> bool:
    if any(isinstance(item, Json) for item in metadata):  # type: ignore[misc]
        return False
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *more = get_args(annotation)
        return _is_complex(inner, more)
    if isinstance(origin, type) and issubclass(origin, Secret):
        return False
    return _complex_type(annotation) or _complex_type(origin)


def _complex_type(kind: Any) -> bool:
    if isinstance(kind, type) and issubclass(kind, (str, bytes)):
        return False
    return is_dataclass(kind) or (
        isinstance(kind, type)
        and issubclass(kind, (BaseModel, Mapping, Sequence, Set, tuple, set, frozenset))
    )


def _decoded(raw: str, lenient: bool, variable: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        if lenient:
            return raw
        raise SettingsError([f"{variable.upper()}: not valid JSON"]) from None
