"""Background work of the progress app: building and freezing a council report for a large city."""

from django_tasks import task


@task()
def freeze_report(report_id, user_id=None):
    from django.contrib.auth import get_user_model

    from modellstadt.progress import services
    from modellstadt.progress.models import CouncilReport

    report = CouncilReport.objects.filter(pk=report_id, state=CouncilReport.State.DRAFT).first()
    if report is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    services.freeze_report(report=report, user=user)
