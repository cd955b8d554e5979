"""Separate processes writing at once to a real database: no "database is locked", nothing
lost, one approval out of ten (issue 9, items 3 and 6; the 60-second run is `make loadtest`)."""

from django.test import TransactionTestCase

from tests.reliability.harness import RealDatabase


class ConcurrencyTests(TransactionTestCase):
    def setUp(self):
        self.database = RealDatabase()
        self.addCleanup(self.database.close)

    def test_ten_simultaneous_approvals_make_one_transition_and_one_history_row(self):
        figures = self.database.run("approvals", "--workers", "10")

        self.assertEqual(figures["other"], [], "an approval failed with an error")
        self.assertEqual((figures["approved"], figures["refused"]), (1, 9))
        self.assertEqual(figures["state"], "approved")
        self.assertEqual(figures["transitions_added"], 1)
        self.assertEqual(figures["history_rows_added"], 1)

    def test_writer_processes_lose_nothing_and_never_meet_a_locked_database(self):
        figures = self.database.run("writers", "--workers", "4", "--seconds", "4")

        self.assertEqual(figures["errors"], [])
        self.assertEqual(figures["database_is_locked"], 0)
        self.assertEqual(figures["wrong_values"], [])
        self.assertGreater(figures["saves"], 20)
        self.assertGreater(figures["imports"], 2)
        self.assertEqual(figures["history_rows_committed"], figures["cells_reported_saved"])
        self.assertTrue(figures["ok"])
