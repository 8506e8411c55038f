"""Pass 4, sections: the body parted into the original text and the translation.

The languages come from the metadata (``Original Language``, the ``Contents``
field's "English translation"), else from the profile, else from the text.
Where both languages are present, the boundary is where the language evidence
of the blocks changes most; where that leaves it open by a block or two (a
signature, a date), the structure decides: the translation starts where the
document starts again (a second classification line, a second addressee).
"""

from __future__ import annotations

import re

from .. import languages
from .match import match_block, match_line
from .state import PendingSection, ReadState
from .syntax import Block, split_lines


def run(state: ReadState) -> None:
    """Add the body's sections to the stream (nothing for an empty body)."""
    if not state.blocks:
        return
    declared = state.profile.metadata.get("original_language")
    if state.original_lang == "und" and declared:
        state.original_lang = str(declared)
    elif state.meta_end == 0 and languages.evidence(state.text, "ru", "en") > 0:
        state.original_lang = "ru"
    elif state.original_lang == "und":  # the metadata does not say: identify it
        texts = [state.text[b.start : b.end] for b in state.blocks]
        found = languages.identify(texts, besides=state.translation_lang)
        state.original_lang = found or ("en" if state.meta_end == 0 else "und")
    for kind, lang, blocks in _sections(state, state.blocks, state.contents):
        state.stream.append(PendingSection(kind, lang, blocks))


def _sections(
    state: ReadState, blocks: list[Block], contents: tuple[str, ...] | None
) -> list[tuple[str, str, list[Block]]]:
    """Split the body blocks into the original text and the translation."""
    has_original = has_translation = None
    if contents is not None:
        has_original = any(
            re.search(r"original|transcript", c, re.I)
            and not re.search(r"translation", c, re.I)
            for c in contents
        )
        has_translation = any(re.search(r"translation", c, re.I) for c in contents)
        for item in contents:
            m = re.search(r"translation\s*[-–:]\s*(\w+)|(\w+)\s+translation", item, re.I)
            if m:
                code = languages.code_for(m.group(1) or m.group(2))
                if code:
                    state.translation_lang = code
    orig, trans = state.original_lang, state.translation_lang
    if orig in ("und", trans):
        kind = "original" if orig == trans else "translation"
        if contents is not None and has_original and not has_translation:
            kind = "original"
        return [(kind, trans if orig == "und" else orig, blocks)]
    if has_original is False or has_translation is False:
        kind = "translation" if has_translation else "original"
        return [(kind, trans if kind == "translation" else orig, blocks)]
    text = state.text
    scores = [languages.evidence(text[b.start : b.end], orig, trans) for b in blocks]
    values: list[float] = []
    total_trans = -sum(scores)
    running = 0.0
    for k in range(len(blocks) + 1):
        values.append(running + total_trans)
        if k < len(blocks):
            running += scores[k]
            total_trans += scores[k]
    best = max(values)
    best_k = values.index(best)
    restarts = [
        k
        for k in range(1, len(blocks))
        if values[k] >= best - 1.0 and abs(k - best_k) <= 2 and _restarts(state, blocks[k])
    ]
    if restarts:
        best_k = min(restarts, key=lambda k: abs(k - best_k))
    tails = [r for r in state.profile.blocks if "tail" in r.zone]
    while (  # a source line at the end of the original belongs to it
        0 < best_k < len(blocks)
        and values[best_k + 1] >= best - 1.0
        and any(match_block(state, r, blocks[best_k]) for r in tails)
    ):
        best_k += 1
    out: list[tuple[str, str, list[Block]]] = []
    if best_k > 0:
        out.append(("original", orig, blocks[:best_k]))
    if best_k < len(blocks):
        out.append(("translation", trans, blocks[best_k:]))
    return out


def _restarts(state: ReadState, block: Block) -> bool:
    """Does the block begin as a document begins (its first line a section-start rule)?"""
    starts = set(state.profile.metadata.get("section_starts", []))
    lines = split_lines(state.text, block.nodes)
    if not starts or not lines or not lines[0]:
        return False
    found = match_line(state, "opener", lines[0])
    return found is not None and found.rule.name in starts
