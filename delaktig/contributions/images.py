"""Photos attached to contributions: checked by content and stripped of metadata.

A phone photo carries EXIF data — often the GPS position where it was taken, the
time and the device — and sometimes comments or colour profiles naming the
software. None of that may follow a photo from a meeting into the platform, so
every upload is decoded with Pillow (which also proves it is an image, whatever
its name or the browser says), copied pixel by pixel into a fresh image and
encoded again. The stored file therefore holds pixels and nothing else.
"""

import io
import struct
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
# Longest side after re-encoding: enough to read a photographed table cloth,
# small enough that a page of photos loads on a phone.
MAX_SIDE = 4000
# Formats we accept as input. Photos stay JPEG; drawings and screenshots become PNG
# so that sharp edges and transparency survive.
ACCEPTED = {"JPEG", "PNG", "WEBP", "GIF"}
# Refuse images whose pixel count would need gigabytes to decode (a "decompression
# bomb" hidden in a small file); Pillow's own limit only warns below twice this.
MAX_PIXELS = 60_000_000


class CleanImage(ContentFile):
    """An image that has been through ``sanitise``: safe to store as it is."""

    content_type = "image/jpeg"


def _too_large_message() -> str:
    return _("The photo is too large. It can be at most 10 MB.")


def sanitise(upload) -> CleanImage:
    """Check that ``upload`` is an image of at most 10 MB and return it re-encoded
    without metadata. Raises ValidationError with a message for the form field."""
    if isinstance(upload, CleanImage):
        return upload
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_too_large_message(), code="too_large")
    upload.seek(0)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationError(_too_large_message(), code="too_large")
    not_an_image = ValidationError(
        _("The file is not a photo we can read. Choose a JPEG, PNG, WebP or GIF image."),
        code="not_an_image",
    )
    try:
        # Only our formats' decoders ever see the bytes: Pillow would otherwise try
        # every plugin it has (EPS through Ghostscript, among others).
        with Image.open(io.BytesIO(raw), formats=sorted(ACCEPTED)) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()  # checks the file's structure without decoding all pixels
        if image_format not in ACCEPTED:
            raise not_an_image
        if width * height > MAX_PIXELS:
            raise ValidationError(
                _("The photo has too many pixels. Make it smaller and try again."),
                code="too_many_pixels",
            )
        # verify() leaves the image unusable; open again to decode.
        with Image.open(io.BytesIO(raw), formats=sorted(ACCEPTED)) as image:
            image.load()
            # Turn the photo the way the camera meant, before the orientation tag goes.
            image = ImageOps.exif_transpose(image)
            pixels = _fresh_copy(image, keep_alpha=image_format != "JPEG")
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        EOFError,
        SyntaxError,
        ValueError,
        TypeError,
        IndexError,
        KeyError,
        ZeroDivisionError,
        struct.error,
        Image.DecompressionBombError,
    ):
        # A damaged file can fail deep inside a decoder in many ways; for the
        # person uploading it they all mean the same thing.
        raise not_an_image from None

    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if image_format == "JPEG":
        pixels.save(out, format="JPEG", quality=85, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    else:
        pixels.save(out, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    # A random name: the original file name may hold a person's name or a date.
    clean = CleanImage(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
    clean.content_type = content_type
    return clean


def _fresh_copy(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """The pixels only, in a new image whose ``info`` (EXIF, ICC profile, comments,
    PNG text chunks, XMP) is empty, so that no encoder can carry them over."""
    if keep_alpha:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        mode = "RGBA" if has_alpha else ("L" if image.mode in ("1", "L", "I;16") else "RGB")
    else:
        mode = "L" if image.mode in ("1", "L") else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())
