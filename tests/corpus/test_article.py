"""Article structure: header, title, dates and their sources, boilerplate spans, embedded posts, language."""

from __future__ import annotations

from components.corpus.article import parse_source
from components.corpus.readers import Source


def parse(text: str, **meta):
    return parse_source(Source("x.txt", None, text, "text" if not meta else "row", meta))


def test_header_with_day():
    a = parse(" date 2022-11-11 Oekraïense troepen trokken Cherson binnen, meldt het leger.")
    assert (a.date.iso, a.date.precision, a.date_source) == ("2022-11-11", "day", "header")
    assert not a.body.startswith("date")


def test_no_date_is_never_invented():
    a = parse("Oekraïense troepen trokken Cherson binnen. Er werd gefeest in de straten van de stad.")
    assert a.date is None and a.date_source == "none"


def test_metadata_date_keeps_its_precision():
    assert parse("Troepen bij Kiev.", date="2022-03").date.precision == "month"
    assert parse("Troepen bij Kiev.", date="2022-03-05T10:00:00Z").date.iso == "2022-03-05"


def test_month_inferred_from_latest_embedded_post():
    text = (
        "Titel van het stuk\n"
        "Tekst van het artikel over Kherson en de bevrijding van de stad door het leger.\n"
        "Kherson is free! pic.twitter.com/abc123\n— Some One (@someone) November 11, 2022\n"
        "Older post about Kyiv pic.twitter.com/def456\n— Other Person (@other) 3 oktober 2022\n"
    )
    a = parse(text)
    assert (a.date.iso, a.date.precision, a.date_source) == ("2022-11", "month", "embedded")
    assert [(p.handle, p.date.iso) for p in a.posts] == [("someone", "2022-11-11"), ("other", "2022-10-03")]
    assert a.posts[0].text == "Kherson is free! pic.twitter.com/abc123"
    assert "pic.twitter.com" not in a.body and "@someone" not in a.body


def test_title_line_after_image_line():
    a = parse(
        "![](https://img.example/x.jpg)\nBevrijding van Cherson: feest in de straten\nDe stad viert feest."
    )
    assert (a.title, a.title_source) == ("Bevrijding van Cherson: feest in de straten", "line")
    assert "Bevrijding" not in a.body and "img.example" not in a.body


def test_title_derived_from_first_sentence_when_there_is_no_title_line():
    a = parse(
        " date 2022-09 De Russische terugtrekking in Charkiv verloopt chaotisch. Er is veel achtergelaten."
    )
    assert (a.title, a.title_source) == (
        "De Russische terugtrekking in Charkiv verloopt chaotisch.",
        "first_sentence",
    )


def test_boilerplate_in_three_languages_is_removed_but_kept_as_spans():
    text = (
        "Ukrainian troops entered Kherson on Friday.\n"
        "WATCH: Drone footage of the celebrations\n"
        "We use cookies to improve your experience. Accept cookies to see this content.\n"
        "Die Armee meldet Erfolge bei Charkiw. Foto: dpa\n"
        "BEKIJK. Beelden van de bevrijding\n"
        "Lesen Sie auch: Die Lage in Saporischschja\n"
        "Residents celebrated in the main square. © Reuters / Jane Doe\n"
    )
    a = parse(text)
    kinds = {text[s:e]: k for s, e, k in a.boilerplate}
    assert kinds["WATCH: Drone footage of the celebrations"] == "teaser"
    assert kinds["BEKIJK. Beelden van de bevrijding"] == "teaser"
    assert (
        kinds["We use cookies to improve your experience. Accept cookies to see this content."] == "consent"
    )
    assert kinds["Foto: dpa"] == "credit" and kinds["© Reuters / Jane Doe"] == "credit"
    assert kinds["Lesen Sie auch: Die Lage in Saporischschja"] == "promo"
    assert "Residents celebrated in the main square." in a.body
    assert "Reuters" not in a.body and "cookies" not in a.body


def test_lines_repeated_within_a_document_are_boilerplate():
    notice = "Deze inhoud is niet beschikbaar zonder uw toestemming voor sociale media."
    a = parse(
        f"Eerste alinea over Kiev.\n{notice}\nTweede alinea over Lviv.\n{notice}\nDerde alinea over Odessa."
    )
    assert sum(1 for s, e, _ in a.boilerplate if a.text[s:e] == notice) == 2


def test_language():
    assert (
        parse("De Russische troepen hebben zich teruggetrokken uit de stad en het leger is blij.").language
        == "nl"
    )
    assert (
        parse("The Russian troops have withdrawn from the city and the army is pleased with it.").language
        == "en"
    )
    assert (
        parse(
            "Die russischen Truppen haben sich aus der Stadt zurückgezogen und die Armee ist froh."
        ).language
        == "de"
    )
    assert parse("Les troupes russes se sont retirées de la ville et l'armée est contente.").language == "fr"
