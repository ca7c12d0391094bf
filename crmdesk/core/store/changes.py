"""Change-sets: what a mutating service changed, so each view refreshes only what concerns it."""

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

    def __or__(self, other: "Changes") -> "Changes":
        merged = Changes(customer_ids=self.customer_ids | other.customer_ids)
        for f in fields(self):
            if f.name != "customer_ids":
                setattr(merged, f.name, getattr(self, f.name) or getattr(other, f.name))
        return merged

    def __bool__(self) -> bool:
        """Whether anything changed at all (an empty change-set is not broadcast)."""
        return any(getattr(self, f.name) for f in fields(self))

    def touches(self, *kinds: str) -> bool:
        """Whether any of the named kinds (or everything) changed."""
        return self.everything or any(getattr(self, kind) for kind in kinds)


ALL = Changes(everything=True)
