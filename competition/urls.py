"""URLs of the competition app."""

urlpatterns: list = []
