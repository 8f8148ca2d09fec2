"""Back-office roles: the programme office and one group per field lead.

The programme office edits and publishes everything. A field lead may create and edit the projects
of their own field (the field page's subtree) but cannot publish: their drafts go through the
workflow "Freigabe durch das Programmbüro".
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

OFFICE_GROUP = "Programmbüro"
FIELD_LEAD_PREFIX = "Feldleitung: "
WORKFLOW_NAME = "Freigabe durch das Programmbüro"

OFFICE_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]
FIELD_LEAD_PAGE_PERMISSIONS = ["add", "change"]
OFFICE_MODEL_PERMISSIONS = {
    "partners": ["organisation", "membership", "supportletter", "pledge"],
    "strategy": ["governingbody", "decision"],
    "dossier": ["call", "dossier", "dossierversion", "dossierexport"],  # calls, dossiers, frozen versions
    "ideas": ["process", "phase"],
}
# Participation: the office answers ideas and moderates contributions (ideas.permissions).
# view_comment/view_idea/view_accountblock: Wagtail shows a model's audit-log entries only to people
# with a permission on it.
OFFICE_EXTRA_PERMISSIONS = {
    "ideas": ["answer_idea", "moderate_contributions", "view_idea"],
    "comments": ["view_comment"],
    "moderation": ["view_accountblock"],
}


def _grant_page_permissions(group, page, types):
    for permission_type in types:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{permission_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection_permissions(group, collection, codenames):
    if collection is None:  # a database flushed without Wagtail's root collection (browser tests)
        return
    for app_label, codename in codenames:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


@transaction.atomic
def ensure_office_group(home):
    group, _created = Group.objects.get_or_create(name=OFFICE_GROUP)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for app_label, models in OFFICE_MODEL_PERMISSIONS.items():
        for model in models:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in ("add", "change", "delete", "view")],
                )
            )
    for app_label, codenames in OFFICE_EXTRA_PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailredirects"),
        *Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=["add_workflow", "change_workflow"]
        ),
    )
    _grant_page_permissions(group, home, OFFICE_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    _grant_collection_permissions(
        group, root_collection,
        [("wagtailimages", c) for c in ("add_image", "change_image", "choose_image", "delete_image")]
        + [("wagtaildocs", c) for c in ("add_document", "change_document", "choose_document", "delete_document")],
    )
    _ensure_workflow(home, group)
    return group


def _ensure_workflow(home, office_group):
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name="Prüfung durch das Programmbüro")
        task.groups.set([office_group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def ensure_field_lead_group(field):
    """The group whose members lead ``field``: edit its projects, publish nothing."""
    group, _created = Group.objects.get_or_create(name=f"{FIELD_LEAD_PREFIX}{field.title}"[:150])
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    _grant_page_permissions(group, field, FIELD_LEAD_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    _grant_collection_permissions(
        group, root_collection, [("wagtailimages", "add_image"), ("wagtailimages", "choose_image")]
    )
    return group
