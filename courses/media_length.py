"""The playing time of an uploaded video, read from its container (MP4/MOV/M4V and WebM/Matroska).

Authors should not have to type a length the file already states. Only the container's header is
read (the moov/mvhd box of an MP4, the Segment Info of a WebM), never the frames, so this is cheap
and needs no ffmpeg. Anything else, or a damaged header, gives None and the author enters it.
"""

import struct

MAX_HEADER_BYTES = 8 * 1024 * 1024  # a moov box at the end of a large MP4 is found by seeking, not reading


def video_seconds(stream):
    """Seconds as a float, or None when the container is not one we read or states no length."""
    start = stream.read(12)
    stream.seek(0)
    try:
        if start[:4] == b"\x1a\x45\xdf\xa3":
            return _matroska_seconds(stream)
        if start[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
            return _mp4_seconds(stream)
    except (struct.error, ValueError, OSError):
        return None
    return None


def _boxes(stream, end):
    """(type, payload start, payload end) of the MP4 boxes between here and `end`."""
    while stream.tell() + 8 <= end:
        offset = stream.tell()
        size, kind = struct.unpack(">I4s", stream.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", stream.read(8))[0], 16
        elif size == 0:
            size = end - offset
        if size < header:
            return
        yield kind, offset + header, offset + size
        stream.seek(offset + size)


def _mp4_seconds(stream):
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(0)
    for kind, start, stop in list(_boxes(stream, end)):
        if kind != b"moov":
            continue
        stream.seek(start)
        for inner, payload, _ in _boxes(stream, stop):
            if inner == b"mvhd":
                stream.seek(payload)
                version = stream.read(1)[0]
                stream.read(3)
                if version == 1:
                    _, _, timescale, duration = struct.unpack(">QQIQ", stream.read(28))
                else:
                    _, _, timescale, duration = struct.unpack(">IIII", stream.read(16))
                return duration / timescale if timescale and duration else None
    return None


def _vint(stream, keep_marker):
    first = stream.read(1)
    if not first:
        raise ValueError("end of file")
    byte = first[0]
    length = 1
    mask = 0x80
    while length <= 8 and not byte & mask:
        length, mask = length + 1, mask >> 1
    if length > 8:
        raise ValueError("bad EBML number")
    value = byte if keep_marker else byte & (mask - 1)
    for extra in stream.read(length - 1):
        value = (value << 8) | extra
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, unknown


SEGMENT, INFO, TIMECODE_SCALE, DURATION, EBML = 0x18538067, 0x1549A966, 0x2AD7B1, 0x4489, 0x1A45DFA3


def _matroska_seconds(stream):
    stream.seek(0, 2)
    end = stream.tell()
    stream.seek(0)
    while stream.tell() < min(end, MAX_HEADER_BYTES):
        element, _ = _vint(stream, keep_marker=True)
        size, unknown = _vint(stream, keep_marker=False)
        if element == SEGMENT:
            continue  # descend: Info is among the Segment's first children
        if element == INFO:
            return _info_seconds(stream, stream.tell() + size)
        if unknown:
            return None
        stream.seek(stream.tell() + size)
    return None


def _info_seconds(stream, stop):
    scale, duration = 1_000_000, None
    while stream.tell() < stop:
        element, _ = _vint(stream, keep_marker=True)
        size, _ = _vint(stream, keep_marker=False)
        data = stream.read(size)
        if element == TIMECODE_SCALE:
            scale = int.from_bytes(data, "big")
        elif element == DURATION and size in (4, 8):
            duration = struct.unpack(">f" if size == 4 else ">d", data)[0]
    return duration * scale / 1e9 if duration else None
