from pathlib import Path

import pytest
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_po_file_exists_for_each_language(language):
    assert (LOCALE / language / "LC_MESSAGES" / "django.po").exists()


def test_every_interface_text_has_a_swedish_translation():
    with open(LOCALE / "sv" / "LC_MESSAGES" / "django.po", "rb") as po:
        catalog = read_po(po)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
        )
    ]
    assert missing == []
