"""Russian grammar of the printed documents: names and positions declined by case and gender,
the «в лице …» phrase, agreeing words and amounts in words (``partnership_portal.russian``)."""

from decimal import Decimal

import pytest

from partnership_portal import russian
from partnership_portal.russian import DATIVE, GENITIVE, INSTRUMENTAL, Gender

# (last, first, patronymic) → genitive, as a Russian lawyer writes it after «в лице».
GENITIVES = [
    ("Ермаков", "Епифан", "Анисимович", "Ермакова Епифана Анисимовича"),
    ("Рябова", "Валерия", "Николаевна", "Рябовой Валерии Николаевны"),
    ("Шилова", "Валентина", "Николаевна", "Шиловой Валентины Николаевны"),
    ("Иванов", "Иван", "Иванович", "Иванова Ивана Ивановича"),
    ("Смирнова", "Ольга", "Викторовна", "Смирновой Ольги Викторовны"),
    ("Громов", "Игорь", "Олегович", "Громова Игоря Олеговича"),
    ("Черных", "Анна", "Петровна", "Черных Анны Петровны"),
    ("Черных", "Иван", "Петрович", "Черных Ивана Петровича"),
    ("Долгих", "Сергей", "Ильич", "Долгих Сергея Ильича"),
    ("Гюго", "Виктор", "Иванович", "Гюго Виктора Ивановича"),
    ("Шевченко", "Тарас", "Григорьевич", "Шевченко Тараса Григорьевича"),
    ("Шевченко", "Оксана", "Тарасовна", "Шевченко Оксаны Тарасовны"),
    ("Салтыков-Щедрин", "Михаил", "Евграфович", "Салтыкова-Щедрина Михаила Евграфовича"),
    ("Римская-Корсакова", "Надежда", "Николаевна", "Римской-Корсаковой Надежды Николаевны"),
    ("Толстой", "Лев", "Николаевич", "Толстого Льва Николаевича"),
    ("Толстая", "Софья", "Андреевна", "Толстой Софьи Андреевны"),
    ("Кузьмич", "Ольга", "Игоревна", "Кузьмич Ольги Игоревны"),
    ("Кузьмич", "Павел", "Игоревич", "Кузьмича Павла Игоревича"),
    ("Ким", "Анна", "Сергеевна", "Ким Анны Сергеевны"),
    ("Ким", "Виктор", "Сергеевич", "Кима Виктора Сергеевича"),
    ("Мамедова", "Лейла", "Алиевна", "Мамедовой Лейлы Алиевны"),
    ("Алиев", "Анар", "Рашид оглы", "Алиева Анара Рашид оглы"),
    ("Смит", "Джон", "", "Смита Джона"),
    ("Мюллер", "Анна", "", "Мюллер Анны"),
    ("Дюма", "Александр", "Дмитриевич", "Дюма Александра Дмитриевича"),
    ("Белых", "Мария", "Сергеевна", "Белых Марии Сергеевны"),
    (
        "Соловей",
        "Илья",
        "Кузьмич",
        "Соловея Ильи Кузьмича",
    ),  # the surname keeps its vowel, as petrovich and many lawyers keep it
    ("Зайцева", "Любовь", "Петровна", "Зайцевой Любови Петровны"),
    ("Петренко", "Никита", "Ильич", "Петренко Никиты Ильича"),
    ("Лебедь", "Павел", "Андреевич", "Лебедя Павла Андреевича"),
    ("Ковальчук", "Елена", "Фоминична", "Ковальчук Елены Фоминичны"),
    ("Абрамович", "Роман", "Аркадьевич", "Абрамовича Романа Аркадьевича"),
]


@pytest.mark.parametrize(("last", "first", "middle", "expected"), GENITIVES)
def test_names_are_declined_into_the_genitive_by_gender(last, first, middle, expected):
    gender = russian.detect_gender(first, middle, "female" if (last, first) == ("Мюллер", "Анна") else "")
    assert gender is not None
    assert russian.decline_name(last, first, middle, GENITIVE, gender) == expected


