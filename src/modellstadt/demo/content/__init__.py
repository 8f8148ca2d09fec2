"""The demo city #WolfsburgDigital as plain Python data, one module per kind of content.

Facts from public sources cite their URL in ``note``/``editorial_note``; everything else is marked as
demo content (see ``schema.DEMO_NOTE``).
"""
