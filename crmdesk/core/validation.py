"""Normalisation and validation of customer data (docs/spec.md §2 entry rules, §6 Excel import).

Pure Python (no Qt). Every refusal raises :class:`FieldError`, which names the field and
gives a short reason in the interface language (``core.i18n``) the UI can show as is.

The Chinese that stays in this module is data the parsers match or write, not messages: the
extension words (转, 分机) and the stored landline form ``010-12345678转123``, the date words
(年, 月, 日, 时, 分), the amount units (万, 亿, 元, 人民币) and the company suffixes.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from crmdesk.core.i18n import N_, _


class FieldError(ValueError):
    """A refused value: ``field`` is the field identifier, ``reason`` a Chinese message."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason

    def __reduce__(self) -> tuple[type[FieldError], tuple[str, str]]:  # keep pickling (multiprocessing, logging) working
        return (type(self), (self.field, self.reason))


_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def to_halfwidth(text: str) -> str:
    """Convert full-width ASCII (U+FF01–U+FF5E) and the ideographic space U+3000 to half-width."""
    return text.translate(_HALFWIDTH)  # a table, not a loop per character: imports call it per cell


def compact_key(text: object) -> str:
    """How a product model or serial number is compared: half width, upper case, no spaces
    (``sn 2024-001`` and ``ＳＮ2024-001`` are one key)."""
    return "".join(to_halfwidth(str(text or "")).split()).upper()


def _text(value: object) -> str:
    """Excel-friendly str(): integral floats/Decimals lose their '.0'; full width → half width."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (float, Decimal)) and math.isfinite(value) and value == int(value):
        value = int(value)
    return to_halfwidth(str(value)).strip()


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_PHONE_CHARS = re.compile(r"\+?[\d\s\-.()]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_MOBILE_REASON = N_("a mobile number has 11 digits starting with 1")
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)


def _phone_chars(value: object) -> str:
    return _DASHES.sub("-", _text(value))


def normalize_mobile(value: object, field: str = "mobile") -> str:
    """Return a Chinese mobile as 11 digits: ``"+86 138-1234-5678"`` → ``"13812345678"``.

    Accepts ``+86``/``86``/``0086`` prefixes, spaces, dashes, dots, parentheses, full-width
    digits and Excel numbers. Empty or None gives ``""``. A well-formed ``1[3-9]`` + 9 digits
    is accepted even where phonenumbers' metadata lags behind newly issued number blocks.
    """
    text = "" if value is None else _phone_chars(value)
    if not text:
        return ""
    if not _PHONE_CHARS.fullmatch(text):
        raise FieldError(field, _(_MOBILE_REASON))
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        if not digits.startswith("86"):
            raise FieldError(field, _("only mainland China mobile numbers (+86) are supported"))
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) != 11 or not digits.startswith("1"):
        raise FieldError(field, _(_MOBILE_REASON))
    import phonenumbers  # imported on first use: it costs ~50 ms of every start otherwise
    from phonenumbers import PhoneNumberType

    number = phonenumbers.parse("+86" + digits)
    kind = phonenumbers.number_type(number)
    if kind not in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE) \
            and not _MOBILE.fullmatch(digits):
        raise FieldError(field, _("{digits} is not a valid mobile number (no such number block)", digits=digits))
    return digits


def _landline_digits(text: str, field: str) -> str:
    """Digits of a landline in national form (leading 0); +86 / 0086 prefixes replaced by 0."""
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("0086"):
        if not digits.startswith(("86", "0086")):
            raise FieldError(field, _("only mainland China landline numbers (+86) are supported"))
        digits = "0" + digits[4 if digits.startswith("0086") else 2 :].lstrip("0")
    return digits


def normalize_landline(value: object, field: str = "phone") -> str:
    """Return a Chinese landline as ``"010-12345678"`` / ``"0755-88886666"`` (+ ``"转123"``).

    Accepts separators, ``(021)``, ``+86``/``0086`` (area code without its 0), and extensions
    written ``转123``, ``分机123``, ``ext 123``, ``x123`` or a trailing ``-123``. The area code
    is required. Validated with phonenumbers as a fixed line. Empty or None gives ``""``.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberType

    if isinstance(value, int) and not isinstance(value, bool):
        value = f"0{value}"  # Excel drops the leading 0 of the area code
    text = "" if value is None else _phone_chars(value)
    if not text:
        return ""
    match = _EXTENSION.search(text)
    ext, text = (match.group(1), text[: match.start()]) if match else ("", text)
    if not _PHONE_CHARS.fullmatch(text):
        raise FieldError(field, _("the landline number is malformed; write it like 010-12345678"))
    digits = _landline_digits(text, field)
    if not digits.startswith("0"):
        if len(digits) <= 8:
            raise FieldError(field, _("a landline number needs its area code, like 010-12345678"))
        raise FieldError(field, _("a landline number starts with its area code (a 0), like 010-12345678"))
    candidates = [(digits, ext)]
    tail = re.search(r"-\s*(\d{1,6})\s*$", text)
    if tail and not ext:  # "010-12345678-123": the last group may be an extension
        candidates.append((_landline_digits(text[: tail.start()], field), tail.group(1)))
    for digits, ext in candidates:
        try:
            number = phonenumbers.parse("+86" + digits[1:])
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
            PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE
        ):
            nsn = str(number.national_number)
            area = phonenumbers.length_of_geographical_area_code(number)
            area = area or (2 if nsn.startswith(("10", "2")) else 3)
            return f"0{nsn[:area]}-{nsn[area:]}" + (f"转{ext}" if ext else "")
    raise FieldError(field, _("invalid landline number: wrong area code or number of digits"))


