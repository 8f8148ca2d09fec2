def easy_language_entries():
    """Fields and projects that carry a text in Leichte Sprache."""
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    fields = list(CooperationFieldPage.objects.live().public().exclude(easy_text="").order_by("number"))
    projects = list(
        ProjectPage.objects.live().public().exclude(easy_text="").select_related("field").order_by("title")
    )
    return fields, projects
