"""Cell converters of the importer: one legacy cell → one clean value, or a :class:`FieldError`.

The rules are those of ``core.validation`` (docs/spec.md §2, §6): dates as date cells, Excel serials,
``2024/1/5``, ``2024-01-05``, ``2024.1.5``, ``2024年1月5日`` (a date readable two ways is
refused naming both readings, unless the user said the file writes day first); amounts as
``12.5万``, ``125,000``, ``125000元``; Chinese mobiles in any common writing, landlines with
their area code. A ledger repeats the same dates and amounts thousands of times, and a
100,000-row import must stay within docs/spec.md §9's budget, so converters cache by cell value
and the common clean forms take a fast path that gives exactly the validator's result.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal

from crmdesk.core.safety import secrets
from crmdesk.core.validation import (
    FieldError,
    ambiguous_date_options,
    amount_to_fen,
    normalize_company_name,
    normalize_mobile,
    normalize_phone,
    parse_amount,
    parse_date_detailed,
    parse_datetime,
    validate_email,
)
from crmdesk.io.importing import fast

Converter = Callable[[object], object]

#: cells that stand for "nothing here" in ledgers and other CRMs' exports (CordysCRM's 客户类型 无,
#: 悟空CRM's empty cells written as -): read as empty, never as a value to refuse
EMPTY_MARKS = frozenset({"无", "暂无", "没有", "-", "--", "—", "——", "/", "N/A", "n/a", "NULL", "null"})


class AmbiguousDate(FieldError):
    """A date such as 03/05/2024 that reads as 3 May or 5 March: never guessed."""


# --------------------------------------------------------------------------- text

_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def halfwidth(text: str) -> str:
    """``core.validation.to_halfwidth`` through one ``str.translate`` (much faster per cell)."""
    return text.translate(_HALF)


def plain(value: object) -> str:
    """A cell as trimmed text: integral numbers without ``.0``, dates as ISO text."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def text(field: str, max_length: int | None = None) -> Converter:
    """Free text, trimmed; longer than ``max_length`` is refused (never cut silently)."""

    def convert(value: object) -> str:
        out = plain(value)
        if max_length is not None and len(out) > max_length:
            raise too_long(field, max_length, out)
        return out

    convert.text_limit = max_length or 0  # type: ignore[attr-defined]  # the cleaning loop inlines plain text
    return convert


def too_long(field: str, max_length: int, text: str) -> FieldError:
    """The refusal of a text longer than its field."""
    return FieldError(field, f"不能超过{max_length}个字（现有{len(text)}个）")


_SPACE = re.compile(r"\s")


def code(field: str, max_length: int = 20) -> Converter:
    """An identifier (客户编号, 工单编号): no spaces, upper case, half width."""

    def convert(value: object) -> str:
        out = halfwidth(plain(value)).upper()
        if _SPACE.search(out):
            raise FieldError(field, "编号不能含空格")
        if len(out) > max_length:
            raise FieldError(field, f"编号不能超过{max_length}个字符")
        return out

    return convert


# --------------------------------------------------------------------------- company names


def _punctuation_class() -> re.Pattern[str]:
    """Every whitespace or punctuation (P*) character of the BMP, as one regex character class."""
    ranges: list[list[int]] = []
    for cp in range(0x10000):
        ch = chr(cp)
        if ch.isspace() or unicodedata.category(ch).startswith("P"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}]+")


_PUNCTUATION = _punctuation_class()
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_COMPANY_WORDS = ("股份有限公司", "有限责任公司", "有限公司", "股份")


def company_key(name: str) -> str:
    """Exactly ``core.validation.normalize_company_name`` (the duplicate key of docs/spec.md §2), faster:
    regular expressions instead of a Python loop over the characters."""
    if _ASTRAL.search(name):
        return normalize_company_name(name)
    if _FULL_WIDTH.search(name):
        name = name.translate(_HALF)
    out = _PUNCTUATION.sub("", name.lower())
    for word in _COMPANY_WORDS:
        if word in out:
            out = out.replace(word, "")
    return out


def index_key(mobile: str) -> str:
    """``contact.mobile_key`` of a normalised mobile (``core.safety.secrets.index_keys``, fast when unencrypted)."""
    cipher = secrets.current()
    if not cipher.encrypted and len(mobile) == 11 and mobile.isdigit():
        return mobile
    return cipher.index_keys(mobile)[0]


