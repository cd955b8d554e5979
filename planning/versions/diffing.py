"""Word-level differences of text and cell-by-cell differences of figures, for comparing versions.

Chinese has no spaces between words, so each CJK character counts as a word; runs of Latin
letters, digits and punctuation count as words as they are.
"""

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9_.,%¥$'’-]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed"
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[Piece]:
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece("removed", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece("added", "".join(b[j1:j2])))
    return _merge(pieces)


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].kind == piece.kind:
            merged[-1] = Piece(piece.kind, merged[-1].text + piece.text)
        elif piece.text:
            merged.append(piece)
    return merged


@dataclass(frozen=True)
class CellChange:
    row: str
    column: str
    old: Decimal | None
    new: Decimal | None

    @property
    def delta(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.old or Decimal(0))


def cell_diff(old: dict, new: dict) -> list[CellChange]:
    """Cells whose value differs; a cell missing on one side counts as zero there."""
    changes = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if (before or Decimal(0)) != (after or Decimal(0)):
            changes.append(CellChange(key[0], key[1], before, after))
    return changes
