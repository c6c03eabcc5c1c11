"""Bounded, safe reading of the YAML a user gives (``-p`` values, parameter and grid files).

:func:`load` reads YAML as PyYAML's ``safe_load`` does, within limits on the text's size and on
the value's size once aliases are expanded (counted on the node graph: no "billion laughs"),
and refuses recursive aliases and duplicate keys with one :class:`UnsafeYamlError`.
"""

from __future__ import annotations

import reprlib
from typing import Any

import yaml

__all__ = ["UnsafeYamlError", "YamlSyntaxError", "load", "short_repr", "MAX_TEXT_BYTES", "MAX_NODES"]

#: Largest YAML text accepted (a -p value or a parameter or grid file).
MAX_TEXT_BYTES = 256 * 1024
#: Largest number of nodes (scalars, lists, mappings) once every alias is expanded.
MAX_NODES = 10_000


class _OrderedRepr(reprlib.Repr):
    """``reprlib.Repr`` that keeps a mapping's keys in their order."""

    def repr_dict(self, x, level):
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        items = [f"{self.repr1(k, level - 1)}: {self.repr1(v, level - 1)}" for k, v in list(x.items())[: self.maxdict]]
        return "{" + ", ".join(items) + (", ..." if len(x) > self.maxdict else "") + "}"


_REPR = _OrderedRepr()
_REPR.maxstring = _REPR.maxother = 120
_REPR.maxlist = _REPR.maxdict = _REPR.maxtuple = _REPR.maxset = 10
_REPR.maxlevel = 3
_MAX_REPR = 300


def short_repr(value: Any) -> str:
    """``repr(value)`` cut to a bounded length (at most 300 characters), for error messages.

    >>> short_repr(list(range(100)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...]'
    """
    text = _REPR.repr(value)
    return text if len(text) <= _MAX_REPR else text[: _MAX_REPR - 3] + "..."


class UnsafeYamlError(ValueError):
    """YAML that is malformed, too large, recursive or has duplicate keys."""


class YamlSyntaxError(UnsafeYamlError):
    """Text that is not YAML at all (as opposed to YAML refused for its size or keys)."""


class _StrictLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:  # an unhashable key: a list or a mapping
                raise UnsafeYamlError(
                    f"line {key_node.start_mark.line + 1}: the key {short_repr(key)} is a list or a mapping; "
                    "a key is text or a number") from None
            if first is not key_node:
                lines = sorted({first.start_mark.line + 1, key_node.start_mark.line + 1})
                where = f"lines {lines[0]} and {lines[1]}" if len(lines) == 2 else f"both on line {lines[0]}"
                raise UnsafeYamlError(f"the key {short_repr(key)} is given twice ({where}); give each key once")
        return super().construct_mapping(node, deep=deep)


def _expanded_size(node: yaml.Node, limit: int) -> int:
    """Nodes in the value once aliases are expanded; stops past ``limit``; refuses cycles."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(current: yaml.Node) -> int:
        key = id(current)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise UnsafeYamlError("a recursive alias (a value that contains itself)")
        active.add(key)
        total = 1
        children = current.value if isinstance(current, yaml.CollectionNode) else []
        if isinstance(current, yaml.MappingNode):  # (key, value) pairs
            children = [n for pair in children for n in pair]
        for child in children:
            total += size(child)
            if total > limit:
                break
        active.discard(key)
        sizes[key] = total
        return total

    return size(node)


def load(text: str | bytes, *, source: str = "YAML", max_bytes: int = MAX_TEXT_BYTES, max_nodes: int = MAX_NODES) -> Any:
    """Read one YAML document safely, within limits."""
    raw = text.encode("utf-8", "replace") if isinstance(text, str) else text
    if len(raw) > max_bytes:
        raise UnsafeYamlError(f"{source}: {len(raw):,} bytes of YAML, more than the {max_bytes:,} allowed")
    loader = _StrictLoader(raw)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        nodes = _expanded_size(node, max_nodes)
        if nodes > max_nodes:
            raise UnsafeYamlError(f"more than {max_nodes:,} values once its aliases are expanded")
        return loader.construct_document(node)
    except UnsafeYamlError as error:
        raise UnsafeYamlError(f"{source}: {error}") from None
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        reason = reason if len(reason) <= 240 else reason[:240] + "..."
        raise YamlSyntaxError(f"{source}: not valid YAML ({reason})") from None
    except RecursionError:
        raise UnsafeYamlError(f"{source}: YAML nested too deeply") from None
    finally:
        loader.dispose()
