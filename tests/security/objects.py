"""The access matrix's objects (a plan with chapters, comments, tools, customers, competitors)
as a base for tests that need one of each, without running the matrix's own tests again."""

import tests.planning.test_access_matrix as matrix


class MatrixObjectsTestCase(matrix.AccessMatrixTests):
    """alice's plan and one object of every kind the URLs name; the matrix's URL helpers."""

    test_every_url_has_an_expected_status_for_every_persona = None
    test_each_persona_gets_the_expected_status_on_every_url = None
    test_another_regions_object_answers_like_a_missing_one = None
    test_anonymous_is_sent_to_the_login_page_with_the_way_back = None
    test_a_missing_pk_is_not_found_for_those_who_may_read_plans = None
