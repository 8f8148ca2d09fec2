from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_constant_queries(client, url, grow, expected):
    """The page costs ``expected`` queries, before and after ``grow()`` adds more rows."""
    client.get(url)  # warm the per-process caches (site root paths) so only the page itself counts
    before = queries_for(client, url)
    grow()
    after = queries_for(client, url)
    assert (before, after) == (expected, expected), f"{url}: {before} queries before, {after} after growing"


def page_and_reads(client, url, table):
    """The page's HTML (status 200) and how many of its queries read FROM ``table``."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), sum(f'FROM "{table}"' in q["sql"] for q in ctx.captured_queries)
