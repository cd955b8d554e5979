"""A settings row an administrator edits: one row (pk 1), read with its fields' defaults until
someone saves it (the strategy settings, the role and roll-up thresholds)."""

from django.db import models


class SingletonModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pk = 1  # the one row, whoever saves it
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The saved row, else an unsaved one with the defaults."""
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)
