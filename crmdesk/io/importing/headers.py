"""Header cells of a legacy ledger: their matching key, and the unit an amount header states.

「 客户名称*（必填）」 and 「客户名称(*)」 both match as ``客户名称``: the column mapping
(``mapping``), the other CRMs' layouts (``sources``) and the complaint sheet's detection
(``tickets``) compare headers by this key.
"""

from __future__ import annotations

import re

from crmdesk.core.validation import to_halfwidth

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>|《[^《》]*》")
_NOISE = re.compile(r"[\s*※★☆:：#]")


def normalize_header(text: object) -> str:
    """The matching key of a header: 「 客户名称*（必填）」 → ``"客户名称"``."""
    if text is None:
        return ""
    value = to_halfwidth(str(text)).replace("（", "(").replace("）", ")").replace("「", "").replace("」", "")
    stripped = _NOISE.sub("", _BRACKETED.sub("", value))
    if not stripped:  # the whole header is in brackets: 【备注】
        stripped = _NOISE.sub("", re.sub(r"[()\[\]【】〔〕<>《》]", "", value))
    return stripped.lower()


def header_scale(text: object) -> int:
    """The unit a header states for amounts: 历史订单金额(万元) → 10000, otherwise 1."""
    value = to_halfwidth(str(text or ""))
    if "亿元" in value:
        return 100_000_000
    if "万元" in value or re.search(r"\(万\)|（万）", value):
        return 10_000
    if "千元" in value:
        return 1000
    return 1
