"""Hostile uploads: whatever bytes arrive, the result is a refusal or clean pixels."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from delaktig.contributions import images

from .images import jpeg_with_metadata, png_with_text

PAYLOAD = b"<script>alert(document.cookie)</script>"


def _png(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, format="PNG")
    return out.getvalue()


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (6, 6)).save(out, format="GIF", comment=PAYLOAD)
    return out.getvalue()


def _check(content: bytes, name="foto.jpg", content_type="image/jpeg"):
    """Sanitise; on success prove the stored bytes are a plain re-encoded image."""
    try:
        clean = images.sanitise(SimpleUploadedFile(name, content, content_type))
    except ValidationError as error:
        assert error.code in {"not_an_image", "too_large", "too_many_pixels"}
        return None
    clean.seek(0)
    data = clean.read()
    assert PAYLOAD not in data
    assert b"<svg" not in data and b"<html" not in data.lower()
    with Image.open(io.BytesIO(data)) as reopened:
        assert reopened.format in {"JPEG", "PNG"}
        reopened.verify()
    assert clean.content_type in {"image/jpeg", "image/png"}
    return data


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
        b"PK\x03\x04" + b"\x00" * 40,
        b"GIF89a/*" + b"\x00" * 10 + b"*/=alert(1)//",
        b"\xff\xd8\xff\xe0" + b"\x00" * 20,  # a JPEG header and nothing else
        b"",
    ],
    ids=["svg-script", "svg", "pdf", "zip", "gifar-js", "truncated-jpeg", "empty"],
)
def test_things_that_are_not_photos_are_refused(content):
    with pytest.raises(ValidationError) as error:
        images.sanitise(SimpleUploadedFile("bild.jpg", content, "image/jpeg"))
    assert error.value.code == "not_an_image"


@pytest.mark.parametrize(
    "content",
    [jpeg_with_metadata(), _png(), png_with_text(), _gif()],
    ids=["jpeg", "png", "png-text", "gif-comment"],
)
def test_polyglots_lose_whatever_rides_along(content):
    # An image with HTML/JS appended (or a zip, as in GIFAR) still decodes as an
    # image; re-encoding keeps the pixels and drops the rest.
    for tail in (PAYLOAD, b"PK\x03\x04" + PAYLOAD):
        data = _check(content + tail)
        assert data is not None


def test_a_decompression_bomb_is_refused_without_decoding():
    out = io.BytesIO()
    Image.new("1", (10_000, 8_000)).save(out, format="PNG")  # 80 Mpx, a few kB
    with pytest.raises(ValidationError) as error:
        images.sanitise(SimpleUploadedFile("bomb.png", out.getvalue(), "image/png"))
    assert error.value.code in {"too_many_pixels", "not_an_image"}


def test_the_browser_supplied_type_and_name_are_ignored():
    data = _check(_png(), name="virus.exe", content_type="application/x-msdownload")
    assert data is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_never_crash(content):
    _check(content)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from([jpeg_with_metadata(), _png(), png_with_text(), _gif()]),
    data=st.data(),
)
def test_damaged_images_are_refused_or_cleaned(base, data):
    damaged = bytearray(base)
    flips = data.draw(st.lists(st.integers(0, len(base) - 1), min_size=1, max_size=8))
    for position in flips:
        damaged[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(base)))
    _check(bytes(damaged[:cut]))
