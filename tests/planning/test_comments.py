"""Review comments: reviewers open threads on chapters; the region's managers reply and resolve."""

from django.urls import reverse

from planning.models import Comment
from tests.base import PersonasTestCase


class CommentTestCase(PersonasTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.question = Comment.objects.create(
            plan=cls.plan, chapter="summary", author=cls.rita, body="增长依据是什么？"
        )

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def comment(self, data: dict, **extra):
        return self.client.post(reverse("comment_create", args=[self.plan.pk]), data, **extra)

    def reply(self, comment: Comment, body: str, **extra):
        return self.client.post(
            reverse("comment_reply", args=[comment.pk]), {"body": body}, **extra
        )

    def resolve(self, comment: Comment, resolved: bool, **extra):
        return self.client.post(
            reverse("comment_resolve", args=[comment.pk]),
            {"resolved": "1" if resolved else "0"},
            **extra,
        )


class ReviewerCommentTests(CommentTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.rita)

    def test_reviewer_comments_on_a_chapter(self):
        response = self.comment({"chapter": "swot", "body": "  威胁写得太笼统。 "})

        self.assertRedirects(
            response, f"{self.plan.get_absolute_url()}#chapter-swot", fetch_redirect_response=False
        )
        comment = Comment.objects.get(chapter="swot")
        self.assertEqual(
            (comment.plan, comment.author, comment.body, comment.parent, comment.resolved),
            (self.plan, self.rita, "威胁写得太笼统。", None, False),
        )
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "威胁写得太笼统。")

    def test_reviewer_comments_through_htmx_and_gets_the_chapters_thread_list_back(self):
        response = self.comment({"chapter": "summary", "body": "请量化。"}, HTTP_HX_REQUEST="true")

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="comments-summary"')
        self.assertContains(response, "增长依据是什么？")
        self.assertContains(response, "请量化。")
        self.assertNotContains(response, "<html")
        self.assertEqual(self.plan.comments.filter(chapter="summary", parent=None).count(), 2)

    def test_an_empty_comment_is_refused(self):
        response = self.comment({"chapter": "summary", "body": "   "}, follow=True)

        self.assertContains(response, "Write a comment first.")
        self.assertEqual(Comment.objects.count(), 1)

    def test_an_empty_comment_through_htmx_is_refused_at_the_field(self):
        response = self.comment({"chapter": "summary", "body": ""}, HTTP_HX_REQUEST="true")

        self.assertContains(response, "Write a comment first.", status_code=422)
        self.assertContains(response, "is-invalid", status_code=422)
        self.assertEqual(Comment.objects.count(), 1)

    def test_a_comment_on_an_unknown_chapter_is_refused(self):
        response = self.comment({"chapter": "nonsense", "body": "有内容"}, follow=True)

        self.assertContains(response, "Write a comment first.")
        self.assertEqual(Comment.objects.count(), 1)

    def test_reviewer_resolves_and_reopens_a_thread(self):
        response = self.resolve(self.question, True)

        self.assertRedirects(
            response, self.question.get_absolute_url(), fetch_redirect_response=False
        )
        self.question.refresh_from_db()
        self.assertTrue(self.question.resolved)
        self.assertEqual(self.question.resolved_by, self.rita)
        self.assertIsNotNone(self.question.resolved_at)

        response = self.resolve(self.question, False, HTTP_HX_REQUEST="true")

        self.assertContains(response, "Mark resolved")
        self.question.refresh_from_db()
        self.assertFalse(self.question.resolved)
        self.assertIsNone(self.question.resolved_by)


class ManagerReplyTests(CommentTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.alice)

    def test_manager_replies_to_a_comment(self):
        response = self.reply(self.question, "收到，下周补充测算。")

        self.assertRedirects(
            response, self.question.get_absolute_url(), fetch_redirect_response=False
        )
        reply = Comment.objects.get(parent=self.question)
        self.assertEqual(
            (reply.author, reply.chapter, reply.body),
            (self.alice, "summary", "收到，下周补充测算。"),
        )
        page = self.client.get(self.plan.get_absolute_url())
        self.assertContains(page, "收到，下周补充测算。")

    def test_a_reply_to_a_reply_joins_the_same_thread(self):
        self.reply(self.question, "第一条回复")
        first = Comment.objects.get(body="第一条回复")

        self.reply(first, "回复的回复", HTTP_HX_REQUEST="true")

        second = Comment.objects.get(body="回复的回复")
        self.assertEqual(second.parent, self.question)
        self.assertEqual(
            list(self.question.replies.values_list("body", flat=True)),
            ["第一条回复", "回复的回复"],
        )

    def test_a_reply_reopens_a_resolved_thread(self):
        Comment.objects.filter(pk=self.question.pk).update(resolved=True)

        self.reply(self.question, "还有一个问题")

        self.question.refresh_from_db()
        self.assertFalse(self.question.resolved)

    def test_manager_resolves_and_reopens_a_thread_on_their_plan(self):
        self.resolve(self.question, True)
        self.question.refresh_from_db()
        self.assertTrue(self.question.resolved)
        self.assertEqual(self.question.resolved_by, self.alice)

        self.resolve(self.question, False)
        self.question.refresh_from_db()
        self.assertFalse(self.question.resolved)

    def test_an_empty_reply_is_refused(self):
        response = self.reply(self.question, "  ", follow=True)

        self.assertContains(response, "Write a reply first.")
        self.assertFalse(self.question.replies.exists())

    def test_manager_cannot_start_a_top_level_comment(self):
        response = self.comment({"chapter": "summary", "body": "我自己的评论"})

        self.assertContains(response, "Only headquarters reviewers can do this.", status_code=403)
        self.assertEqual(Comment.objects.count(), 1)

    def test_another_regions_manager_cannot_reply_or_resolve(self):
        self.login(self.bob)

        self.assertEqual(self.reply(self.question, "我是江苏的").status_code, 404)
        self.assertEqual(self.resolve(self.question, True).status_code, 404)

        self.assertEqual(Comment.objects.count(), 1)
        self.question.refresh_from_db()
        self.assertFalse(self.question.resolved)

    def test_another_regions_manager_cannot_comment_on_the_plan(self):
        self.login(self.bob)

        self.assertEqual(self.comment({"chapter": "summary", "body": "越界"}).status_code, 404)
        self.assertEqual(Comment.objects.count(), 1)


class AdministratorTests(CommentTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.adam)

    def test_administrator_reads_the_comments(self):
        response = self.client.get(self.plan.get_absolute_url())

        self.assertContains(response, "增长依据是什么？")
        self.assertNotContains(response, reverse("comment_reply", args=[self.question.pk]))
        self.assertNotContains(response, reverse("comment_create", args=[self.plan.pk]))

    def test_administrator_cannot_comment_reply_or_resolve(self):
        cases = {
            "comment": lambda: self.comment({"chapter": "summary", "body": "管理员"}),
            "reply": lambda: self.reply(self.question, "管理员回复"),
            "resolve": lambda: self.resolve(self.question, True),
        }
        for action, request in cases.items():
            with self.subTest(action=action):
                self.assertEqual(request().status_code, 403)

        self.assertEqual(Comment.objects.count(), 1)
        self.question.refresh_from_db()
        self.assertFalse(self.question.resolved)
