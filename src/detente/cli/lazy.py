"""Command groups that know their commands by name and one-line help, and import a command's
module only when that command runs.

``detente --help`` lists every command, but importing every command module would pull in the
store, the corpus readers, YAML and more (about 0.3 s) before printing a table of names. So the
groups read the names, modules and first help paragraphs from ``commands.json`` (written by
``make cli-docs`` from the real commands, checked by ``tests/test_cli_docs.py``) and list stubs
made from them. Running a command (``resolve_command``) or asking ``group.commands[name]``
imports its module, which registers it on the typer app, and builds the real click command.
A name the catalog does not know loads every module first, so a stale catalog still runs
commands (and "Did you mean" still sees every name).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup

CATALOG = Path(__file__).with_name("commands.json")

#: Every command module, in the order their commands are registered (and so listed).
MODULES = ("ingest", "query", "importing", "coder", "forecast", "bargain", "report", "evalsets", "time",
           "learned", "serve", "scale", "actors")


@functools.cache
def catalog() -> dict[str, dict[str, dict[str, Any]]]:
    """Group name → command name → {"module", "help", "hidden"}; empty when the file is missing."""
    try:
        return json.loads(CATALOG.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def load_all() -> None:
    """Import every command module (each registers its commands on the app)."""
    for name in MODULES:
        importlib.import_module(f"detente.cli.{name}")


def first_paragraph(cmd: Any) -> str:
    """What a group's command table shows for ``cmd`` (typer's rule: the first paragraph)."""
    return inspect.cleandoc(cmd.short_help or cmd.help or "").split("\n\n")[0]


def command_module(cmd: Any) -> str:
    """The ``detente.cli`` module that registers ``cmd`` (a group: its callback's or first command's)."""
    callback = cmd.callback
    subs = getattr(cmd, "commands", None)
    if callback is None and subs:
        return command_module(next(iter(subs.values())))
    return str(callback.__module__).rsplit(".", 1)[-1]


def build_catalog(root: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """The catalog of a fully loaded root group: its commands, and those of its lazy sub-groups."""
    built = root.commands.built  # in registration order (what typer lists when everything is loaded)
    groups = {root.name: root, **{n: c for n, c in built.items() if isinstance(c, LazyGroup)}}
    return {gname: {name: {"module": "app" if isinstance(cmd, LazyGroup) else command_module(cmd),
                           "help": first_paragraph(cmd), "hidden": bool(cmd.hidden)}
                    for name, cmd in group.commands.built.items()}
            for gname, group in groups.items()}


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands: those built so far, and the catalog's, built on first access."""

    def __init__(self, group: str, built: Mapping[str, Any]) -> None:
        self.group = group
        self.built: dict[str, Any] = dict(built)

    def _known(self) -> dict[str, dict[str, Any]]:
        return catalog().get(self.group, {})

    def __iter__(self) -> Iterator[str]:
        if not catalog():  # no catalog shipped: list what every module registers (slower, still right)
            load_all()
            self._refresh()
        known = self._known()
        yield from known
        yield from (n for n in self.built if n not in known)

    def __len__(self) -> int:
        return len(set(self._known()) | set(self.built))

    def __contains__(self, name: object) -> bool:
        return name in self.built or name in self._known()

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            entry = self._known().get(name)
            if entry is None:
                load_all()
            else:
                importlib.import_module(f"detente.cli.{entry['module']}")
            self._refresh()
        return self.built[name]

    def __setitem__(self, name: str, cmd: Any) -> None:
        self.built[name] = cmd

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def _refresh(self) -> None:
        """Build the app's commands as registered now and take this group's new ones."""
        import typer.main

        from detente.cli.app import app

        root: Any = typer.main.get_command(app)
        group = root if root.name == self.group else root.commands.built.get(self.group)
        built: dict[str, Any] = getattr(getattr(group, "commands", None), "built", {})
        for name, cmd in built.items():
            self.built.setdefault(name, cmd)

    def stub(self, name: str) -> Any:
        """A command carrying only the catalog's name and help: enough for a help table."""
        entry = self._known().get(name)
        if entry is None:
            return None
        return TyperCommand(name, help=entry["help"], hidden=entry["hidden"])


class LazyGroup(TyperGroup):
    """A typer group whose help lists commands from the catalog; a command loads when it runs."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.name or "", self.commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: TyperGroup's version reads every command

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        commands: LazyCommands = self.commands  # type: ignore[assignment]
        return commands.built.get(cmd_name) or commands.stub(cmd_name)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from detente.cli.coerce import quicken

        quicken(self, ctx)  # the group's own options (--help) too: otherwise their coercion imports pydantic
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        from detente.cli.coerce import quicken

        if args:
            self.commands.get(args[0])  # the real command, its module imported (None: an unknown name)
        name, cmd, rest = super().resolve_command(ctx, args)
        if cmd is not None:
            quicken(cmd, ctx)  # plain option values converted without importing pydantic (cli/coerce.py)
        return name, cmd, rest
