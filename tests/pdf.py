"""Helpers for tests that read the PDFs the portal makes."""


def outline_titles(items):
    """The titles of a pypdf outline (bookmarks), nested levels flattened in reading order."""
    for item in items:
        if isinstance(item, list):
            yield from outline_titles(item)
        else:
            yield item["/Title"]
