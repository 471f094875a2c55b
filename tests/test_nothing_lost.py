"""What the third outside review found that loses, changes or invents data, each once more.

One test (or a few) per finding of the issue "Nothing lost, nothing invented"; the number in a
test's comment is the finding's.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import warnings
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsschema as ns
from newsschema.dates import foreign_moment
from newsschema.limits import LARGEST
from tests.conftest import ROOT, SEED, examples, read_saying
from tests.test_review import _article as markup_article

NEWSSCHEMA = str(Path(sys.executable).with_name("newsschema"))


def _jsonl_with_a_bad_line(path: Path) -> bytes:
    good = ns.dumps(ns.load(SEED), format="jsonl")
    data = good + b'{"id": ""}\n'
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("spelling", ["same", "link", "dotdot"])
def test_rejects_that_name_the_input_are_refused_and_the_input_kept(
    tmp_path: Path, spelling: str
) -> None:  # 1
    source = tmp_path / "in.jsonl"
    data = _jsonl_with_a_bad_line(source)
    (tmp_path / "sub").mkdir()
    if spelling == "link":
        (tmp_path / "alias.jsonl").symlink_to(source)
        rejects: Path = tmp_path / "alias.jsonl"
    elif spelling == "dotdot":
        rejects = tmp_path / "sub" / ".." / "in.jsonl"
    else:
        rejects = source
    with pytest.raises(ns.FormatError, match=r"rejects: .* is the input"):
        list(ns.read(source, rejects=rejects))
    assert source.read_bytes() == data


def test_rejects_as_a_folder_is_refused_naming_the_argument(tmp_path: Path) -> None:  # 17
    source = tmp_path / "in.jsonl"
    _jsonl_with_a_bad_line(source)
    with pytest.raises(ns.FormatError, match=r"rejects: .* is a folder"):
        list(ns.read(source, rejects=tmp_path))


def test_rejects_as_a_closed_or_text_stream_is_refused_naming_the_argument(
    tmp_path: Path,
) -> None:  # 17
    source = tmp_path / "in.jsonl"
    _jsonl_with_a_bad_line(source)
    closed = io.BytesIO()
    closed.close()
    with pytest.raises(ns.FormatError, match="rejects: the stream is closed"):
        list(ns.read(source, rejects=closed))
    with pytest.raises(ns.FormatError, match="rejects: a text stream"):
        list(ns.read(source, rejects=io.StringIO()))  # type: ignore[arg-type]


def test_a_closed_source_stream_is_refused_naming_the_argument() -> None:  # 17
    closed = io.BytesIO(b"{}\n")
    closed.close()
    with pytest.raises(ns.FormatError, match="source: the stream is closed"):
        list(ns.read(closed, format="jsonl"))


def test_rejects_beside_the_input_are_written(tmp_path: Path) -> None:  # 1, the ordinary case
    source = tmp_path / "in.jsonl"
    _jsonl_with_a_bad_line(source)
    rejects = tmp_path / "rejects.jsonl"
    assert len(list(ns.read(source, rejects=rejects))) == 1
    assert rejects.read_bytes().count(b"\n") == 1
    assert os.path.exists(source)


def _caught(source: object, **options: object) -> tuple[list[ns.Article], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found = list(ns.read(source, **options))  # type: ignore[arg-type]
    return found, [str(w.message) for w in caught]


@pytest.mark.parametrize("offset", ["+24:00", "+99:00", "+9900", "-2400", "+05:99"])
def test_an_offset_that_is_not_a_time_of_day_is_dropped_with_a_warning(offset: str) -> None:  # 13
    moment = f"2021-01-01T10:00:00{offset}"
    markup = markup_article(datePublished=moment)
    item = orjson.dumps(
        {
            "uri": "https://example.com/n",
            "headlines": [{"value": "h"}],
            "language": "en",
            "bodies": [{"contenttype": "text/plain", "value": "x"}],
            "firstcreated": moment,
        }
    )
    page = (
        '<html lang="en"><head><meta property="article:published_time" '
        f'content="{moment}"><title>t</title></head><body><article><h1>Head</h1>'
        f"<p>{'word ' * 60}</p><p>{'more ' * 60}</p></article></body></html>"
    ).encode()
    for data, format in ((markup, "jsonld"), (item, "ninjs"), (page, "html")):
        (article,), notes = read_saying(data, format=format)
        assert article.date_published is None, format
        assert any("not a time of day" in note for note in notes), (format, notes)
    assert foreign_moment(f"Fri, 01 Jan 2021 10:00:00 {offset.replace(':', '')}")[0] is None


@pytest.mark.parametrize(
    "value", [-1, 0, True, 2**63 - 1, 10**999_999, "5", 1.5], ids=lambda value: type(value).__name__
)
def test_a_limit_that_is_no_size_is_one_line(value: object) -> None:  # 15
    with pytest.raises(ns.FormatError, match=r"^Limits\(record_bytes=.{1,40}\): give a whole"):
        ns.Limits(record_bytes=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("format", ["json", "jsonl", "html", "jsonld", "ninjs"])
def test_the_largest_limit_reads_as_the_default_does(format: str) -> None:  # 15
    largest = ns.Limits(record_bytes=LARGEST, depth=LARGEST, blocks=LARGEST, jsonld_work=LARGEST)
    data = (ROOT / "fixtures" / "pages" / "english-news.html").read_bytes()
    if format != "html":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what ninjs does not keep of the seed
            data = ns.dumps(ns.load(SEED), format=format)
    found, _ = _caught(io.BytesIO(data), format=format, limits=largest)
    expected, _ = _caught(io.BytesIO(data), format=format)
    assert found == expected


@pytest.mark.parametrize(
    ("flag", "said"),
    [
        (["-O", "row_group_bytes=²"], "option row_group_bytes='²': give a whole number"),
        (["-O", "row_group_bytes=" + "9" * 100_000], "100,000 digits, past any size"),
        (["--max-record-bytes", "9223372036854775807"], "--max-record-bytes: give a whole"),
        (["--max-jsonld-work", str(2**62 + 1)], "--max-jsonld-work: give a whole"),
    ],
)
def test_every_number_of_the_command_line_is_checked_in_one_line(
    tmp_path: Path, flag: list[str], said: str
) -> None:  # 15
    done = subprocess.run(
        [NEWSSCHEMA, "convert", str(SEED), "-o", str(tmp_path / "out.parquet"), *flag],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert said in done.stderr
    assert not (tmp_path / "out.parquet").exists()


def test_a_set_of_hundreds_of_unspecified_years_is_read_without_the_edtf_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # 19: linear and cheap, counted as work (the slow parser is never called)
    from newsschema import dates

    def refuse(text: str) -> object:
        raise AssertionError(f"read by the edtf package: {text[:40]}")

    monkeypatch.setattr(dates, "_read_with_edtf", refuse)
    for element in ("19XX", "198X?", "1XXX", "1985-XX-XX", "1XXX-XX-XX~"):
        date = ns.PartialDate("{" + ", ".join([element] * 400) + ", 2001}")
        assert date.latest == dt.date(2001, 12, 31)
    assert ns.PartialDate("[19XX, 1985]").earliest == dt.date(1900, 1, 1)


def test_the_caches_of_partial_dates_keep_no_long_date() -> None:  # 20
    from newsschema import convert, dates

    convert.partial_date.cache_clear()
    dates._bounds.cache_clear()
    for number in range(30):
        text = "{" + ", ".join(f"{1000 + (number + i) % 9000}" for i in range(5_000)) + "}"
        assert convert.partial_date(text).earliest is not None
    assert convert.partial_date.cache_info().currsize == 0
    assert dates._bounds.cache_info().currsize == 0
    assert convert.partial_date("2014-22") is convert.partial_date("2014-22")  # short: kept


def test_the_caches_of_ids_keep_no_long_id() -> None:  # 20
    from newsschema import checks

    checks.id_problem.cache_clear()
    assert checks.id_problem("x" * 100_000) is None
    assert checks.id_problem.cache_info().currsize == 0


def test_validate_refuses_an_id_taken_twice_as_convert_does(tmp_path: Path) -> None:  # 25
    line = ns.dumps(ns.load(SEED), format="jsonl")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_bytes(line + line)
    second.write_bytes(line)
    said = []
    for command in (["validate"], ["convert", "-o", str(tmp_path / "out.jsonl")]):
        done = subprocess.run(
            [NEWSSCHEMA, *command, str(first), str(second)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        said.append([ln for ln in (done.stdout + done.stderr).splitlines() if "id:" in ln])
    assert said[0][0] == said[1][0]  # convert stops at the first
    assert len(said[0]) == 2  # validate goes on: a.jsonl:2 and b.jsonl:1
    assert "already the id of the article at" in said[0][0]


@pytest.mark.parametrize("how", ["replaced", "rewritten in place"])
def test_a_file_replaced_while_workers_read_it_stops_them(tmp_path: Path, how: str) -> None:  # 4
    from newsschema import parallel
    from newsschema.cli.common import os_problem

    path = tmp_path / "in.jsonl"
    old, new = b'{"a": 1}\n{"b": 2}\n', b'{"c": 3}\n{"d": 4}\n'  # the same size
    path.write_bytes(old)
    with path.open("rb") as stream:
        span = parallel.Span(str(path), 1, 0, len(old), parallel.identity(stream))
    assert span.block().data == old
    if how == "replaced":
        (tmp_path / "new").write_bytes(new)
        os.replace(tmp_path / "new", path)
    else:
        with path.open("r+b") as stream:
            stream.write(new)
        os.utime(path, ns=(1, 1))  # whatever its time, the change of its inode is seen
    with pytest.raises(OSError, match="the file changed while it was read") as caught:
        span.block()
    assert os_problem(caught.value) == f"{path}: the file changed while it was read"


def test_the_workers_are_given_the_identity_of_the_file(tmp_path: Path) -> None:  # 4
    from newsschema import parallel

    path = tmp_path / "in.jsonl"
    path.write_bytes(ns.dumps(ns.load(SEED), format="jsonl") * 3)
    (span,) = parallel._blocks(str(path), ns.Limits(), spans=True)
    assert isinstance(span, parallel.Span)
    with path.open("rb") as stream:
        assert span.file == parallel.identity(stream)


@pytest.mark.parametrize("byte", [b"\xff", b"\xc3", b"\xed\xa0\x80"])
def test_a_tag_that_is_not_utf8_is_one_invalid_line_on_both_paths(byte: bytes) -> None:  # 14
    from newsschema import bulk
    from tests.test_differential import assert_same_outcomes

    line = ns.dumps(ns.load(SEED), format="jsonl")
    bad = line.replace(b'"labels":{"en"', b'"labels":{"e' + byte + b'n"', 1)
    assert bad != line
    assert_same_outcomes([line.replace(b'"iraq-coalition-2021"', b'"other"'), bad])
    checked = bulk.check_lines([bad])
    assert checked.taken == []


def test_text_that_is_not_utf8_is_said_so_with_its_place() -> None:  # 14, and the second hour
    with pytest.raises(ns.ValidationError, match=r"not UTF-8 text: byte 0xff at byte 8"):
        ns.loads(b'{"id": "\xff"}')
    with pytest.raises(ns.ValidationError, match="ends inside a UTF-8 character, at byte 11"):
        ns.loads(b'{"id": "caf\xc3')


def test_the_transports_charset_comes_before_a_lying_meta_and_a_loss_is_said() -> None:  # 22
    from newsschema.formats import html

    body = "<p>" + "ليس من مهمة قتالية للتحالف في العراق بعد اليوم. " * 8 + "</p>"
    page = (
        '<html lang="ar"><head><meta charset="utf-8"><title>t</title></head><body><article>'
        f"<h1>العراق</h1>{body}{body}</article></body></html>"
    )
    data = page.encode("cp1256")
    (record,) = html.read(io.BytesIO(data), charset="windows-1256")
    assert record.error is None
    assert "ليس من مهمة قتالية" in str(record.data)
    assert "\ufffd" not in str(record.data)
    assert not any("did not decode" in note for note in record.warnings)
    # No charset from the transport, and a lying meta: the first that reads every byte.
    (record,) = html.read(io.BytesIO(data.replace(b"utf-8", b"windows-1256")), charset="utf-8")
    assert "ليس من مهمة قتالية" in str(record.data)
    broken = page.encode("utf-8").replace("مهمة".encode(), b"\xff\xfe", 3)
    (record,) = html.read(io.BytesIO(broken))
    assert any("6 bytes of the page did not decode" in note for note in record.warnings)


def _page(body: str, markup: dict[str, object] | None = None, title: str = "River park") -> bytes:
    script = ""
    if markup is not None:
        document = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": "https://example.com/a",
            "headline": title,
            "inLanguage": "en",
            **markup,
        }
        script = f'<script type="application/ld+json">{orjson.dumps(document).decode()}</script>'
    return (
        f'<html lang="en"><head><title>{title}</title>{script}</head><body><article>'
        f"<h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _paragraphs(article: ns.Article) -> list[str]:
    return [p for section in article.body for p in section.paragraphs]


SENTENCES = [
    f"Paragraph {n} says how the council's plan for the river park changed over {n + 2} years "
    "of meetings, and what the neighbours asked for."
    for n in range(12)
]


def test_a_page_nested_past_255_levels_keeps_its_text() -> None:  # 11
    deep = "".join(f"<span><p>{sentence}</p>" for sentence in SENTENCES * 30)
    (article,), _ = _caught(io.BytesIO(_page(deep)), format="html")
    assert len(_paragraphs(article)) == 360


def test_an_article_body_nested_300_deep_keeps_its_text() -> None:  # 11
    body = "<div>" * 300 + "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
    (article,), _ = _caught(io.BytesIO(_page("<p>x</p>", {"articleBody": body})), format="html")
    assert _paragraphs(article) == SENTENCES


def test_a_one_paragraph_body_is_cut_as_the_page_whole_once_in_order() -> None:  # 5
    one = " ".join(SENTENCES)
    pull = f'<p class="pull">{SENTENCES[5]}</p>'
    page = "".join(f"<p>{s}</p>" + (pull if n == 2 else "") for n, s in enumerate(SENTENCES))
    (article,), notes = read_saying(_page(page, {"articleBody": one}), format="html")
    assert _paragraphs(article) == SENTENCES  # the pull quote not twice, nothing dropped
    assert any("cut where the page's paragraphs begin" in n for n in notes)


def test_a_one_paragraph_body_the_page_cannot_witness_stays_whole() -> None:  # 5
    extra = "And a sentence the page never shows, written for the markup alone."
    one = " ".join([*SENTENCES[:6], extra, *SENTENCES[6:]])
    page = "".join(f"<p>{s}</p>" for s in reversed(SENTENCES))  # and in another order
    (article,), _ = _caught(io.BytesIO(_page(page, {"articleBody": one})), format="html")
    assert " ".join(_paragraphs(article)) == one


@pytest.mark.parametrize(
    "markup",
    [
        "An earlier version of the lead: the council planned a park by the river.",
        "Another story: the mayor opens a new library on the east side of the city today.",
    ],
)
def test_a_markup_body_that_differs_from_the_page_is_never_stacked_on_it(markup: str) -> None:
    page = "".join(f"<p>{s}</p>" for s in SENTENCES)  # 6
    (article,), notes = read_saying(_page(page, {"articleBody": markup}), format="html")
    assert _paragraphs(article) == SENTENCES
    assert any("articleBody is not kept" in n for n in notes)


def test_a_lead_the_page_shows_before_its_main_text_is_kept() -> None:  # 6, what stacking is for
    lead = "The council voted last night, after years of meetings, to build the river park."
    page = f'<div class="standfirst">{lead}</div>' + "".join(f"<p>{s}</p>" for s in SENTENCES)
    (article,), _ = _caught(io.BytesIO(_page(page, {"articleBody": lead})), format="html")
    paragraphs = _paragraphs(article)
    assert paragraphs[1:] == SENTENCES or paragraphs == SENTENCES  # the lead first, or in it
    assert paragraphs.count(lead) <= 1


@pytest.mark.parametrize(
    "paragraph",
    [
        "Copyright law was changed in 2019, and the council's lawyers read it closely.",
        "Share this view, the mayor said, and the park will be built by spring.",
        "Tags are being fitted to every tree along the river this week.",
        "The list of names follows:",
    ],
)
def test_text_that_begins_as_boilerplate_does_is_kept(paragraph: str) -> None:  # 7
    from newsschema.formats.html.clean import without_boilerplate

    assert without_boilerplate([*SENTENCES[:2], paragraph]) == ([*SENTENCES[:2], paragraph], 0)
    assert without_boilerplate([paragraph, *SENTENCES[:2]]) == ([paragraph, *SENTENCES[:2]], 0)


@pytest.mark.parametrize(
    "furniture",
    ["© 2024 The River Times", "Copyright © Example News", "Share this article", "Tags: parks",
     "Share on Facebook Twitter", "Kontakt:", "Mehr Informationen:"],
)  # fmt: skip
def test_furniture_is_still_removed(furniture: str) -> None:  # 7
    from newsschema.formats.html.clean import without_boilerplate

    assert without_boilerplate([*SENTENCES[:2], furniture]) == (SENTENCES[:2], 1)


@pytest.mark.parametrize(
    "text",
    [
        "In the old editor, authors type <p> to start a paragraph and nothing else.",
        "The rule is simple: a <b> tag makes text bold, said the teacher, and <i> italic.",
        "If a < b and c > d, then the council's sums do not add up.",
    ],
)
def test_a_plain_body_that_mentions_a_tag_is_read_as_text(text: str) -> None:  # 8
    body = " ".join([text, *SENTENCES[:3]])
    (article,), _ = _caught(io.BytesIO(_page("<p>x</p>", {"articleBody": body})), format="html")
    assert " ".join(_paragraphs(article)) == body


def test_a_body_that_is_html_is_still_read_as_html() -> None:  # 8
    body = "".join(f"<p>{s}</p>" for s in SENTENCES[:3]) + "<style>p { color: red }</style>"
    (article,), _ = _caught(io.BytesIO(_page("<p>x</p>", {"articleBody": body})), format="html")
    assert _paragraphs(article) == SENTENCES[:3]


_WORDS = st.sampled_from(
    ["the", "council", "river", "park", "said", "قال", "الوزير", "إن", "المدينة", "😀", "\u200f",
     "2021", "“quoted”", "«اقتباس»", "plan", "years", "ولكن", "—"]
)  # fmt: skip
_SENTENCES = st.lists(_WORDS, min_size=4, max_size=14).map(lambda words: " ".join(words) + ".")


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(_SENTENCES, min_size=2, max_size=8),
    st.lists(st.sampled_from(["keep", "drop", "twice", "swap", "extra"]), min_size=8, max_size=8),
)
def test_a_one_paragraph_body_comes_through_whole_once_in_order(
    paragraphs: list[str], edits: list[str]
) -> None:  # 5: the fuzzer of bodies with one-paragraph markup
    from newsschema.formats.html.body import _cut_as

    text = " ".join(paragraphs)
    page: list[str] = []
    for paragraph, edit in zip(paragraphs, edits, strict=False):
        if edit == "keep":
            page.append(paragraph)
        elif edit == "twice":
            page += [paragraph, paragraph]
        elif edit == "swap" and page:
            page.insert(len(page) - 1, paragraph)
        elif edit == "extra":
            page += ["A caption the markup does not have.", paragraph]
    cut = _cut_as(text, [{"heading": None, "paragraphs": page}])
    if cut is None:
        return  # left whole, as it was
    pieces = [p for section in cut for p in section["paragraphs"]]
    assert " ".join(pieces).split() == text.split()
