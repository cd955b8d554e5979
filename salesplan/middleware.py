"""Activates the signed-in user's saved interface language."""

from django.conf import settings
from django.utils import translation


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
