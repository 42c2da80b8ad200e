"""Numbers as Vietnamese readers write them, for every message the engine and the web
project compose: dot thousands (2.147.483.647), comma decimals (0,8). Plain Python, so
rule errors, validation messages and the `so`/`diem` template filters say a number the
same way."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def fmt_int(value: int) -> str:
    """An integer with its thousands grouped the Vietnamese way: 2.147.483.647."""
    return f"{value:,}".replace(",", ".")


def fmt_decimal(value: Decimal | float | int | str, decimals: int | None = None) -> str:
    """A number the Vietnamese way: comma decimals, dot thousands (1.234,5; 0,8).

    With `decimals`, rounded half up to that many; without, a decimal keeps the decimals
    it carries and a whole number shows none. Messages and the `diem` filter share it,
    so an error never reads "1.0" where the page reads "1,0".
    """
    number = Decimal(str(value))
    if decimals is None:
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = fmt_int(int(whole))
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
