"""Each mention has offsets into the file's own text (okg:sourceBeginIndex/EndIndex) as well as into the
normalised text (nif:beginIndex/endIndex)."""
import unicodedata

from hypothesis import given, strategies as st

from orgkg.api import build
from orgkg.builder.normalise import normalise
from orgkg.builder.offsets import source_map
from orgkg.builder.read import read
from orgkg.queries.store import open_store, select

from conftest import CORPUS

MENTIONS = """SELECT ?a ?b ?e ?sb ?se WHERE { ?m a okg:Mention ; nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e ;
                                      okg:sourceBeginIndex ?sb ; okg:sourceEndIndex ?se }"""


def _mentions(tmp_path, path):
    build([str(path)], tmp_path / "out")
    return select(open_store(tmp_path / "out"), MENTIONS)[1]


def test_offsets_into_an_nfd_file_with_windows_line_ends(tmp_path):
    nfd = (CORPUS / "dev" / "c06-htx-thuyhoa-2022-nfd.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    src = tmp_path / "a.txt"
    src.write_bytes(("\ufeff" + nfd + "\u200b").encode("utf-8"))     # with a byte order mark and a zero-width space
    raw = src.read_bytes().decode("utf-8-sig")
    rows = _mentions(tmp_path, src)
    assert len(rows) > 10
    moved = 0
    for anchor, b, e, sb, se in rows:
        assert unicodedata.normalize("NFC", raw[sb:se]).replace("\r\n", "\n") == anchor
        moved += (sb, se) != (b, e)
    assert moved > 10                      # NFD and "\r\n" move the offsets of all but the first lines


def test_offsets_into_the_article_text_of_an_html_page(tmp_path):
    page = CORPUS / "dev" / "c03-dienluc-thainguyen-2020.html"
    text = read(str(page), page.name).text
    rows = _mentions(tmp_path, page)
    assert rows and all(normalise(text[sb:se]).text == anchor for anchor, b, e, sb, se in rows)


@given(st.text(alphabet="aàa\u0300\u0301oeuy \r\n\u00a0\u200b\u2003xỷ", max_size=40))
def test_the_map_points_each_normalised_character_at_its_source(raw):
    nt = normalise(raw).text
    m = source_map(raw, nt)
    if m is None:       # a mark after a dropped zero-width character: no map rather than a wrong one
        return
    assert len(m) == len(nt) + 1 and m[-1] == len(raw) and m == sorted(m)
    # a span that starts and ends where a source character starts reads back as the normalised span
    cuts = [i for i in range(len(nt) + 1) if i in (0, len(nt)) or m[i] != m[i - 1]]
    for i in cuts:
        for j in cuts:
            if i <= j:
                assert normalise(raw[m[i]:m[j]]).text == nt[i:j]
