"""YAML from users, without aliases: front matter and scenarios never need them, and a few
hundred bytes of nested aliases (a "billion laughs") expand to gigabytes once anything walks
the structure. One loader, so every reader of user YAML refuses them the same way."""

from __future__ import annotations

from typing import Any

import yaml


class NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader that stops at the first alias (``*name``) with a YAML error."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 (PyYAML's signature)
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` without aliases; raises ``yaml.YAMLError`` (RecursionError for absurd nesting)."""
    return yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 (a SafeLoader subclass)
