"""The directory's controlled vocabulary, defined once for the seed, the search and the bot.

Service attributes are stored as taxonomy-like codes `<facet>:<value>` (for example `care:postpartum`,
`cost:free`); search reasons use the same codes, so callers word them in their own language.
"""

from __future__ import annotations

CARE_TYPES: dict[str, str] = {
    "postpartum": "perinatal mental health: pregnancy and the time after birth",
    "post_discharge": "step-down care after a psychiatric hospital stay (partial hospital, intensive outpatient)",
    "individual_therapy": "one-on-one therapy or counseling",
    "psychiatry": "psychiatrist visits and medication",
    "group_therapy": "therapy or support groups",
    "child_teen": "care for children and teens",
    "substance_use": "substance-use treatment",
    "other": "general mental-health support, information and referral",
}

# A patient's preference -> the code a service must carry to fit it.
PREFERENCE_CODES: dict[str, str] = {
    "baby_friendly": "pref:baby_friendly",
    "spanish": "lang:es",
    "in_person": "format:in_person",
    "virtual": "format:virtual",
    "free": "cost:free",
}
PREFERENCES: tuple[str, ...] = tuple(PREFERENCE_CODES)

FORMATS: tuple[str, ...] = ("in_person", "phone", "virtual")  # also the order a match picks its format in
COSTS: tuple[str, ...] = ("free", "sliding_scale", "medi_cal", "medicare", "insurance", "unknown")
OWNERSHIPS: tuple[str, ...] = ("nonprofit", "public", "for_profit", "unknown")
STATUSES: tuple[str, ...] = ("active", "temporarily_closed", "closed")

# Service areas are a county, or one of these wide scopes with the HSDS service_area name stored for it.
WIDE_AREA_NAMES: dict[str, str] = {"statewide": "California", "national": "United States"}

# ISO 639-1 codes accepted in the directory (extend as data needs).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "vi": "Vietnamese",
    "ko": "Korean",
    "zh": "Chinese",
    "tl": "Tagalog",
    "hy": "Armenian",
    "fa": "Persian",
    "ru": "Russian",
    "ar": "Arabic",
}

BABY_FRIENDLY = PREFERENCE_CODES["baby_friendly"]
OUTPATIENT = "setting:outpatient"
CHILD_CARE = "support:child_care"  # child care or beds for clients' children (SAMHSA CCC, BC)

# Facets an imported taxonomy term may carry to be kept as a directory attribute.
FACETS: tuple[str, ...] = ("care", "format", "cost", "pref", "ownership", "setting", "support")

# Staff search filters (`python -m providers search --nonprofit ...`): each demands one code.
FILTER_CODES: dict[str, str] = {
    **{ownership: f"ownership:{ownership}" for ownership in OWNERSHIPS if ownership != "unknown"},
    **{cost: f"cost:{cost}" for cost in COSTS if cost != "unknown"},
    **{fmt: f"format:{fmt}" for fmt in FORMATS},
    "spanish": "lang:es",
    "baby_friendly": BABY_FRIENDLY,
    "outpatient": OUTPATIENT,
    "child_care": CHILD_CARE,
}


def code(facet: str, value: str) -> str:
    """The attribute code for one facet value, e.g. code("care", "postpartum") == "care:postpartum"."""
    return f"{facet}:{value}"
