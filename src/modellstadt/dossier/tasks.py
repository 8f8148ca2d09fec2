"""Background work of the dossier: the full PDF/DOCX export of a large dossier."""

from django_tasks import task


@task()
def build_export(export_id):
    """Build the export ``export_id`` (a DossierExport); progress is stored on the row as it goes."""
    from modellstadt.dossier.models import DossierExport
    from modellstadt.dossier.services import run_export

    export = DossierExport.objects.filter(pk=export_id).select_related("dossier__call").first()
    if export is None or export.state not in (DossierExport.State.QUEUED, DossierExport.State.RUNNING):
        return
    run_export(export)
