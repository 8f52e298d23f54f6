from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

BAD_PAGE_SIZE = "A whole number, at least 1."


class StudentPagination(PageNumberPagination):
    """Pages of 20 by default; a client may ask for up to 100 with `page_size`."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int | None:
        # DRF falls back to the default on a bad value; the API answers 400, as for any filter.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({self.page_size_query_param: [BAD_PAGE_SIZE]}) from None
        if size < 1:
            raise ValidationError({self.page_size_query_param: [BAD_PAGE_SIZE]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters
