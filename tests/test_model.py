from __future__ import annotations

import datetime as dt

import attrs
import pytest

from newsschema import (
    Article,
    Entity,
    EntityKind,
    LanguageMap,
    Qualifier,
    Section,
    Span,
    Statistic,
    ValidationError,
)

PLUS3 = dt.timezone(dt.timedelta(hours=3))


def article(**fields: object) -> Article:
    return Article(id="a", headline="عنوان", language="ar", **fields)  # type: ignore[arg-type]


def test_parts_are_frozen_keyword_only_and_hashable() -> None:
    span = Span(paragraph=0, start=1, end=2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        span.start = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        Span(0, 1, 2)  # type: ignore[call-arg]
    assert hash(article()) == hash(article())


def test_collections_default_to_empty_tuples_and_scalars_to_none() -> None:
    made = article()
    assert made.body == ()
    assert made.entities == ()
    assert made.keywords == ()
    assert made.url is None
    assert made.dateline is None
    assert made.comment_count is None
    assert made.translations == {}
    assert isinstance(made.translations, LanguageMap)


def test_an_article_is_checked_when_built() -> None:
    with pytest.raises(ValidationError) as caught:
        article(body=(Section(paragraphs=("abc",)),), comment_count=-1)
    assert [str(p) for p in caught.value.problems] == ["comment_count: must be 0 or more, got -1"]


def test_wrong_python_types_are_reported_with_paths() -> None:
    with pytest.raises(ValidationError) as caught:
        article(body={Section(paragraphs=("abc",))}, keywords=("ok", 3))
    assert [str(p) for p in caught.value.problems] == [
        "body: expected a tuple or a list, got a set",
        "keywords[1]: expected a string, got the number 3",
    ]


def test_lists_are_taken_where_the_model_holds_tuples_and_their_items_still_checked() -> None:
    # Taken at run time; a type checker sees the tuple the model holds, and asks for one.
    made = article(keywords=["a", "b"], body=[Section(paragraphs=["abc"])])  # type: ignore[arg-type]
    assert made.keywords == ("a", "b")
    assert made.body == (Section(paragraphs=("abc",)),)
    assert made == article(keywords=("a", "b"), body=(Section(paragraphs=("abc",)),))
    with pytest.raises(ValidationError, match=r"keywords\[1\]: expected a string"):
        article(keywords=["a", 2])


def test_paragraphs_are_numbered_across_sections() -> None:
    made = article(body=(Section(paragraphs=("a", "b")), Section(heading="h", paragraphs=("c",))))
    assert made.paragraphs == ("a", "b", "c")


def test_equality_sees_a_lost_utc_offset() -> None:
    moment = dt.datetime(2021, 12, 9, 10, tzinfo=PLUS3)
    same_instant_in_utc = moment.astimezone(dt.timezone.utc)
    assert moment == same_instant_in_utc  # Python's own equality ignores the offset
    assert article(date_published=moment) != article(date_published=same_instant_in_utc)
    assert article(date_published=moment) == article(date_published=moment.replace())


@pytest.mark.parametrize(("one", "other"), [(1, 1.0), (0.0, -0.0), (2500, 2500.0)])
def test_equality_of_figures_is_exact(one: float, other: float) -> None:
    def figure(value: float) -> Statistic:
        return Statistic(id="s", value=value, qualifier=Qualifier.EXACT)

    assert one == other
    assert figure(one) != figure(other)
    assert figure(one) == figure(one)


def test_language_map_is_an_ordered_hashable_mapping() -> None:
    labels = LanguageMap({"en": "Baghdad", "fr": "Bagdad"})
    assert list(labels) == ["en", "fr"]
    assert labels == {"fr": "Bagdad", "en": "Baghdad"}
    assert labels["en"] == "Baghdad"
    assert len(labels) == 2
    assert hash(labels) == hash(LanguageMap({"en": "Baghdad", "fr": "Bagdad"}))
    assert labels != LanguageMap({"en": "Baghdad"})
    assert labels != ["en", "fr"]
    assert repr(labels) == "LanguageMap({'en': 'Baghdad', 'fr': 'Bagdad'})"


def test_labels_accept_a_plain_dict() -> None:
    entity = Entity(id="e", kind=EntityKind.PLACE, name="بغداد", labels={"en": "Baghdad"})
    assert isinstance(entity.labels, LanguageMap)
    assert entity.labels == {"en": "Baghdad"}
