"""Masking of personal data in exported files (个人信息保护法, docs/spec.md §2).

Fast enough to run once per exported row: the common case (an 11-digit mobile, a plain
e-mail) is handled with string slicing; anything unusual falls back to the core rules
(:func:`crmdesk.core.validation.mask_mobile`).
"""

from __future__ import annotations

from crmdesk.core.validation import mask_mobile

_ADMIN_END = "区县旗"
_CITY_END = "市州盟"


def mask_mobile_fast(value: str | None) -> str | None:
    """``"13812345678"`` → ``"138****5678"``; same result as ``mask_mobile`` for any input."""
    if not value:
        return value
    if len(value) == 11 and value.isascii() and value.isdigit():
        return value[:3] + "****" + value[7:]
    return mask_mobile(value)


def mask_email(value: str | None) -> str | None:
    """``"zhang@hx.cn"`` → ``"z***@hx.cn"``; text without a user name → ``"***"``."""
    if not value:
        return value
    at = value.find("@")
    if at <= 0:
        return "***"
    return value[0] + "***" + value[at:]


def mask_address(value: str | None) -> str | None:
    """Keep the province/city/district and hide the street: ``"浙江省杭州市西湖区****"``."""
    if not value:
        return value
    head = value[:14]
    cut = max(head.rfind(ch) for ch in _ADMIN_END)
    if cut < 2:
        cut = max(head.rfind(ch) for ch in _CITY_END)
    if cut < 1:
        cut = min(len(value), 3) - 1
    return value[: cut + 1] + "****"


def mask_secret(value: str | None) -> str | None:
    """Hide a value completely (birthdays, confidential notes)."""
    return "****" if value else value


# Change-log fields (keys or Chinese labels) that hold personal data, and how to mask them.
_CHANGE_FIELDS = (
    (("mobile", "手机"), mask_mobile_fast),
    (("phone", "电话"), mask_mobile_fast),
    (("email", "邮箱"), mask_email),
    (("address", "地址"), mask_address),
    (("birthday", "生日", "confidential_notes", "机密备注", "wechat", "微信"), mask_secret),
)


def mask_change_value(field: str | None, value: str | None) -> str | None:
    """Mask a change-log value when its field holds personal data (``联系人张伟·联系人手机``)."""
    if not value or not field:
        return value
    for needles, masker in _CHANGE_FIELDS:
        if any(needle in field for needle in needles):
            return masker(value)
    return value
