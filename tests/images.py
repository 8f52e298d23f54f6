"""Image bytes for upload tests, made on the fly so no binary fixtures live in the repository."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (4, 4), **save: object) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt in {"PNG", "WEBP"} else "RGB"
    Image.new(mode, size, (200, 30, 30, 255) if mode == "RGBA" else (200, 30, 30)).save(
        buffer, format=fmt, **save
    )
    return buffer.getvalue()


def noisy_png(size: tuple[int, int]) -> bytes:
    """A PNG that does not compress away, to exceed a byte cap with a modest pixel count."""
    buffer = io.BytesIO()
    noise = bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3))
    Image.frombytes("RGB", size, noise).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: a pixel flood (decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x0131] = "GPS-and-other-secrets"  # Software
    return image_bytes("JPEG", (8, 8), exif=exif.tobytes())


def mpo_with_exif() -> bytes:
    """A multi-picture JPEG, as phones write: a red first frame, a green second, and EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    buffer = io.BytesIO()
    first = Image.new("RGB", (8, 8), (200, 30, 30))
    second = Image.new("RGB", (8, 8), (30, 200, 30))
    first.save(buffer, "MPO", save_all=True, append_images=[second], exif=exif.tobytes())
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).format == "MPO"
    return data


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def multipart(field: str, filename: str, content: bytes, content_type: str) -> tuple[bytes, str]:
    """A multipart body written by hand: Django's test client would strip the path from
    `filename` before sending, and the server must be shown to cope with the raw one."""
    boundary = "----registrar-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"
