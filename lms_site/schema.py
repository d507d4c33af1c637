"""What /api/schema/ promises: our endpoints only, and every answer they can give, refusals included.

A client (and the fuzzer in CI) must be able to trust the schema: each operation lists the
statuses it really answers, each with its body. Most refusals follow from what the operation is,
so `ApiSchema` adds them once instead of every view repeating them:

- 401 everywhere: any request may carry a wrong or expired `Authorization` header;
- 400 where there is a body or a query string to get wrong (body: field -> messages);
- 403 on writes that a session can make (a missing CSRF token);
- 404 where the path names something (`{id}`) and on paginated lists (a page past the end);
- 413 and 415 where there is a body (too large, not JSON);
- 429 where the view is throttled.

A view declares what is its own (a locked lesson's 403, a paid course's 402, a replay's 409) in
`extend_schema(responses=...)` with `refusal("why")`; what it declares is never overwritten.
Every refusal body is `{"detail": ..., "code": ...}` (lms_site.errors), validation errors
excepted: `{"field": ["message", ...]}`.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated

BODY_METHODS = {"POST", "PUT", "PATCH"}

VALIDATION_SCHEMA = {
    "type": "object",
    "description": "Field name -> list of messages (`non_field_errors` for the whole body); a body that "
    "cannot be read at all answers `{detail, code}` instead.",
    "additionalProperties": {},
}
GENERIC = {
    "400": "The body or query string is not valid (see the messages).",
    "401": "Not signed in, or the token is wrong or expired.",
    "403": "You may not do this (or, with a session, the CSRF token is missing).",
    "404": "No such item that you may see (or a page number past the end).",
    "413": "The body is too large.",
    "415": "Send `application/json`.",
    "429": "Too many requests: wait `Retry-After` seconds.",
}


class ErrorSerializer(serializers.Serializer):
    """A refusal: `detail` for people, `code` for programs. Some carry more fields (e.g. `missing_prerequisites`)."""

    detail = serializers.CharField()
    code = serializers.CharField()

    class Meta:
        ref_name = "Error"


def refusal(description):
    """An error answer for extend_schema(responses=...), documented with the shared Error body."""
    return OpenApiResponse(ErrorSerializer, description=description)


def only_public_api(endpoints, **kwargs):
    """Keep our /api/ endpoints; Wagtail's internal admin API is not part of the contract."""
    return [e for e in endpoints if e[0].startswith("/api/")]


class ApiSchema(AutoSchema):
    def _component(self, name, schema):
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def _statuses(self):
        """The refusals that follow from what this operation is (see the module docstring)."""
        view, writes = self.view, self.method in BODY_METHODS
        has_body = writes and bool(self._get_request_body())
        paginated = self.method == "GET" and bool(self._get_paginator()) and self._is_list_view()
        # A page past the end is a 404 (DRF's paginator); any other query parameter can be a 400.
        has_query = any(p.get("in") == "query" and p.get("name") != "page" for p in self._get_parameters())
        statuses = {"401"}
        if has_body or has_query:
            statuses.add("400")
        if has_body:
            statuses.add("415")
        if writes:
            statuses.add("413")  # ApiBodyLimitMiddleware, whether or not the view reads the body
        sessions = any(isinstance(a, SessionAuthentication) for a in view.get_authenticators())
        if (writes or self.method == "DELETE") and sessions:
            statuses.add("403")
        if "{" in self.path or paginated:
            statuses.add("404")
        if view.get_throttles():
            statuses.add("429")
        # A permission beyond "signed in" (admins only, instructors only ...) refuses the others.
        if any(type(p) not in (AllowAny, IsAuthenticated) for p in view.get_permissions()):
            statuses.add("403")
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        declared_400 = responses.get("400", {}).get("content", {}).get("application/json")
        if declared_400 is not None:
            # A view's own 400 refusals ({detail, code}) share the status with DRF's field messages:
            # the documented body is the one that admits both.
            declared_400["schema"] = self._component("ValidationErrors", VALIDATION_SCHEMA)
        for status in sorted(self._statuses()):
            if status in responses:
                continue
            schema = self._component("ValidationErrors", VALIDATION_SCHEMA) if status == "400" else error
            responses[status] = {"description": GENERIC[status], "content": {"application/json": {"schema": schema}}}
        return responses


class CachedJWTScheme(SimpleJWTScheme):
    """The API's bearer tokens: simplejwt's scheme, for its subclass that reads the user from the cache."""

    target_class = "accounts.bearer.CachedJWTAuthentication"
