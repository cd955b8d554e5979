"""The signed-in user's saved interface language, and the login redirect of htmx requests."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect


class UserLanguageMiddleware:
    """Runs after authentication; a user's saved choice beats the browser's Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language in self.known:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's, except for a request htmx sends (a progress poll, a partial, a comment sent)
    once the session has ended: the whole page goes to the login page, which leads back to it,
    rather than the login form being swapped into a part of it; what was typed in the page's
    forms waits in the browser meanwhile (static/js/app.js's drafts). htmx names the page it
    was sent from (HX-Current-URL); the grid's own saves (static/js/grid.js) do not, and keep
    Django's redirect, which the grid reads as "log in again"."""

    def handle_no_permission(self, request, view_func):
        page = request.headers.get("HX-Current-URL")
        if request.headers.get("HX-Request") != "true" or not page:
            return super().handle_no_permission(request, view_func)
        page = urlsplit(page)
        # Only the page's path and query: the login page's `next` stays on this site.
        back = page.path + (f"?{page.query}" if page.query else "") or "/"
        login = redirect_to_login(
            back,
            resolve_url(self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func),
        )
        return HttpResponseClientRedirect(login.url)
