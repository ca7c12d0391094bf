"""Column-wise cleaning of a block of rows, memoised by cell value (docs/spec.md §9 speed).

A legacy ledger repeats itself: 客户类型, 重要等级, 行业, 地区, dates and amounts take a few
hundred distinct values over 100,000 rows, and the same raw value always cleans the same
way. So a block of rows is transposed into columns, each column's *distinct* values are
converted once, and the column is mapped through that table — instead of one converter
call (with its ``try``) per cell. Columns whose values hardly repeat (mobiles, e-mails,
company names) stop memoising after their second block: a table of 100,000 one-off
entries would cost memory and buy nothing.

The outcome of a cell is the cleaned value, ``None`` for an empty cell or a placeholder
such as 无 or ``-`` (``cells.EMPTY_MARKS``: the field is left out of the row's values), or a :class:`Refusal` (the converter's :class:`FieldError`).
This module knows nothing of rows; ``base.KindImporter.clean_rows`` assembles
the outcomes into :class:`RowResult` objects exactly as the per-row ``clean`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crmdesk.core.validation import FieldError
from crmdesk.io.importing import cells
from crmdesk.io.importing.cells import AmbiguousDate, Converter

# a column stops memoising when, after its first block, fewer than MIN_REPEATS of a block's
# distinct values were met before: 18,000 distinct dates over 100,000 rows still pay off
# (a quarter of the second block's dates are repeats, more later), mobiles never do
MIN_REPEATS = 0.1
_NUMBERS = frozenset((int, float, bool))


class Refusal:
    """A refused cell: the reason shown in the preview and whether it was an ambiguous date."""

    __slots__ = ("ambiguous", "reason")

    def __init__(self, reason: str, ambiguous: bool) -> None:
        self.reason = reason
        self.ambiguous = ambiguous


def outcome_function(key: str, label: str, convert: Converter | None, limit: int) -> Callable[[object], object]:
    """The outcome of one cell of a field, as ``KindImporter.clean`` would decide it.

    ``convert`` is ``None`` for plain text (trimmed, refused when longer than ``limit``).
    """
    empty = cells.EMPTY_MARKS

    if convert is None:
        def text_outcome(value: object) -> object:
            if value == "" or value is None or (type(value) is str and value.strip() in empty):
                return None
            text = value.strip() if type(value) is str else cells.plain(value)
            if not text:
                return None
            if limit and len(text) > limit:
                return Refusal(f"{label}：{cells.too_long(key, limit, text).reason}", False)
            return text

        return text_outcome

    def converted_outcome(value: object) -> object:
        if value == "" or value is None or (type(value) is str and value.strip() in empty):
            return None
        try:
            out = convert(value)
        except AmbiguousDate as exc:
            return Refusal(f"{label}：{exc.reason}", True)
        except FieldError as exc:
            return Refusal(f"{label}：{exc.reason}", False)
        return None if out == "" else out

    return converted_outcome


class MemoColumn:
    """One mapped column: its field, its outcome function and the memo of distinct values."""

    __slots__ = ("blocks", "column", "key", "memo", "number", "outcome", "refused", "refusing", "typed")

    def __init__(self, column: int, key: str, outcome: Callable[[object], object]) -> None:
        self.column = column
        self.key = key
        self.outcome = outcome
        self.memo: dict[object, object] | None = {}
        self.number: type | None = None  # the one numeric type keyed by value so far (see outcomes)
        self.typed = False  # numbers keyed as (type, value)
        self.blocks = 0  # blocks cleaned so far
        self.refused = False  # whether the last block had a refused cell
        self.refusing: set[object] = set()  # the memo's keys whose outcome is a refusal

    def outcomes(self, values: Sequence[object]) -> list[object]:
        """The outcome of every cell of ``values`` (one block of this column)."""
        memo = self.memo
        outcome = self.outcome
        if memo is None:
            out = list(map(outcome, values))
            self.refused = Refusal in set(map(type, out))
            return out
        keys: Sequence[object] = values
        if not self.typed:
            numbers = set(map(type, values)) & _NUMBERS
            if self.number is not None:
                numbers.add(self.number)
            if len(numbers) > 1:
                # 1, 1.0 and True are equal keys but clean differently ("1" vs "是"): from now on
                # numbers are keyed with their type (earlier plain keys are simply not found again)
                self.typed = True
            elif numbers:
                self.number = numbers.pop()
        if self.typed:
            keys = [(type(v), v) if type(v) in _NUMBERS else v for v in values]
        distinct = set(keys)
        new = distinct.difference(memo)
        for key in new:
            memo[key] = result = outcome(key[1] if type(key) is tuple else key)
            if type(result) is Refusal:
                self.refusing.add(key)
        out = list(map(memo.__getitem__, keys))
        self.refused = not self.refusing.isdisjoint(distinct)
        self.blocks += 1
        if self.blocks > 1 and len(distinct) - len(new) < MIN_REPEATS * len(distinct):
            self.memo = None  # one-off values (mobiles, e-mails, names): memoising only costs memory
        return out
