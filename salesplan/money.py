"""Money and quantity helpers: Decimal everywhere, one quantize rule, one parser for typed input."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MONEY_DIGITS = 14
MONEY_PLACES = 2
MONEY_LIMIT = Decimal(10) ** 12
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def quantize_money(value: Decimal | int | str) -> Decimal:
    """Round to cents, half up, as accountants do."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class AmountError(ValueError):
    """Typed input that is not an acceptable amount; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


READABLE_DIGITS = frozenset("0123456789０１２３４５６７８９")


def parse_amount(
    raw: str | None, *, allow_negative: bool = False, places: int = MONEY_PLACES
) -> Decimal:
    """Turn what a person typed into a Decimal.

    Accepts "1,234.50", full-width digits and punctuation ("１２３４"), surrounding spaces and a
    blank (zero). Rejects letters, exponents, underscores, non-ASCII digits other than full-width,
    too many decimal places and values of 10^12 or more.
    """
    raw = raw or ""
    # NFKC would also turn "10²", "①" and "𝟗𝟗" into 102, 1 and 99: any digit or numeral other
    # than ASCII and full-width ones is refused before it is normalised.
    if any(ch.isnumeric() and ch not in READABLE_DIGITS for ch in raw):
        raise AmountError("invalid")
    text = unicodedata.normalize("NFKC", raw).strip()
    # NFKC maps full-width digits, comma, period, minus and ￥ to ASCII and ¥; also accept the
    # ideographic comma people type by mistake as a thousands separator.
    text = text.replace("，", ",")
    negative = text.startswith(("-", "−"))
    if negative:
        text = text[1:].strip()
    # One currency sign in front, as the money filter shows amounts ("-¥1,234.50"); one inside
    # or doubled ("5¥5", "¥¥5") is a typo, refused below rather than read as 55 or 5.
    if text.startswith("¥"):
        text = text[1:].strip()
        if not negative and text.startswith(("-", "−")):
            negative, text = True, text[1:].strip()
    if text == "" and not negative:
        return ZERO if places == MONEY_PLACES else Decimal(0)
    if not text or any(ch not in "0123456789,." for ch in text) or text.count(".") > 1:
        raise AmountError("invalid")
    integer, _, fraction = text.partition(".")
    if "," in integer:
        groups = integer.split(",")
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise AmountError("invalid")
        integer = "".join(groups)
    if "," in fraction or (not integer and not fraction):
        raise AmountError("invalid")
    if len(fraction) > places:
        raise AmountError("max_decimal_places")
    try:
        value = Decimal(f"{integer or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise AmountError("invalid") from None
    if negative and value:
        if not allow_negative:
            raise AmountError("negative")
        value = -value
    if abs(value) >= MONEY_LIMIT:
        raise AmountError("too_large")
    return value.quantize(Decimal(1).scaleb(-places)) if places else value
