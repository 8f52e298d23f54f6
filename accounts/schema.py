"""How our authentication classes appear in the OpenAPI schema."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class KeywordHeaderScheme(OpenApiAuthenticationExtension):
    """`Authorization: <keyword> <secret>`, the keyword read from the authentication class."""

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.keyword
        )


class TokenAuthenticationScheme(KeywordHeaderScheme):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"


class ApiKeyAuthenticationScheme(KeywordHeaderScheme):
    target_class = "accounts.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"


class BasicAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.CachedBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "basic"}


class RemoteUserAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TrustedProxyRemoteUserAuthentication"
    name = "remoteUserAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": settings.REGISTRAR["REMOTE_USER_HEADER"] or "X-Remote-User",
            "description": (
                "The user name set by a trusted proxy. Off unless REMOTE_USER_HEADER names "
                "the header; a client's own header is never trusted."
            ),
        }