def index_keys(mobile: str) -> tuple[str, str]:
    """``(mobile_key, mobile_tail)`` of a normalised number, as ``core.safety.secrets.index_keys`` gives them."""
    if not mobile:
        return "", ""
    cipher = secrets.current()
    if not cipher.encrypted and len(mobile) == 11 and mobile.isdigit():
        return mobile, mobile[-4:]
    return cipher.index_keys(mobile)


# --------------------------------------------------------------------------- phones and e-mail

_SEPARATORS = re.compile(r"[\s\-.()\u2010-\u2015\u2212]")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def _fast_mobile(value: object) -> str | None:
    """The 11 digits when the cell is an obvious mobile (the validator would return the same)."""
    if type(value) is str and len(value) == 11 and value.isascii() and value.isdigit() and _MOBILE.fullmatch(value):
        return value
    if type(value) is float and value.is_integer():
        value = str(int(value))
    elif type(value) is int:
        value = str(value)
        if len(value) == 11 and _MOBILE.fullmatch(value):  # a number cell: nothing to strip
            return value
    elif type(value) is not str:
        return None
    digits = _SEPARATORS.sub("", value.translate(_HALF))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if len(digits) == 11 and _MOBILE.fullmatch(digits) else None


def mobile(field: str) -> Converter:
    """A mobile (11 digits); a landline written in the mobile column comes back as ``0AA-NNNN``."""

    def convert(value: object) -> str:
        fast = _fast_mobile(value)
        if fast is not None:
            return fast
        try:
            return normalize_mobile(value, field)
        except FieldError as mobile_error:
            try:
                number = normalize_phone(value, field)
            except FieldError:
                raise mobile_error from None
            return number

    return convert


def phone(field: str) -> Converter:
    """A landline with area code or a mobile."""

    def convert(value: object) -> str:
        fast = _fast_mobile(value)
        return fast if fast is not None else normalize_phone(value, field)

    return convert


_EMAIL = re.compile(r"[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+"
                    r"[a-z](?:[a-z0-9\-]{0,61}[a-z0-9])?")


def email(field: str) -> Converter:
    """An e-mail address (plain ASCII addresses skip the IDN machinery)."""

    def convert(value: object) -> str:
        if type(value) is str:
            candidate = value.strip()
            if len(candidate) <= 254 and _EMAIL.fullmatch(candidate) and len(candidate.split("@")[0]) <= 64:
                return candidate
        return validate_email(value, field)

    return convert


# --------------------------------------------------------------------------- dates and amounts


def _cached(convert: Converter) -> Converter:
    """Memoise a converter by cell value (errors too): ledgers repeat dates and amounts."""
    cache: dict[object, tuple[bool, object]] = {}

    def wrapper(value: object) -> object:
        key = value if type(value) is str else (type(value), value)  # 1 and 1.0 and True differ
        hit = cache.get(key)
        if hit is None:
            try:
                hit = (True, convert(value))
            except FieldError as exc:
                hit = (False, exc)
            if len(cache) < 200_000:
                cache[key] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]  # type: ignore[misc]  # the cached refusal

    return wrapper


def _ambiguous(field: str, value: object) -> AmbiguousDate:
    first, second = ambiguous_date_options(value)
    return AmbiguousDate(field, f"日期“{plain(value)}”有两种读法：{first:%Y-%m-%d}（月/日/年）或 "
                                f"{second:%Y-%m-%d}（日/月/年），请改写成 {first:%Y-%m-%d} 这样的形式，"
                                f"或在导入时选择“日/月/年”")


def date(field: str, *, dayfirst: bool = False, not_after_today: bool = False) -> Converter:
    """A calendar date."""

    def convert(value: object) -> dt.date:
        day: dt.date | None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif isinstance(value, (dt.time, dt.timedelta)):
            raise FieldError(field, f"“{value}”是时间而不是日期")
        else:
            quick = fast.date(value)
            if quick is not None:
                day = quick
            else:
                day, ambiguous = parse_date_detailed(value, field)
                if ambiguous:
                    if not dayfirst:
                        raise _ambiguous(field, value)
                    day = ambiguous_date_options(value)[1]
        if day is None:
            raise FieldError(field, "不是有效的日期")
        if not_after_today and day > dt.date.today():
            raise FieldError(field, f"{day:%Y-%m-%d} 晚于今天")
        return day

    return _cached(convert)


