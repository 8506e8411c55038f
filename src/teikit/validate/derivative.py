"""A derivative-based RELAX NG matcher (James Clark's algorithm, as jing uses), for the error pass.

Patterns are interned (one object per distinct pattern) so that derivatives can be
memoised by identity; choices are kept as sets of alternatives.  Only the operations
the error pass needs are here: start tag, attribute, start-tag close, text and end tag
derivatives, and the lenient variants used to recover after an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Name = tuple[str, str]  # (namespace, local name)


class Pat:
    """One interned pattern: ``kind``, its parts ``a`` and ``b``, and whether it is nullable."""

    __slots__ = ("a", "b", "kind", "nullable", "uid")

    def __init__(self, kind: str, a: Any, b: Any, nullable: bool, uid: int) -> None:
        self.kind = kind
        self.a = a
        self.b = b
        self.nullable = nullable
        self.uid = uid


def contains(nc: Any, name: Name) -> bool:
    """True when the name class ``nc`` (a tuple) contains ``name``."""
    kind = nc[0]
    if kind == "name":
        return bool(nc[1] == name)
    if kind == "any":
        return nc[1] is None or not contains(nc[1], name)
    if kind == "ns":
        return bool(nc[1] == name[0]) and (nc[2] is None or not contains(nc[2], name))
    return contains(nc[1], name) or contains(nc[2], name)  # choice


class Patterns:
    """Makes interned patterns (one object per distinct pattern); keeps the memo table."""

    MEMO_LIMIT = 400_000

    def __init__(self) -> None:
        self._interned: dict[Any, Pat] = {}
        self._memo: dict[Any, Pat] = {}
        self.empty = self._make("empty", None, None, True)
        self.notallowed = self._make("notAllowed", None, None, False)
        self.text = self._make("text", None, None, True)
        self.contents: dict[int, Callable[[], Pat]] = {}
        self._resolved: dict[int, Pat] = {}
        self._sensitivity: dict[int, bool] = {}
        self._matching: dict[tuple[int, Name], tuple[Pat, ...]] = {}

    def _make(self, kind: str, a: Any, b: Any, nullable: bool) -> Pat:
        key = (kind, a.uid if isinstance(a, Pat) else a, b.uid if isinstance(b, Pat) else b)
        found = self._interned.get(key)
        if found is None:
            found = self._interned[key] = Pat(kind, a, b, nullable, len(self._interned))
        return found

    # ------------------------------------------------------------------ constructors

    def choice(self, p: Pat, q: Pat) -> Pat:
        """``p | q`` (alternatives kept as a set)."""
        if p is self.notallowed:
            return q
        if q is self.notallowed or p is q:
            return p
        alts = {a.uid: a for a in (p.a if p.kind == "choice" else (p,))}
        alts.update((a.uid, a) for a in (q.a if q.kind == "choice" else (q,)))
        if len(alts) == 1:
            return next(iter(alts.values()))
        ordered = tuple(alts[k] for k in sorted(alts))
        key = ("choice", tuple(a.uid for a in ordered), None)
        found = self._interned.get(key)
        if found is None:
            nullable = any(a.nullable for a in ordered)
            found = self._interned[key] = Pat(
                "choice", ordered, None, nullable, len(self._interned)
            )
        return found

    def group(self, p: Pat, q: Pat) -> Pat:
        """``p , q``."""
        if p is self.notallowed or q is self.notallowed:
            return self.notallowed
        if p is self.empty:
            return q
        if q is self.empty:
            return p
        return self._make("group", p, q, p.nullable and q.nullable)

    def interleave(self, p: Pat, q: Pat) -> Pat:
        """``p & q``."""
        if p is self.notallowed or q is self.notallowed:
            return self.notallowed
        if p is self.empty:
            return q
        if q is self.empty:
            return p
        return self._make("interleave", p, q, p.nullable and q.nullable)

    def after(self, p: Pat, q: Pat) -> Pat:
        """The content ``p`` of an open element, then ``q`` in its parent."""
        if p is self.notallowed or q is self.notallowed:
            return self.notallowed
        return self._make("after", p, q, False)

    def one_or_more(self, p: Pat) -> Pat:
        """``p+``."""
        if p is self.notallowed or p is self.empty:
            return p
        return self._make("oneOrMore", p, None, p.nullable)

    def leaf(self, kind: str, a: Any, b: Any = None, nullable: bool = False) -> Pat:
        """An attribute, element, data, value or list pattern."""
        return self._make(kind, a, b, nullable)

    def content(self, element: Pat) -> Pat:
        """An element pattern's content (built on first use: grammars are recursive)."""
        found = self._resolved.get(element.uid)
        if found is None:
            found = self._resolved[element.uid] = self.contents[element.b]()
        return found

    # ------------------------------------------------------------------ derivatives

    def _memoised(self, key: Any, compute: Callable[[], Pat]) -> Pat:
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > self.MEMO_LIMIT:
                self._memo.clear()  # memory stays bounded; results are recomputed
            found = self._memo[key] = compute()
        return found