def test_other_cases_and_the_nominative():
    assert (
        russian.decline_name("Рябова", "Валерия", "Николаевна", DATIVE, Gender.FEMALE) == "Рябовой Валерии Николаевне"
    )
    assert (
        russian.decline_name("Громов", "Игорь", "Олегович", INSTRUMENTAL, Gender.MALE) == "Громовым Игорем Олеговичем"
    )
    assert russian.decline_name("Громов", "Игорь", "Олегович", "nomn", Gender.MALE) == "Громов Игорь Олегович"


@pytest.mark.parametrize(
    ("first", "middle", "override", "expected"),
    [
        ("Иван", "Петрович", "", Gender.MALE),
        ("Анна", "Петровна", "", Gender.FEMALE),
        ("Анар", "Рашид оглы", "", Gender.MALE),
        ("Айгуль", "Ринат кызы", "", Gender.FEMALE),
        ("Джон", "", "", Gender.MALE),
        ("Саша", "", "", None),  # cannot tell: the card must say
        ("Саша", "", "female", Gender.FEMALE),
        ("Женя", "Игоревич", "", Gender.MALE),
        ("Анна", "Петровна", "male", Gender.MALE),  # the stored override wins
    ],
)
def test_gender_comes_from_the_patronymic_with_an_override(first, middle, override, expected):
    assert russian.detect_gender(first, middle, override) == expected


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("Генеральный директор", "генерального директора"),
        ("Директор", "директора"),
        ("Заместитель директора по учебной работе", "заместителя директора по учебной работе"),
        ("Индивидуальный предприниматель", "индивидуального предпринимателя"),
        ("Начальник отдела кадров", "начальника отдела кадров"),
        ("Главный инженер", "главного инженера"),
        ("Управляющий", "управляющего"),
        ("Исполнительный директор", "исполнительного директора"),
        ("Председатель правления", "председателя правления"),
        ("Главная медсестра", "главной медсестры"),
        ("Ведущий инженер-технолог", "ведущего инженера-технолога"),
        ("Директор по персоналу", "директора по персоналу"),
        ("Генеральный директор АО «УЗТМ»", "генерального директора АО «УЗТМ»"),
        ("HR-директор", "HR-директор"),  # not a dictionary word: printed as written, never mangled
    ],
)
def test_positions_are_declined_into_the_genitive(position, expected):
    assert russian.decline_position(position) == expected


def test_the_in_person_phrase_and_the_agreeing_words():
    assert (
        russian.in_person("Генеральный директор", "Ермаков", "Епифан", "Анисимович", Gender.MALE)
        == "генерального директора Ермакова Епифана Анисимовича"
    )
    assert russian.agreement(Gender.FEMALE) == {
        "acting": "действующей",
        "named": "именуемая",
        "student": "обучающаяся",
        "citizen": "гражданка",
        "citizen_cap": "Гражданка",
        "born": "родившаяся",
        "registered": "зарегистрированная",
    }
    assert russian.agreement(Gender.MALE)["student"] == "обучающийся"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Общество с ограниченной ответственностью «Ромашка»", "именуемое"),
        ("АО «Уралмашзавод»", "именуемое"),
        ("Государственное автономное профессиональное образовательное учреждение", "именуемое"),
        ("Администрация города Екатеринбурга", "именуемая"),
        ("Фонд развития промышленности", "именуемый"),
    ],
)
def test_an_organisations_named_word_agrees_with_its_name(name, expected):
    assert russian.organisation_named(name) == expected


def test_initials_and_the_full_name_split():
    assert russian.initials("Иванова", "Мария", "Петровна") == "М. П. Иванова"
    assert russian.initials("Смит", "Джон", "") == "Д. Смит"
    assert russian.split_full_name("Алиев Анар Рашид оглы") == ("Алиев", "Анар", "Рашид оглы")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1200000", "1 200 000,00 руб. (один миллион двести тысяч рублей 00 копеек)"),
        ("21.01", "21,01 руб. (двадцать один рубль 01 копейка)"),
        ("3.5", "3,50 руб. (три рубля 50 копеек)"),
        ("111.12", "111,12 руб. (сто одиннадцать рублей 12 копеек)"),
        ("2002.04", "2 002,04 руб. (две тысячи два рубля 04 копейки)"),
    ],
)
def test_amounts_in_figures_and_words(amount, expected):
    assert russian.money_in_words(Decimal(amount)) == expected
