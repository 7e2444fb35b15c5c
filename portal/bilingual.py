"""Text that officers write in both languages: one accessor that returns the active one."""

from django.utils import translation


def localized(obj, field: str) -> str:
    """`obj.<field>_en` when English is active and filled in, otherwise `obj.<field>_th`."""
    if (translation.get_language() or "th").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english
    return getattr(obj, f"{field}_th", "")


class Bilingual:
    """Class attribute that reads `<name>_th` / `<name>_en` through `localized`.

    `title = Bilingual()` on a model with `title_th` and `title_en` makes `obj.title` the
    text in the active language, falling back to Thai.
    """

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return localized(obj, self.name)
