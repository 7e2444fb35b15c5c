"""Amounts in Thai words for official documents: 100,000 → "หนึ่งแสนบาทถ้วน".

The rules of Thai number words:
- a 1 in the units place of a number above ten is "เอ็ด" (11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด);
- a 2 in the tens place is "ยี่" (20 ยี่สิบ), a 1 there is just "สิบ" (10 สิบ, not หนึ่งสิบ);
- the places repeat every six digits, joined by "ล้าน" (1,000,001 หนึ่งล้านหนึ่ง,
  10¹² หนึ่งล้านล้าน);
- baht and satang: "ถ้วน" (exactly) when there are no satang, otherwise "…บาท…สตางค์";
  amounts under one baht are only satang ("ห้าสิบสตางค์").
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

DIGITS = ["ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า"]
PLACES = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"]
MILLION = "ล้าน"


def _below_million(number: int) -> str:
    """Words for 0 < number < 1,000,000."""
    digits = [int(d) for d in str(number)]
    words = []
    for position, digit in enumerate(digits):
        place = len(digits) - 1 - position
        if digit == 0:
            continue
        if place == 1 and digit == 1:
            words.append(PLACES[1])
        elif place == 1 and digit == 2:
            words.append("ยี่" + PLACES[1])
        elif place == 0 and digit == 1 and number > 9:
            words.append("เอ็ด")
        else:
            words.append(DIGITS[digit] + PLACES[place])
    return "".join(words)


def number_text(number: int) -> str:
    """A whole number in Thai words: 21 → "ยี่สิบเอ็ด", 1,000,001 → "หนึ่งล้านหนึ่ง"."""
    if number < 0:
        return "ลบ" + number_text(-number)
    if number == 0:
        return DIGITS[0]
    millions, rest = divmod(number, 1_000_000)
    text = number_text(millions) + MILLION if millions else ""
    if rest:
        # After millions a lone 1 stays "หนึ่ง" (หนึ่งล้านหนึ่ง); "เอ็ด" only ends a group
        # above nine (ล้านสิบเอ็ด, ล้านหนึ่งร้อยเอ็ด).
        text += _below_million(rest)
    return text


def baht_text(amount: Decimal | int | str) -> str:
    """An amount of baht in Thai words, rounded to the satang.

    100000 → "หนึ่งแสนบาทถ้วน"; 100.50 → "หนึ่งร้อยบาทห้าสิบสตางค์"; 0.25 → "ยี่สิบห้าสตางค์".

    Each amount is worked out once (an announcement lists hundreds of grants of a few
    amounts): the words are remembered per amount and its type, so 100000 and
    Decimal("100000.00") are each remembered (with the same words).
    """
    try:
        return _remembered_baht_text(amount)
    except TypeError:  # an amount that cannot be a key (a signalling NaN): as it was
        return _baht_text(amount)


def _baht_text(amount: Decimal | int | str) -> str:
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "ลบ" if value < 0 else ""
    baht, satang = divmod(int(abs(value) * 100), 100)
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    text = sign
    if baht:
        text += number_text(baht) + "บาท"
    if satang:
        return text + number_text(satang) + "สตางค์"
    return text + "ถ้วน"


_remembered_baht_text = lru_cache(maxsize=4096, typed=True)(_baht_text)
