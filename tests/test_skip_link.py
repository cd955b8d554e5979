"""The first Tab on every page is a skip link: past the navigation to the content, and on a
grid page straight to the grid (25 Tab presses before it existed)."""

import re

from django.urls import reverse

from tests.base import PersonasTestCase


def first_link(html: str) -> str:
    body = html[html.index("<body") :]
    return re.search(r'<a [^>]*href="([^"]+)"', body).group(1)


class SkipLinkTests(PersonasTestCase):
    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        self.login(self.alice)

    def test_a_grid_page_skips_to_the_grid(self):
        url = reverse("targets_by_product", args=[self.plan.pk, self.product_a.pk])
        html = self.client.get(url).content.decode()

        self.assertEqual(first_link(html), "#grid")
        self.assertIn('id="grid"', html)
        self.assertIn("Skip to the grid", html)

    def test_other_pages_skip_to_the_content(self):
        for url in ("/", reverse("plan_detail", args=[self.plan.pk])):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertEqual(first_link(html), "#main")
                self.assertIn('<main id="main"', html)
