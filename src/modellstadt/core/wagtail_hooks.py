from wagtail import hooks

from modellstadt.core.dashboard import OfficeWorkPanel


@hooks.register("construct_homepage_panels")
def add_office_work_panel(request, panels):
    """The office's open work first, above Wagtail's own panels (page counts, recent edits)."""
    panels.insert(0, OfficeWorkPanel())
