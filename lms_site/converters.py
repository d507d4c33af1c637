"""URL converters. `<id:pk>` is `<int:pk>` bounded to what a 64-bit primary key can hold, so an
absurd id is a 404 rather than an overflow in the database driver."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
