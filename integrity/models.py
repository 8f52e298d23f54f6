"""No models of its own: the triggers live on the students and accounts tables.

The module exists because Django sends post_migrate only for apps with a models module, and the
trigger reinstall (integrity/receivers.py) listens for this app's post_migrate.
"""
