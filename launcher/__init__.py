"""Runs the whole system on one machine: the embedded database, migrations, the
demo branch and one server for the SPA and the three services (`make run`)."""
