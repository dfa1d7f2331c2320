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

# The counties the default directory covers (issue 13), with the county seat's ZIP code for the
# coverage table (scripts/directory-coverage).
SOUTHERN_CALIFORNIA: dict[str, str] = {
    "Los Angeles": "90012",
    "Orange": "92701",
    "Riverside": "92501",
    "San Bernardino": "92401",
    "San Diego": "92101",
    "Ventura": "93001",
    "Santa Barbara": "93101",
    "San Luis Obispo": "93401",
    "Kern": "93301",
    "Imperial": "92243",
}

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

# Who a service is for (`serves:<group>`). A service that names groups of one dimension serves only
# those: a patient known to be in another group of that dimension is not offered it (providers/search.py).
AGE_GROUPS: tuple[str, ...] = ("adults", "children_teens")
PERINATAL_GROUPS: tuple[str, ...] = ("pregnant", "postpartum")
# Groups a service may be limited to; a patient not known to belong is shown it after unlimited ones.
LIMITED_GROUPS: tuple[str, ...] = (*PERINATAL_GROUPS, "parents_babies", "women", "veterans", "members")
SERVES: tuple[str, ...] = (*AGE_GROUPS, *LIMITED_GROUPS)
# Care only with an overnight stay (residential or hospital, no outpatient visits): ranked after the rest,
# since a patient whose appointments were canceled looks for visits.
OVERNIGHT_ONLY = "setting:overnight_only"
OPEN_24_7 = "hours:24_7"  # only where the source itself says the service is open around the clock

BABY_FRIENDLY = PREFERENCE_CODES["baby_friendly"]
OUTPATIENT = "setting:outpatient"
CHILD_CARE = "support:child_care"  # child care or beds for clients' children (SAMHSA CCC, BC)

# Facets an imported taxonomy term may carry to be kept as a directory attribute.
FACETS: tuple[str, ...] = ("care", "format", "cost", "pref", "ownership", "setting", "support", "serves", "hours")

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
