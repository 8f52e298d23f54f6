"""gunicorn's configuration for bench_auth.py: gunicorn's own defaults, on purpose.

gunicorn loads ./gunicorn.conf.py when no other file is named; its serving defaults (an access
log line per request, worker recycling) would shift these figures away from those recorded in
docs/benchmarks.md. The command line sets everything this benchmark needs.
"""
