"""Typed amounts: what parse_amount accepts and what it refuses, and the one rounding rule."""

from decimal import Decimal

from django.test import SimpleTestCase

from salesplan.money import AmountError, parse_amount, quantize_money


class ParseAmountTests(SimpleTestCase):
    def test_accepts_what_people_type(self):
        cases = {
            "1,234.50": Decimal("1234.50"),
            "1234.5": Decimal("1234.50"),
            "  42  ": Decimal("42.00"),
            "１２３４": Decimal("1234.00"),
            "１，２３４．５": Decimal("1234.50"),
            "1，234": Decimal("1234.00"),
            "¥1,000": Decimal("1000.00"),
            "￥8": Decimal("8.00"),
            ".5": Decimal("0.50"),
            "12,345,678.90": Decimal("12345678.90"),
            "999999999999.99": Decimal("999999999999.99"),
        }
        for raw, expected in cases.items():
            with self.subTest(raw=raw):
                value = parse_amount(raw)
                self.assertEqual(value, expected)
                self.assertEqual(value.as_tuple().exponent, -2)

    def test_blank_is_zero(self):
        for raw in ("", "   ", None):
            with self.subTest(raw=raw):
                self.assertEqual(parse_amount(raw), Decimal("0.00"))

    def assertRefused(self, raw: str, code: str, **kwargs) -> None:
        with self.subTest(raw=raw), self.assertRaises(AmountError) as caught:
            parse_amount(raw, **kwargs)
        self.assertEqual(caught.exception.code, code, raw)

    def test_refuses_letters_exponents_and_underscores(self):
        for raw in ("abc", "12a", "1e2", "1E2", "1_000", "0x10", "NaN", "Infinity", "١٢٣"):
            self.assertRefused(raw, "invalid")

    def test_refuses_badly_grouped_or_doubled_separators(self):
        for raw in ("1,23", "12,3456", ",123", "1.2.3", "1.234,5", "-", "."):
            self.assertRefused(raw, "invalid")

    def test_refuses_negative_amounts_unless_allowed(self):
        self.assertRefused("-5", "negative")
        self.assertRefused("－５", "negative")
        self.assertEqual(parse_amount("-5", allow_negative=True), Decimal("-5.00"))
        self.assertEqual(parse_amount("-1,234.50", allow_negative=True), Decimal("-1234.50"))

    def test_minus_zero_is_zero(self):
        self.assertEqual(parse_amount("-0"), Decimal("0.00"))

    def test_refuses_three_decimal_places(self):
        self.assertRefused("1.234", "max_decimal_places")
        self.assertRefused("0.001", "max_decimal_places")

    def test_refuses_a_trillion_or_more(self):
        self.assertRefused("1000000000000", "too_large")
        self.assertRefused("1,000,000,000,000.00", "too_large")
        self.assertRefused("-1000000000000", "too_large", allow_negative=True)

    def test_quantities_may_have_other_places(self):
        self.assertEqual(parse_amount("2.5", places=3), Decimal("2.500"))
        self.assertRefused("2.5", "max_decimal_places", places=0)
        self.assertEqual(parse_amount("12", places=0), Decimal("12"))


class QuantizeMoneyTests(SimpleTestCase):
    def test_rounds_half_up_to_the_cent(self):
        self.assertEqual(quantize_money(Decimal("2.675")), Decimal("2.68"))
        self.assertEqual(quantize_money(Decimal("2.665")), Decimal("2.67"))
        self.assertEqual(quantize_money(Decimal("-2.675")), Decimal("-2.68"))
        self.assertEqual(quantize_money(3), Decimal("3.00"))