class Builder(Patterns):
    """Interned patterns and their (memoised) derivatives."""

    def apply_after(self, op: tuple[str, Pat], p: Pat) -> Pat:
        """Apply ``op`` to the continuation of every ``after`` in ``p``."""
        if p.kind == "after":
            how, other = op
            rest = p.b
            if how == "group":
                rest = self.group(rest, other)
            elif how == "interleave_r":
                rest = self.interleave(rest, other)
            elif how == "interleave_l":
                rest = self.interleave(other, rest)
            else:
                rest = self.after(rest, other)
            return self.after(p.a, rest)
        if p.kind == "choice":
            out = self.notallowed
            for alt in p.a:
                out = self.choice(out, self.apply_after(op, alt))
            return out
        return self.notallowed

    def start(self, p: Pat, name: Name, lenient: bool = False) -> Pat:
        """The derivative of ``p`` by the start tag of an element ``name``.

        ``lenient`` lets required parts before the element be skipped (recovery).
        """
        return self._memoised(("s", p.uid, name, lenient), lambda: self._start(p, name, lenient))

    def _start(self, p: Pat, name: Name, lenient: bool) -> Pat:
        kind = p.kind
        if kind == "choice":
            out = self.notallowed
            for alt in p.a:
                out = self.choice(out, self.start(alt, name, lenient))
            return out
        if kind == "element":
            return (
                self.after(self.content(p), self.empty) if contains(p.a, name) else self.notallowed
            )
        if kind == "interleave":
            left = self.apply_after(("interleave_r", p.b), self.start(p.a, name, lenient))
            right = self.apply_after(("interleave_l", p.a), self.start(p.b, name, lenient))
            return self.choice(left, right)
        if kind == "oneOrMore":
            again = self.choice(p, self.empty)
            return self.apply_after(("group", again), self.start(p.a, name, lenient))
        if kind == "group":
            x = self.apply_after(("group", p.b), self.start(p.a, name, lenient))
            return self.choice(x, self.start(p.b, name, lenient)) if p.a.nullable or lenient else x
        if kind == "after":
            return self.apply_after(("after", p.b), self.start(p.a, name, lenient))
        return self.notallowed

    def attribute(
        self, p: Pat, name: Name, value: str | None, check: Callable[[Pat, str], bool]
    ) -> Pat:
        """The derivative of ``p`` by an attribute (any value matches when ``value`` is None).

        The value matters only through the attribute patterns of that name: the
        derivative is memoised by which of them accept it, not by the value.
        """
        matching = self._matching.get((p.uid, name))
        if matching is None:
            matching = tuple(a for a in self.first(p, elements=False) if contains(a.a, name))
            self._matching[(p.uid, name)] = matching
        accepted = frozenset(a.uid for a in matching if value is None or check(a.b, value))
        if not accepted:
            return self.notallowed
        return self._memoised(("a", p.uid, accepted), lambda: self._attribute(p, accepted))

    def _attribute(self, p: Pat, accepted: frozenset[int]) -> Pat:
        kind = p.kind
        if kind == "attribute":
            return self.empty if p.uid in accepted else self.notallowed
        if kind not in ("after", "choice", "group", "interleave", "oneOrMore"):
            return self.notallowed
        return self._memoised(("a", p.uid, accepted), lambda: self._attr_step(p, accepted))

    def _attr_step(self, p: Pat, accepted: frozenset[int]) -> Pat:
        kind = p.kind
        if kind == "after":
            return self.after(self._attribute(p.a, accepted), p.b)
        if kind == "choice":
            out = self.notallowed
            for alt in p.a:
                out = self.choice(out, self._attribute(alt, accepted))
            return out
        if kind == "oneOrMore":
            return self.group(self._attribute(p.a, accepted), self.choice(p, self.empty))
        make = self.group if kind == "group" else self.interleave
        return self.choice(
            make(self._attribute(p.a, accepted), p.b),
            make(p.a, self._attribute(p.b, accepted)),
        )

    def close(self, p: Pat, lenient: bool = False) -> Pat:
        """The derivative by the end of a start tag (``lenient``: missing attributes pass)."""
        return self._memoised(("c", p.uid, lenient), lambda: self._close(p, lenient))

    def _close(self, p: Pat, lenient: bool) -> Pat:
        kind = p.kind
        if kind == "after":
            return self.after(self.close(p.a, lenient), p.b)
        if kind == "choice":
            out = self.notallowed
            for alt in p.a:
                out = self.choice(out, self.close(alt, lenient))
            return out
        if kind == "group":
            return self.group(self.close(p.a, lenient), self.close(p.b, lenient))
        if kind == "interleave":
            return self.interleave(self.close(p.a, lenient), self.close(p.b, lenient))
        if kind == "oneOrMore":
            return self.one_or_more(self.close(p.a, lenient))
        if kind == "attribute":
            return self.empty if lenient else self.notallowed
        return p

    def text_deriv(self, p: Pat, text: str, check: Callable[[Pat, str], bool]) -> Pat:
        """The derivative of ``p`` by a text node."""
        sensitive = self._sensitive(p)
        key = ("t", p.uid, (text if len(text) < 200 else hash(text)) if sensitive else None)
        return self._memoised(key, lambda: self._text(p, text, check))

    def _sensitive(self, p: Pat) -> bool:
        """True when ``p``'s text derivative depends on the text (a data, value or list)."""
        found = self._sensitivity.get(p.uid)
        if found is None:
            self._sensitivity[p.uid] = False  # recursion goes through elements only
            kind = p.kind
            if kind in ("data", "value", "list"):
                found = True
            elif kind == "choice":
                found = any(self._sensitive(a) for a in p.a)
            elif kind == "interleave":
                found = self._sensitive(p.a) or self._sensitive(p.b)
            elif kind == "group":
                found = self._sensitive(p.a) or (p.a.nullable and self._sensitive(p.b))
            elif kind in ("after", "oneOrMore"):
                found = self._sensitive(p.a)
            else:
                found = False
            self._sensitivity[p.uid] = found
        return found

    def _text(self, p: Pat, text: str, check: Callable[[Pat, str], bool]) -> Pat:
        kind = p.kind
        if kind == "choice":
            out = self.notallowed
            for alt in p.a:
                out = self.choice(out, self.text_deriv(alt, text, check))
            return out
        if kind == "interleave":
            return self.choice(
                self.interleave(self.text_deriv(p.a, text, check), p.b),
                self.interleave(p.a, self.text_deriv(p.b, text, check)),
            )
        if kind == "group":
            x = self.group(self.text_deriv(p.a, text, check), p.b)
            return self.choice(x, self.text_deriv(p.b, text, check)) if p.a.nullable else x
        if kind == "after":
            return self.after(self.text_deriv(p.a, text, check), p.b)
        if kind == "oneOrMore":
            return self.group(self.text_deriv(p.a, text, check), self.choice(p, self.empty))
        if kind == "text":
            return p
        if kind in ("data", "value", "list"):
            return self.empty if check(p, text) else self.notallowed
        return self.notallowed

    def end(self, p: Pat, lenient: bool = False) -> Pat:
        """The derivative by an end tag (``lenient``: an incomplete content passes)."""
        if p.kind == "choice":
            out = self.notallowed
            for alt in p.a:
                out = self.choice(out, self.end(alt, lenient))
            return out
        if p.kind == "after" and (lenient or p.a.nullable):
            rest: Pat = p.b
            return rest
        return self.notallowed

    # ------------------------------------------------------------------ what is expected

    def first(self, p: Pat, elements: bool = True) -> list[Pat]:
        """The element (or attribute) patterns that can come next in ``p``'s open element."""
        out: dict[int, Pat] = {}
        stack = [p]
        seen: set[int] = set()
        want = "element" if elements else "attribute"
        while stack:
            cur = stack.pop()
            if cur.uid in seen:
                continue
            seen.add(cur.uid)
            if cur.kind == want:
                out[cur.uid] = cur
            elif cur.kind == "choice":
                stack.extend(cur.a)
            elif cur.kind in ("interleave", "oneOrMore", "after"):
                stack.append(cur.a)
                if cur.kind == "interleave":
                    stack.append(cur.b)
            elif cur.kind == "group":
                stack.append(cur.a)
                if cur.a.nullable or not elements:
                    stack.append(cur.b)
        return list(out.values())
