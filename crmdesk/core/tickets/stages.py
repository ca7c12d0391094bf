"""The stages of a ticket (接收 → 分级 → 分派 → 处理 → 反馈 → 回访 → 归档) and the moves between them.

Constants only, so every module of the domain may read them: the SLA (which counts only open
tickets), the records, the workflow that checks the moves (``core.tickets.service``) and the board.
"""

from __future__ import annotations

STAGES = ("received", "classified", "dispatched", "in_progress", "resolved", "callback", "archived")
OPEN_STAGES = ("received", "classified", "dispatched", "in_progress")
RESOLVED_STAGES = ("resolved", "callback", "archived")
FORWARD: dict[str, tuple[str, ...]] = {
    "received": ("classified", "dispatched", "resolved"),
    "classified": ("dispatched", "resolved"),
    "dispatched": ("in_progress", "resolved"),
    "in_progress": ("resolved",),
    "resolved": ("callback", "archived"),
    "callback": ("archived",),
    "archived": (),
}
REOPENABLE = ("resolved", "callback")
REDISPATCHABLE = ("dispatched", "in_progress")
