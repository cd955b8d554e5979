"""URLs of the customers app."""

urlpatterns: list = []