def moment(field: str, *, dayfirst: bool = False, not_after_now: bool = False) -> Converter:
    """A date with an optional time (a bare date is midnight)."""

    def convert(value: object) -> dt.datetime:
        if isinstance(value, dt.datetime):
            out = value.replace(tzinfo=None, microsecond=0)
        elif isinstance(value, dt.date):
            out = dt.datetime.combine(value, dt.time())
        elif isinstance(value, (dt.time, dt.timedelta)):
            raise FieldError(field, f"“{value}”只有时间，缺少日期")
        else:
            _day, ambiguous = parse_date_detailed(value, field)
            if ambiguous and not dayfirst:
                raise _ambiguous(field, value)
            parsed = parse_datetime(value, field, dayfirst_ok=dayfirst)
            if parsed is None:
                raise FieldError(field, "不是有效的时间")
            out = parsed.replace(microsecond=0)
        if not_after_now and out > dt.datetime.now() + dt.timedelta(minutes=5):
            raise FieldError(field, f"{out:%Y-%m-%d %H:%M} 晚于现在")
        return out

    return _cached(convert)


_UNIT_CHARS = re.compile(r"[万亿千元圆块¥￥]|RMB|CNY", re.IGNORECASE)


def amount_fen(field: str, scale: int = 1) -> Converter:
    """A non-negative amount in 元 → integer 分; ``scale`` is the header's unit (万元 → 10000)."""

    def convert(value: object) -> int:
        amount = fast.amount(value)
        if amount is None:
            amount = parse_amount(value, field)
        if amount is None:
            raise FieldError(field, "不是有效的金额")
        if scale != 1 and not (isinstance(value, str) and _UNIT_CHARS.search(value)):
            amount = amount * Decimal(scale)
        return amount_to_fen(amount)

    return _cached(convert)


# --------------------------------------------------------------------------- choices


def _key(value: object) -> str:
    return re.sub(r"\s", "", halfwidth(plain(value))).lower()


def choice_key(value: object) -> str:
    """How a choice cell is compared: half width, no spaces, lower case."""
    return _key(value)


def choice(field: str, options: Mapping[str, str], shown: list[str], *, default: str | None = None) -> Converter:
    """A value from a fixed list: ``options`` maps accepted spellings to stored identifiers.

    An unknown spelling is refused listing ``shown`` (the Chinese choices), or becomes
    ``default`` when one is given.
    """
    table = {_key(k): v for k, v in options.items()}

    def convert(value: object) -> str:
        found = table.get(_key(value))
        if found is not None:
            return found
        if default is not None:
            return default
        raise FieldError(field, f"“{plain(value)}”不是可选值（可选：{'、'.join(shown)}）")

    return _cached(convert)


_YES = {"是", "y", "yes", "true", "1", "√", "✓", "对", "一次解决", "已解决"}
_NO = {"否", "n", "no", "false", "0", "×", "✗", "x", "不是", "非"}


def yes_no(field: str) -> Converter:
    """是/否, Y/N, √/×, 1/0."""

    def convert(value: object) -> bool:
        if isinstance(value, bool):
            return value
        key = _key(value)
        if key in _YES:
            return True
        if key in _NO:
            return False
        raise FieldError(field, f"“{plain(value)}”应为“是”或“否”")

    return _cached(convert)


_SCORE_WORDS = {"非常满意": 5, "很满意": 5, "满意": 4, "比较满意": 4, "基本满意": 3, "一般": 3,
                "不满意": 2, "很不满意": 1, "非常不满意": 1}


def score(field: str) -> Converter:
    """A satisfaction score 1–5 (also 「5分」, 「4.0」, 「满意」)."""

    def convert(value: object) -> int:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            key = _key(value).removesuffix("分")
            if key in _SCORE_WORDS:
                return _SCORE_WORDS[key]
            try:
                number = float(key)
            except ValueError:
                raise FieldError(field, f"“{plain(value)}”不是1到5的评分") from None
        if not number.is_integer() or not 1 <= number <= 5:
            raise FieldError(field, f"评分应为1到5的整数，不是“{plain(value)}”")
        return int(number)

    return _cached(convert)
