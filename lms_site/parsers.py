"""JSON request bodies with a bounded nesting depth.

Python's decoder recurses per level, so a body of a few thousand `[` raises RecursionError (a
500) before any view sees it. Every API body goes through `loads_bounded`: deeper than
MAX_JSON_DEPTH, or too deep for the decoder at all, is a clear 400.
"""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32


class TooDeep(ValueError):
    pass


def depth_of(value, max_depth=MAX_JSON_DEPTH):
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > max_depth:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def loads_bounded(raw, max_depth=MAX_JSON_DEPTH):
    """json.loads, refusing nesting deeper than max_depth with TooDeep (a ValueError)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise TooDeep(f"The JSON is nested more than {max_depth} levels deep.") from None
    if depth_of(value, max_depth) > max_depth:
        raise TooDeep(f"The JSON is nested more than {max_depth} levels deep.")
    return value


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            return loads_bounded(stream.read().decode(encoding))
        except TooDeep as error:
            raise ParseError(str(error)) from None
        except (UnicodeDecodeError, ValueError) as error:
            raise ParseError(f"JSON parse error - {error}") from None
