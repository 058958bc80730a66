"""Russian grammar for printed documents: people's names and positions in any case, gender
agreement, amounts in words.

Names are declined by ``pytrovich`` (the petrovich rules), positions by ``pymorphy3``; both are
loaded once per process on first use. Nothing here touches the database: callers pass the name
parts and an optional stored gender override.
"""

import functools
import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


# Grammatical cases by their pymorphy3 names; pytrovich names them in English.
NOMINATIVE, GENITIVE, DATIVE, ACCUSATIVE, INSTRUMENTAL, PREPOSITIONAL = "nomn", "gent", "datv", "accs", "ablt", "loct"
_PETROVICH_CASES = {
    GENITIVE: "GENITIVE",
    DATIVE: "DATIVE",
    ACCUSATIVE: "ACCUSATIVE",
    INSTRUMENTAL: "INSTRUMENTAL",
    PREPOSITIONAL: "PREPOSITIONAL",
}


@functools.cache
def _petrovich():
    from pytrovich.detector import PetrovichGenderDetector
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker(), PetrovichGenderDetector()


@functools.cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=4096)  # a pure function of its words: every document asks again
def detect_gender(first_name, middle_name, override=""):
    """``Gender.MALE`` / ``Gender.FEMALE`` from the stored override, else from the patronymic
    (and the first name where the patronymic says nothing); ``None`` when nothing tells."""
    if override:
        return Gender(override)
    middle = (middle_name or "").strip().lower()
    if middle.endswith(("вич", "ич", "оглы", "улы", "уулу")):
        return Gender.MALE
    if middle.endswith(("вна", "чна", "шна", "кызы", "гызы")):
        return Gender.FEMALE
    from pytrovich.enums import Gender as PGender

    detected = _petrovich()[1].detect(firstname=(first_name or "").strip(), middlename=(middle_name or "").strip())
    return {PGender.MALE: Gender.MALE, PGender.FEMALE: Gender.FEMALE}.get(detected)


@functools.lru_cache(maxsize=4096)  # a pure function of its words: every document asks again
def decline_name(last_name, first_name, middle_name, case, gender):
    """«Фамилия Имя Отчество» in ``case``; a name the rules cannot decline stays as written.
    Without a gender the name is printed in the nominative: a wrong ending is worse."""
    parts = [p.strip() for p in (last_name, first_name, middle_name)]
    if case == NOMINATIVE or gender is None:
        return " ".join(p for p in parts if p)
    from pytrovich.enums import Case, NamePart
    from pytrovich.enums import Gender as PGender

    maker = _petrovich()[0]
    pgender = PGender.MALE if gender == Gender.MALE else PGender.FEMALE
    pcase = getattr(Case, _PETROVICH_CASES[case])
    declined = []
    for value, part in zip(parts, (NamePart.LASTNAME, NamePart.FIRSTNAME, NamePart.MIDDLENAME), strict=True):
        if not value:
            continue
        if part == NamePart.MIDDLENAME and not value.lower().endswith(("вич", "вна", "чна", "ич", "шна")):
            declined.append(value)  # «Рашид оглы» and the like keep their form
            continue
        declined.append(maker.make(part, pgender, pcase, value))
    return " ".join(declined)


def initials(last_name, first_name, middle_name):
    """«И. О. Фамилия», as a signature line prints it."""
    letters = " ".join(f"{p.strip()[0]}." for p in (first_name, middle_name) if p and p.strip())
    return f"{letters} {last_name.strip()}".strip()


def split_full_name(value):
    """(last, first, middle) of «Фамилия Имя Отчество»; a patronymic of several words
    («Рашид оглы») stays whole."""
    parts = (value or "").split()
    if not parts:
        return "", "", ""
    return parts[0], parts[1] if len(parts) > 1 else "", " ".join(parts[2:])


_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")


def _inflect_word(word, grammemes):
    """One word of a position in other grammemes, keeping its capitalisation; None if the
    dictionary does not know it as a nominative noun or adjective."""
    for parse in _morph().parse(word):
        tag = parse.tag
        if "nomn" not in tag or tag.POS not in ("NOUN", "ADJF", "PRTF"):
            continue
        form = parse.inflect(grammemes)
        if form is None:
            continue
        result = form.word
        if word[:1].isupper():
            result = result[:1].upper() + result[1:]
        return result, tag
    return None


