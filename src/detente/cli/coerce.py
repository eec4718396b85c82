"""Option values converted without pydantic when the conversion is plain.

typer (0.2x) converts every option value through a pydantic ``TypeAdapter``: the first command
run imports pydantic and builds one adapter per parameter, about 0.09 CPU-s of every call
(``detente forecast`` included) before the command does anything. Our options are strings,
integers, floats, flags, paths and enums; for those the conversion is a line of Python, and
for enums and paths typer's adapters only wrap typer's own functions (``coerce_cli_choice``,
``coerce_cli_path``), which are called here directly.

``quicken(cmd)`` gives each such parameter a ``QuickParam``. It converts the values it is sure
of and hands anything else (a bad number, an out-of-range value, bytes) to the adapter typer
would have used, so errors and unusual inputs behave exactly as before; parameters of other
kinds keep typer's coercion. If typer's internals change shape, nothing is installed.
``tests/test_cli_coerce.py`` checks the two agree, value by value, on every command's options.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer's private coercion layer (0.2x); without it, typer keeps its own coercion
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
except ImportError:  # pragma: no cover - another typer
    RuntimeParam = None  # type: ignore[assignment,misc]

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class _Unsure(Exception):
    """The value is not plainly convertible here: typer's adapter decides."""


def _number(kind: type, value: Any, info: Any) -> Any:
    if isinstance(value, bool) or info.clamp:
        raise _Unsure
    if isinstance(value, str):
        if not (_INT if kind is int else _FLOAT).fullmatch(value):
            raise _Unsure
        number = kind(value)
    elif isinstance(value, int) or (kind is float and isinstance(value, float)):
        number = kind(value)
    else:
        raise _Unsure
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        raise _Unsure  # the adapter words the range error
    return number


def _leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """One value converted as typer's leaf adapter would, in its order of rules, or ``_Unsure``."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    if annotation in (int, float):
        return _number(annotation, value, info)
    if annotation is bool:
        if isinstance(value, bool):
            return value
        raise _Unsure
    if annotation is str:
        if isinstance(value, str):
            return value
        raise _Unsure
    if routes_to_path(annotation, info):
        path_type = info.path_type
        if path_type is None and isinstance(annotation, type) and issubclass(annotation, Path):
            path_type = annotation
        if isinstance(path_type, type) and issubclass(path_type, Path) and not isinstance(value, path_type):
            if not (isinstance(value, str) and value):
                raise _Unsure
            value = path_type(value)  # what the adapter's str → Path conversion gives
        return coerce_cli_path(value, info, path_type=path_type, param=param, ctx=ctx)
    raise _Unsure


def _plain(annotation: Any) -> bool:
    """Annotations ``_leaf`` converts (or a list of them)."""
    if get_origin(annotation) is list:
        return _plain(get_args(annotation)[0])
    return annotation in (int, float, bool, str) or (
        isinstance(annotation, type) and issubclass(annotation, Enum | Path))


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class QuickParam(RuntimeParam):
        """Plain values converted here; anything else by the adapter typer would have built."""

        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if get_origin(self.annotation) is list:
                    item = get_args(self.annotation)[0]
                    values = value if isinstance(value, list | tuple) else [value]
                    return [_leaf(item, self.parameter_info, v, param, ctx) for v in values]
                return _leaf(self.annotation, self.parameter_info, value, param, ctx)
            except Exception:  # _Unsure, or a ValueError pydantic would have worded: typer's adapter decides
                full = build_runtime_param(self.descriptor)
                param._runtime_param = full  # later values (and errors) go straight to typer's
                return full._coerce_value(value, param=param, ctx=ctx)


def quick_param(param: Any) -> Any:
    """A ``QuickParam`` for ``param``, or None when typer's own coercion must stay."""
    descriptor = getattr(param, "type_descriptor", None)
    if (RuntimeParam is None or descriptor is None or getattr(param, "_runtime_param", 0) is not None
            or descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None
            or not _plain(descriptor.annotation)):
        return None
    return QuickParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                      descriptor=descriptor)


def quicken(cmd: Any, ctx: Any = None) -> None:
    """Give ``cmd``'s plain parameters (and those of its built sub-commands) a ``QuickParam``;
    with the context it runs under, its ``--help`` option too (click makes it per context)."""
    params = cmd.get_params(ctx) if ctx is not None and hasattr(cmd, "get_params") else getattr(cmd, "params", ())
    for param in params:
        quick = quick_param(param)
        if quick is not None:
            param._runtime_param = quick
    subs = getattr(cmd, "commands", None)
    for sub in getattr(subs, "built", subs or {}).values():  # a LazyGroup: only what is built
        quicken(sub, ctx)  # help option names are inherited: the parent context gives the same option