def normalize_phone(value: object, field: str = "phone") -> str:
    """Normalise a mobile (tried first, 11 digits), a landline (``0AA-NNNNNNNN``) or a firm's
    400/800 service number (``400-NNN-NNNN``, no area code: the same number nationwide)."""
    try:
        return normalize_mobile(value, field)
    except FieldError as mobile_error:
        try:
            return normalize_landline(value, field)
        except FieldError as landline_error:
            digits = re.sub(r"\D", "", _phone_chars(value))
            if re.fullmatch(r"[48]00\d{7}", digits):
                return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
            if not digits:
                raise FieldError(field, _("a phone number is a mobile or a landline with its area code")) from None
            if digits.startswith("0") or len(digits) <= 8:
                raise landline_error from None
            if mobile_error.reason != _(_MOBILE_REASON):  # +852…, unknown block: say so
                raise mobile_error from None
            raise FieldError(field, _("a mobile number has 11 digits starting with 1, or a landline with its area code")) from None


def mask_mobile(mobile: object) -> str:
    """Mask a number for lists: ``"13812345678"`` → ``"138****5678"``.

    A valid mobile is normalised first. Length ≥ 8: keep the first 3 and the last 4
    characters; 3–7: keep the last 2 only; 1–2: mask everything.
    """
    if mobile is None:
        return ""
    try:
        text = normalize_mobile(mobile) or ""
    except FieldError:
        text = re.sub(r"\s", "", _text(mobile))
    if len(text) >= 8:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * len(text) if len(text) <= 2 else "*" * (len(text) - 2) + text[-2:]


def phone_tail(number: object) -> str:
    """Last 4 digits (尾号) of the normalised number, ignoring any extension; ``""`` if none."""
    if number is None:
        return ""
    try:
        text = normalize_phone(number).split("转")[0]
    except FieldError:
        text = _EXTENSION.sub("", _phone_chars(number))
    return re.sub(r"\D", "", text)[-4:]


_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_REASON = N_("the e-mail domain is malformed; write it like example.com")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def validate_email(value: object, field: str = "email") -> str:
    """Return a trimmed e-mail with a lower-case domain; ``""`` for empty/None.

    Full-width characters (``＠``, ``．``) and the ideographic full stop ``。`` are converted.
    The local part uses RFC 5322 atom characters (no quotes, no spaces, ≤ 64 characters);
    the domain has at least two valid labels (IDN allowed) and a TLD that is not all digits.
    """
    text = "" if value is None else _text(value).replace("。", ".")
    if not text:
        return ""
    if re.search(r"\s", text):
        raise FieldError(field, _("an e-mail address cannot contain spaces"))
    if text.count("@") != 1:
        raise FieldError(field, _("an e-mail address has one @, like name@example.com"))
    local, domain = text.split("@")
    domain = domain.lower()
    if not local or len(local) > 64 or not _LOCAL.fullmatch(local):
        raise FieldError(field, _("the user name before the @ of the e-mail is malformed"))
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise FieldError(field, _(_DOMAIN_REASON)) from None
    labels = ascii_domain.split(".")
    if (len(labels) < 2 or len(ascii_domain) > 253 or labels[-1].isdigit()
            or not all(_LABEL.fullmatch(label) for label in labels)):
        raise FieldError(field, _(_DOMAIN_REASON))
    return f"{local}@{domain}"