@functools.lru_cache(maxsize=4096)  # a pure function of its words: every document asks again
def decline_position(position, case=GENITIVE):
    """A position in ``case``: the head noun and the adjectives before it change, the rest
    («по учебной работе», «отдела кадров») is already in its case and stays.
    «Генеральный директор» → «генерального директора». Abbreviations keep their letters."""
    text = " ".join((position or "").split())
    if not text or case == NOMINATIVE:
        return text
    words = text.split(" ")
    # The first word of a position is lower-case inside a sentence, unless it is an abbreviation.
    if words[0][:1].isupper() and words[0][1:2].islower():
        words[0] = words[0][:1].lower() + words[0][1:]
    pending = []  # adjectives before the head noun, declined once its gender is known
    for index, word in enumerate(words):
        if not _WORD.fullmatch(word):
            break
        parses = [p for p in _morph().parse(word) if "nomn" in p.tag]
        noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
        if noun is not None and not any(p.tag.POS in ("ADJF", "PRTF") for p in parses[:1]):
            gender = noun.tag.gender or "masc"
            declined = _inflect_word(word, {case, "sing"})
            if declined:
                words[index] = declined[0]
            for adjective_index in pending:
                form = _inflect_word(words[adjective_index], {case, "sing", gender})
                if form:
                    words[adjective_index] = form[0]
            return " ".join(words)
        if parses and parses[0].tag.POS in ("ADJF", "PRTF"):
            pending.append(index)
            continue
        break
    # No head noun («Управляющий»): the adjectives stand for it.
    for adjective_index in pending:
        form = _inflect_word(words[adjective_index], {case, "sing", "masc"})
        if form:
            words[adjective_index] = form[0]
    return " ".join(words)


def in_person(position, last_name, first_name, middle_name, gender):
    """The «в лице …» phrase: «генерального директора Иванова Ивана Ивановича»."""
    name = decline_name(last_name, first_name, middle_name, GENITIVE, gender)
    return " ".join(p for p in (decline_position(position, GENITIVE), name) if p)


def agree(gender, male, female):
    """The word that agrees with the person: ``agree(g, "действующего", "действующей")``."""
    return female if gender == Gender.FEMALE else male


# Words that agree with a person, by the person's gender: used by every printed document.
AGREEMENT = {
    "acting": ("действующего", "действующей"),
    "named": ("именуемый", "именуемая"),
    "student": ("обучающийся", "обучающаяся"),
    "citizen": ("гражданин", "гражданка"),
    "citizen_cap": ("Гражданин", "Гражданка"),
    "born": ("родившийся", "родившаяся"),
    "registered": ("зарегистрированный", "зарегистрированная"),
}


def agreement(gender):
    """All the agreeing words for one person, as a dict for the document snapshot."""
    return {key: agree(gender, male, female) for key, (male, female) in AGREEMENT.items()}


def money_in_words(amount):
    """«1 200 000,00 руб. (один миллион двести тысяч рублей 00 копеек)»."""
    from num2words import num2words

    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    roubles = int(amount)
    kopecks = int((amount - roubles) * 100)
    words = num2words(roubles, lang="ru")
    figures = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return f"{figures} руб. ({words} {_plural(roubles, 'рубль', 'рубля', 'рублей')} {kopecks:02d} {_plural(kopecks, 'копейка', 'копейки', 'копеек')})"


def _plural(number, one, few, many):
    number = abs(number) % 100
    if 11 <= number <= 14:
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(number % 10, many)


@functools.lru_cache(maxsize=4096)  # a pure function of its words: every document asks again
def organisation_named(name):
    """«именуемое» / «именуемая» / «именуемый», agreeing with the first word of an organisation's
    name: «Общество …», «Государственное … учреждение» → «именуемое»; «Администрация …» →
    «именуемая»; «Фонд …», «Индивидуальный предприниматель …» → «именуемый»."""
    match = _WORD.search(name or "")
    if match:
        for parse in _morph().parse(match.group(0)):
            if "nomn" in parse.tag and parse.tag.POS in ("NOUN", "ADJF", "PRTF") and "sing" in parse.tag:
                return {"femn": "именуемая", "masc": "именуемый"}.get(parse.tag.gender, "именуемое")
    return "именуемое"
