"""Change-sets: what a mutating service changed, so each view refreshes only what concerns it.

A service returns a ``Changes``; the operation that ran it (``crmdesk.ui.operations``) stamps
``initiator`` (the widget that asked for the change) on the copy it broadcasts, so the view that
made a change can tell its own change from anyone else's instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass
class Changes:
    """Flags of the kinds of data a change touched (plus the customer ids, when known)."""

    customers: bool = False
    contacts: bool = False
    tickets: bool = False
    followups: bool = False
    interactions: bool = False
    surveys: bool = False
    equipment: bool = False
    attachments: bool = False
    staff: bool = False
    settings: bool = False
    everything: bool = False
    customer_ids: set[int] = field(default_factory=set)
    # Who asked for the change (set by the operation that broadcasts it; None from the core).
    initiator: object = field(default=None, compare=False, repr=False)

    def _flags(self) -> list[str]:
        return [f.name for f in fields(self) if f.name not in ("customer_ids", "initiator")]

    def __or__(self, other: Changes) -> Changes:
        merged = Changes(customer_ids=self.customer_ids | other.customer_ids,
                         initiator=self.initiator if self.initiator is not None else other.initiator)
        for name in self._flags():
            setattr(merged, name, getattr(self, name) or getattr(other, name))
        return merged

    def __bool__(self) -> bool:
        """Whether anything changed at all (an empty change-set is not broadcast)."""
        return bool(self.customer_ids) or any(getattr(self, name) for name in self._flags())

    def touches(self, *kinds: str) -> bool:
        """Whether any of the named kinds (or everything) changed."""
        return self.everything or any(getattr(self, kind) for kind in kinds)


ALL = Changes(everything=True)