_TIME = r"(?:[ T]*(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.(\d{1,6}))?秒?)?分?)?"
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})" + _TIME)
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})" + _TIME)
_SERIAL_MAX = 73416  # serial of 2101-01-01; Excel 1900 date system


def _from_serial(serial: float, field: str) -> dt.datetime:
    if not math.isfinite(serial) or not 1 <= serial < _SERIAL_MAX:
        raise FieldError(field, _("Excel date serial {serial} is out of range (years 1900 to 2100)", serial=f"{serial:g}"))
    days = int(serial)
    if days == 60:
        raise FieldError(field, _("Excel date serial 60 is 1900-02-29, which does not exist"))
    base = dt.datetime(1899, 12, 31 if days < 60 else 30)  # Excel's fake 1900-02-29
    return base + dt.timedelta(days=days, seconds=round((serial - days) * 86400))


def _build(field: str, text: str, y: int, m: int, d: int, time: tuple) -> dt.datetime:
    if not 1900 <= y <= 2100:
        raise FieldError(field, _("the year of date {text} should be between 1900 and 2100", text=text))
    try:
        day = dt.date(y, m, d)
    except ValueError:
        raise FieldError(field, _("date {text} does not exist; check the month and the day", text=text)) from None
    hh, mm, ss, frac = time
    try:
        clock = dt.time(int(hh or 0), int(mm or 0), int(ss or 0), int((frac or "0").ljust(6, "0")))
    except ValueError:
        raise FieldError(field, _("the time in {text} is not valid", text=text)) from None
    return dt.datetime.combine(day, clock)


def _analyse(value: object, field: str) -> tuple[dt.datetime | None, list[dt.datetime]]:
    """Return (datetime, []) or, for a date readable two ways, (None, [month-first, day-first])."""
    if value is None:
        return None, []
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None), []
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()), []
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _from_serial(float(value), field), []
    text = _text(value)
    if not text:
        return None, []
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial that went through CSV/text
        return _from_serial(float(text), field), []
    if match := _YMD.fullmatch(text) or _COMPACT.fullmatch(text):
        y, m, d = (int(g) for g in match.groups()[:3])
        return _build(field, text, y, m, d, match.groups()[3:]), []
    if match := _DMY.fullmatch(text):
        a, b, y = (int(g) for g in match.groups()[:3])
        if len(match.group(3)) == 2:
            y += 2000 if y < 30 else 1900  # Excel's two-digit year rule
        time = match.groups()[3:]
        if a <= 12 and b <= 12 and a != b:
            return None, [_build(field, text, y, a, b, time), _build(field, text, y, b, a, time)]
        m, d = (b, a) if a > 12 else (a, b)
        return _build(field, text, y, m, d, time), []
    raise FieldError(field, _("unrecognised date \"{text}\"; write it like 2024-01-05", text=text))


def _resolve(value: object, field: str, dayfirst_ok: bool) -> dt.datetime | None:
    moment, options = _analyse(value, field)
    if options:
        if dayfirst_ok:
            return options[1]
        first, second = options
        raise FieldError(field, _(
            "date {text} can be read two ways ({first} or {second}); write it like {iso}", text=_text(value),
            first=_("{month}/{day}", month=first.month, day=first.day),
            second=_("{month}/{day}", month=second.month, day=second.day), iso=f"{first:%Y-%m-%d}"))
    return moment


def parse_date(value: object, field: str = "date", *, dayfirst_ok: bool = False) -> dt.date | None:
    """Parse a date from a date/datetime, an Excel serial or text; ``None`` for empty.

    Text: ``2024/1/5``, ``2024-01-05``, ``2024.1.5``, ``2024年1月5日``, ``20240105``, with an
    optional time, and year-last ``13/05/2024`` / ``5/13/24`` (two-digit years: 00–29 → 20xx).
    A year-last date whose day and month are both ≤ 12 (``03/05/2024``) is refused unless
    ``dayfirst_ok`` says the source writes day/month/year, in which case it is read day first.
    """
    moment = _resolve(value, field, dayfirst_ok)
    return moment.date() if moment else None


def parse_date_detailed(value: object, field: str = "date") -> tuple[dt.date | None, bool]:
    """Like :func:`parse_date`, but an ambiguous date gives ``(None, True)`` instead of raising."""
    moment, options = _analyse(value, field)
    return (None, True) if options else (moment.date() if moment else None, False)


