"""gunicorn's configuration for the benchmarks that start their own servers: its own defaults.

gunicorn loads ./gunicorn.conf.py when no other file is named; its serving defaults (an access
log line per request, worker recycling) would shift these figures away from those recorded in
docs/benchmarks.md. The command line sets everything this benchmark needs.
"""
