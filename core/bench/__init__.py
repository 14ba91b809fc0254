"""`manage.py bench`: the issue-10 figures measured in one run, on the bench's own databases.

One module per measurement: ``pages`` (dashboard API against one SQL query, project list),
``importing`` (batch import speed and memory), ``load`` (gunicorn under a few clients);
``datasets`` and ``databases`` make and reuse the generated databases they run on.
"""
