"""Test images: a phone-like JPEG with EXIF (GPS, camera, orientation) and a comment."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

CAMERA = "Kamera AB Modell 7"


def jpeg_with_metadata(*, size=(40, 30), orientation=6) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = "2026:05:01 18:30:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (59.0, 19.0, 48.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (18.0, 4.0, 6.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"Anna Anderssons telefon")
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    image = Image.new("RGBA", (20, 20), (0, 128, 0, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Anna Andersson")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(content: bytes | None = None, name="IMG_0001.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(
        name, content if content is not None else jpeg_with_metadata(), content_type
    )
