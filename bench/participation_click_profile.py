"""Cost of one support click in-process: queries and time of POST /ideen/<id>/unterstuetzen/.

    .venv/bin/python bench/participation_click_profile.py --preset city [--clicks 50]

Signs in one account without supports (``Client.force_login``) and supports ``--clicks`` different
ideas of the open process, one request each; prints the queries of one click and the median time.
Writes real supports (through the view and the service), so counters stay exact.
"""

import argparse
import statistics
import time

import participation_generate as generate
import participation_run as run


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", choices=sorted(generate.PRESETS), default="city")
    parser.add_argument("--clicks", type=int, default=50)
    args = parser.parse_args()
    run.setup_django(generate.database_url(args.preset), "profile-" + "x" * 50)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from modellstadt.ideas.models import Idea, Process
    from modellstadt.ideas.selectors import phase_state

    settings.ALLOWED_HOSTS = ["*"]
    # Not one of the burst's accounts (burst-…): participation_run.py needs 1,000 of them without supports.
    user = (get_user_model().objects.filter(idea_supports__isnull=True, is_staff=False, ideas__isnull=True)
            .exclude(username__startswith="burst-").last())
    process = next(p for p in Process.objects.all() if phase_state(p).supports.allowed)
    ideas = list(Idea.objects.filter(process=process, moderation="published").exclude(state="withdrawn")
                 .exclude(author=user).order_by("?").values_list("id", flat=True)[: args.clicks])
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    times, last = [], None
    for pk in ideas:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.post(f"/ideen/{pk}/unterstuetzen/")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
        last = ctx
    print(f"{len(ideas)} Klicks: Median {statistics.median(times):.1f} ms, "
          f"{len(last.captured_queries)} Abfragen je Klick")
    for q in last.captured_queries:
        print(f"  {float(q['time']) * 1000:6.2f} ms  {q['sql'][:160]}")


if __name__ == "__main__":
    main()
