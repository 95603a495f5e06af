"""The languages a survey may be offered in, besides Swedish.

Swedish lives in the models' plain fields and is always there; every other
language is a translation kept in the object's ``translations`` JSON,
``{"en": {"text": "…", "help_text": "…"}}``. A text that has not been translated
falls back to Swedish, so a half-translated survey can still be answered.

The codes are BCP 47 tags, so that they can go into ``lang`` attributes as they
are; lätt svenska has no tag of its own and uses a private-use subtag.
"""

from dataclasses import dataclass

SWEDISH = "sv"


@dataclass(frozen=True)
class Language:
    code: str
    # The language's name in the language itself, as a resident looks for it.
    name: str
    # The Swedish name, for staff pages.
    swedish_name: str
    rtl: bool = False
    # The value for the HTML lang attribute.
    html_lang: str = ""

    @property
    def lang(self) -> str:
        return self.html_lang or self.code

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("sv", "Svenska", "Svenska"),
        Language("sv-easy", "Lätt svenska", "Lätt svenska", html_lang="sv-x-easy"),
        Language("en", "English", "Engelska"),
        Language("ar", "العربية", "Arabiska", rtl=True),
        Language("so", "Soomaali", "Somaliska"),
        Language("fi", "Suomi", "Finska"),
        Language("fit", "Meänkieli", "Meänkieli"),
        Language("se", "Davvisámegiella", "Nordsamiska"),
        Language("fa", "فارسی", "Persiska", rtl=True),
        Language("ti", "ትግርኛ", "Tigrinja"),
    )
}

# Languages a survey may add; Swedish is always there.
OFFERED = tuple(code for code in LANGUAGES if code != SWEDISH)

# Texts per object that can be translated; scale end labels sit in Question.settings.
SURVEY_FIELDS = ("title", "intro", "thanks_text")
SECTION_FIELDS = ("title", "description")
QUESTION_FIELDS = ("text", "help_text")
SCALE_LABEL_FIELDS = ("min_label", "max_label")
CHOICE_FIELDS = ("text",)


def get(code: str) -> Language:
    return LANGUAGES.get(code) or LANGUAGES[SWEDISH]


def language_choices():
    """(code, "Swedish name (own name)") for every offered language."""
    choices = []
    for code in OFFERED:
        language = LANGUAGES[code]
        label = language.swedish_name
        if language.name != language.swedish_name:
            label = f"{language.swedish_name} ({language.name})"
        choices.append((code, label))
    return choices


def survey_languages(survey) -> list[Language]:
    """Swedish first, then the survey's other languages in their offered order."""
    chosen = set(survey.languages or [])
    return [LANGUAGES[SWEDISH]] + [LANGUAGES[code] for code in OFFERED if code in chosen]


def swedish_text(obj, field: str) -> str:
    if field in SCALE_LABEL_FIELDS:
        return str((getattr(obj, "settings", None) or {}).get(field) or "")
    return getattr(obj, field, "") or ""


def translated_text(obj, field: str, language: str) -> str:
    """The stored translation only (empty when missing), for the translation page."""
    translations = getattr(obj, "translations", None) or {}
    return (translations.get(language) or {}).get(field) or ""


def text_in(obj, field: str, language: str) -> str:
    """The text of ``field`` in ``language``, or the Swedish text when not translated."""
    if language and language != SWEDISH:
        text = translated_text(obj, field, language)
        if text.strip():
            return text
    return swedish_text(obj, field)


def translatable_fields(obj) -> tuple[str, ...]:
    """The fields of one survey object that a translation covers (only non-empty Swedish)."""
    from .models import MatrixItem, Option, Question, Section, Survey

    if isinstance(obj, Survey):
        fields = SURVEY_FIELDS
    elif isinstance(obj, Section):
        fields = SECTION_FIELDS
    elif isinstance(obj, Question):
        fields = QUESTION_FIELDS
        if obj.kind in (obj.Kind.SCALE, obj.Kind.MATRIX):
            fields = fields + SCALE_LABEL_FIELDS
    elif isinstance(obj, (Option, MatrixItem)):
        fields = CHOICE_FIELDS
    else:
        fields = ()
    return tuple(field for field in fields if swedish_text(obj, field).strip())


def survey_objects(survey, sections=None):
    """Every translatable object of a survey in reading order: the survey, then per
    section its questions with their options and matrix rows.

    ``sections`` may be given already loaded with questions, options and items
    prefetched (see ``selectors.survey_for_builder``).
    """
    if sections is None:
        from .selectors import survey_sections

        sections = survey_sections(survey)
    yield survey
    for section in sections:
        yield section
        for question in section.questions.all():
            yield question
            yield from question.options.all()
            yield from question.items.all()


def missing_translations(survey, language: str, sections=None) -> list[tuple[object, str]]:
    """(object, field) pairs whose Swedish text has no translation into ``language``."""
    missing = []
    for obj in survey_objects(survey, sections):
        for field in translatable_fields(obj):
            if not translated_text(obj, field, language).strip():
                missing.append((obj, field))
    return missing