def ambiguous_date_options(value: object) -> list[dt.date]:
    """Possible readings: [month-first, day-first] if ambiguous, [date] if not, [] if unreadable."""
    try:
        moment, options = _analyse(value, "date")
    except FieldError:
        return []
    return [o.date() for o in options] if options else ([moment.date()] if moment else [])


def parse_datetime(value: object, field: str = "time", *,
                   dayfirst_ok: bool = False) -> dt.datetime | None:
    """Parse a date and time (same inputs as :func:`parse_date`); a bare date gives midnight.

    Time parts: ``13:45``, ``13:45:00``, ``13:45:00.5``, ``13时45分``; Excel serial fractions
    are rounded to the second. Timezone info of datetime input is dropped (naive local time).
    """
    return _resolve(value, field, dayfirst_ok)


_UNITS = (("亿", 8), ("千万", 7), ("百万", 6), ("万", 4), ("千", 3))
_CENT = Decimal("0.01")
_MAX_AMOUNT = Decimal("1e15")  # 1000万亿元: anything above is a typo or a wrong unit


def parse_amount(value: object, field: str = "amount") -> Decimal | None:
    """Parse a non-negative amount in 元 as a Decimal quantised to 0.01; ``None`` for empty.

    Accepts numbers and text such as ``125000``, ``125,000``, ``125，000``, ``125000元``,
    ``¥125000``, ``￥1,250.50``, ``RMB 100``, ``人民币100元整``, ``12.5万`` / ``12.5万元``
    (×10⁴), ``1.2亿`` (×10⁸), ``3千`` / ``2百万`` / ``1千万``; full-width digits allowed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise FieldError(field, _("not a valid amount"))
    if isinstance(value, (int, float, Decimal)):
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
    else:
        text = re.sub(r"\s", "", _text(value).replace("￥", "").replace("¥", ""))
        if not text:
            return None
        text = re.sub(r"^(?:RMB|CNY|人民币)", "", text, flags=re.IGNORECASE)
        text = re.sub(r"(?:元|圆|块)?整?$", "", text)
        scale = 0
        for unit, power in _UNITS:
            if text.endswith(unit):
                text, scale = text[: -len(unit)], power
                break
        negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
        body = text.strip("()").lstrip("+-")
        if not re.fullmatch(r"(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+", body):
            raise FieldError(field, _("\"{text}\" is not a valid amount", text=_text(value)))
        number = Decimal(body.replace(",", "")).scaleb(scale)
        number = -number if negative else number
    if not number.is_finite():
        raise FieldError(field, _("not a valid amount"))
    if number < 0:
        raise FieldError(field, _("an amount cannot be negative"))
    if number >= _MAX_AMOUNT:
        raise FieldError(field, _("the amount is too large; check the unit (yuan / ten thousand yuan)"))
    return number.quantize(_CENT, ROUND_HALF_UP) + 0  # "+ 0" turns -0.00 into 0.00


def amount_to_fen(amount: Decimal) -> int:
    """Convert an amount in 元 to integer 分 (half-up rounding): ``Decimal("1.235")`` → ``124``."""
    return int(Decimal(amount).quantize(_CENT, ROUND_HALF_UP) * 100)


def fen_to_yuan_text(fen: int) -> str:
    """Format 分 as 元 with thousands separators: ``12500000`` → ``"125,000.00"``."""
    return f"{Decimal(int(fen)).scaleb(-2):,.2f}"


_COMPANY_WORDS = ("股份有限公司", "有限责任公司", "有限公司", "股份")


def normalize_company_name(name: object) -> str:
    """Key for duplicate detection of customer names (docs/spec.md §2); ``""`` for empty/None.

    In order: full width → half width; lower case; remove every whitespace character and every
    Unicode punctuation character (category P*: all brackets （）()【】[]〔〕《》「」, and ·、.,-_&
    ，。:;'"/! etc., the bracket *contents* are kept); then remove every occurrence of the words
    股份有限公司, 有限责任公司, 有限公司 and 股份. Nothing else (e.g. 集团, 公司, 分公司, 市) is removed.
    """
    if name is None:
        return ""
    text = to_halfwidth(str(name)).lower()
    text = "".join(ch for ch in text
                   if not ch.isspace() and not unicodedata.category(ch).startswith("P"))
    for word in _COMPANY_WORDS:
        text = text.replace(word, "")
    return text
