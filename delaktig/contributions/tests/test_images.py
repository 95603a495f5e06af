import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from delaktig.contributions import images

from .images import CAMERA, jpeg_with_metadata, png_with_text, upload


def _open(clean):
    clean.seek(0)
    data = clean.read()
    return data, Image.open(io.BytesIO(data))


def test_a_phone_photo_loses_every_piece_of_metadata():
    clean = images.sanitise(upload())
    data, image = _open(clean)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info and "comment" not in image.info
    assert b"Exif" not in data
    assert CAMERA.encode() not in data
    assert b"Anna" not in data


def test_the_photo_is_turned_the_way_the_camera_meant():
    # Orientation 6: the camera was held on its side; 40 × 30 is shown as 30 × 40.
    _data, image = _open(images.sanitise(upload(jpeg_with_metadata(orientation=6))))
    assert image.size == (30, 40)


def test_the_original_file_name_is_not_kept():
    clean = images.sanitise(upload(name="Anna Andersson 2026-05-01.jpg"))
    assert "Anna" not in clean.name
    assert clean.name.endswith(".jpg")


def test_png_text_chunks_are_dropped_and_transparency_kept():
    clean = images.sanitise(upload(png_with_text(), name="ritning.png", content_type="image/png"))
    data, image = _open(clean)
    assert image.format == "PNG" and image.mode == "RGBA"
    assert image.info == {} or set(image.info) <= {"dpi"}
    assert b"Anna Andersson" not in data
    assert clean.name.endswith(".png")


def test_a_file_that_only_claims_to_be_an_image_is_refused():
    fake = SimpleUploadedFile("foto.jpg", b"<html>not an image</html>", "image/jpeg")
    with pytest.raises(ValidationError) as error:
        images.sanitise(fake)
    assert error.value.code == "not_an_image"


def test_an_unaccepted_image_format_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (5, 5)).save(out, format="BMP")
    with pytest.raises(ValidationError) as error:
        images.sanitise(SimpleUploadedFile("a.bmp", out.getvalue(), "image/bmp"))
    assert error.value.code == "not_an_image"


def test_more_than_ten_megabytes_is_refused_before_decoding():
    big = SimpleUploadedFile("stor.jpg", b"\xff" * (images.MAX_BYTES + 1), "image/jpeg")
    with pytest.raises(ValidationError) as error:
        images.sanitise(big)
    assert error.value.code == "too_large"


def test_sanitising_twice_is_harmless():
    clean = images.sanitise(upload())
    assert images.sanitise(clean) is clean
