"""A review pack's page numbers, cut from one laid-out sheet (planning/printing/number_stamps.py),
print exactly where and as the footer laid out page by page prints them."""

import io
from unittest import mock

from django.test import SimpleTestCase
from django.utils import translation
from pypdf import PdfReader, PdfWriter

from planning.printing import front, number_stamps, page_numbers, pdf

PORTRAIT, LANDSCAPE = page_numbers.SIZES[False], page_numbers.SIZES[True]


def footers(pages) -> list[tuple]:
    """Each page's one text run: where it starts, how it is drawn, what it shows."""
    result = []
    for page in pages:
        (run,) = number_stamps.runs(page)
        position = [round(float(value), 3) for value in run.matrix]
        result.append((position, run.transform, run.state, run.text_state, run.shows))
    return result


def written(pages) -> list:
    writer, data = PdfWriter(), io.BytesIO()
    for page in pages:
        writer.add_page(page)
    writer.write(data)
    return list(PdfReader(data).pages)


class NumberStampsTests(SimpleTestCase):
    # Pages 4 to 105 of a pack: numbers of one, two and three digits, on portrait and landscape
    # pages and on dark covers.
    FRONT = 3
    SIZES = [LANDSCAPE if index % 3 == 1 else PORTRAIT for index in range(102)]
    DARK = {0, 30, 60}

    def laid_out(self) -> list:
        """The numbers as the footer prints them, a laid-out page for each."""
        total = self.FRONT + len(self.SIZES)
        html = front.numbers_html(self.FRONT + 1, total, self.SIZES, self.DARK)
        document = front._layout(html, pdf.AppOnlyFetcher())
        return list(PdfReader(io.BytesIO(document.write_pdf())).pages)

    def test_a_stamped_number_is_the_footer_laid_out_for_its_page(self):
        for language, first, last in (
            ("zh-hans", "第 4 页 / 共 105 页", "第 105 页 / 共 105 页"),
            ("en", "Page 4 of 105", "Page 105 of 105"),
        ):
            with self.subTest(language), translation.override(language):
                stamped = front._stamped(
                    self.FRONT,
                    self.FRONT + len(self.SIZES),
                    self.SIZES,
                    self.DARK,
                    pdf.AppOnlyFetcher(),
                )
                self.assertEqual(footers(stamped), footers(self.laid_out()))
                # As text too, once written: the font's own map reads the glyphs back.
                texts = [page.extract_text().strip() for page in written(stamped)]
                self.assertEqual((texts[0], texts[-1]), (first, last))

    def test_an_unexpected_sheet_falls_back_to_laying_out_each_number(self):
        with (
            translation.override("zh-hans"),
            mock.patch.object(number_stamps, "runs", side_effect=number_stamps.CannotStamp("x")),
            self.assertLogs("planning.printing.front", "WARNING"),
        ):
            pages = front._numbers(self.FRONT, self.SIZES[:5], {0}, pdf.AppOnlyFetcher())
        self.assertEqual(
            [page.extract_text().strip() for page in written(pages)],
            [f"第 {number} 页 / 共 8 页" for number in range(4, 9)],
        )
