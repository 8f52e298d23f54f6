"""Authentication backends beyond Django's ModelBackend."""

from django.contrib.auth.backends import RemoteUserBackend


class ExistingRemoteUserBackend(RemoteUserBackend):
    """Trust a proxy's user name only for accounts that already exist.

    Django's default would create an account for any name the proxy passes on.
    """

    create_unknown_user = False
