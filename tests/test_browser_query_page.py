"""The query page in a real browser: YASGUI loads from the bundled files, a canned query runs, its rows show."""

import pytest


from browser import browser, shot, watch
from serving import serving


@pytest.fixture(scope="module")
def served(seed_graph):
    with serving(seed_graph) as base:
        yield base


def open_query_page(ctx, served):
    """The query page, loaded, with its outside requests and errors watched: (page, outside, errors)."""
    page = ctx.new_page()
    log = watch(page)
    page.goto(served + "/", wait_until="load")
    page.wait_for_selector(".yasqe .CodeMirror")
    return page, log["outside"], log["errors"]


def test_query_page_runs_a_canned_query_and_shows_its_rows(served):
    with browser() as ctx:
        page, outside, errors = open_query_page(ctx, served)
        page.click('button.canned[data-name="awards"]')
        page.wait_for_selector(".yasr table tbody tr", timeout=20000)
        table = page.inner_text(".yasr table")
        assert "Cờ thi đua" in table and "Bộ Thông tin và Truyền thông" in table
        rows = page.locator(".yasr table tbody tr").count()
        assert rows == 4  # the seed's three awards and the recognition of initiatives
        # "Simple view" is on: plain values, without quotes or datatype links ("8", not "8"^^xsd:integer)
        assert page.is_checked(".yasr input[type=checkbox] >> nth=0")
        assert "XMLSchema" not in table and "^^" not in table
        shot(page, "query-page-awards.png")
        assert outside == [], outside
        assert errors == [], errors


def test_query_page_form_links_alignment_language_and_font(served):
    with browser() as ctx:
        page, outside, errors = open_query_page(ctx, served)
        # the editor's font draws Vietnamese letters itself (no fallback that splits "ố" into "ô" and an accent)
        assert "Noto Mono" in page.eval_on_selector(".CodeMirror", "e => getComputedStyle(e).fontFamily")
        assert page.evaluate("document.fonts.check('14px \"Noto Mono\"', 'Số hình thức khen thưởng mỗi cơ quan')")
        # a canned query with parameters gets a form; the server binds them and the editor shows what runs
        page.click('button.canned[data-name="time-series"]')
        assert page.is_visible("#params input[name=org]") and page.input_value("#params input[name=indicator]") == "revenue"
        page.fill("#params input[name=org]", "Bưu điện tỉnh Cao Bằng")
        page.click("#params button[type=submit]")
        page.wait_for_function("window.orgkgYasgui.getTab().getYasqe().getValue().includes('VALUES')")
        page.wait_for_function("document.querySelectorAll('.yasr table tbody tr').length === 1 && "
                               "document.querySelector('.yasr table tbody td.num')", timeout=20000)
        assert 'VALUES (?param_org ?param_indicator) { ("Bưu điện tỉnh Cao Bằng" "revenue") }' \
            in page.evaluate("window.orgkgYasgui.getTab().getYasqe().getValue()")
        row = page.evaluate("""() => [...document.querySelectorAll('.yasr table tbody tr')[0].children].map(td => ({
            text: td.textContent.trim(), num: td.classList.contains('num'),
            align: getComputedStyle(td).textAlign, pad: parseFloat(getComputedStyle(td).paddingLeft) }))""")
        texts = [c["text"] for c in row]
        assert "Bưu điện tỉnh Cao Bằng" in texts and "Revenue" in texts and "189000000000" in texts
        # numbers right-aligned, the rest left, with room around each cell (no "2Danh hiệu…")
        value = next(c for c in row if c["text"] == "189000000000")
        assert value["num"] and value["align"] == "right"
        assert next(c for c in row if c["text"] == "Revenue")["align"] in ("left", "start")
        assert all(c["pad"] >= 8 for c in row), row
        shot(page, "query-page-form.png")
        # IRIs in results open the local resource page, in the same tab
        page.click('button.canned[data-name="organisations"]')
        page.wait_for_selector(".yasr table tbody a[href^='/id/org/']", timeout=20000)
        link = ".yasr table tbody a[href='/id/org/buu-dien-tinh-cao-bang-04']"
        assert page.get_attribute(link, "target") is None
        # one language toggle: English titles and descriptions instead of the Vietnamese ones
        awards = page.locator('button.canned[data-name="awards"]')
        assert awards.locator(".l-vi").is_visible() and not awards.locator(".t.l-en").is_visible()
        page.click("#lang")
        assert awards.locator(".t.l-en").inner_text() == "Awards" and not awards.locator(".l-vi").is_visible()
        # the prefixes are shown
        page.click("#prefixes summary")
        assert "http://www.w3.org/2004/02/skos/core#" in page.inner_text("#prefixes")
        shot(page, "query-page-en.png")
        page.click(link, force=True)  # YASR's ellipsis span lies over the cell's text
        page.wait_for_selector("#figures-table")
        assert page.inner_text("h1") == "Bưu điện tỉnh Cao Bằng"
        assert outside == [], outside
        assert errors == [], errors
        # a bad parameter is named in the form, not run (the browser logs the 400 it got)
        page.go_back()
        page.wait_for_selector(".yasqe .CodeMirror")
        page.click('button.canned[data-name="awards"]')
        page.fill("#params input[name=limit]", "ten")
        page.click("#params button[type=submit]")
        page.wait_for_function("document.getElementById('param-error').textContent.includes('whole number')")
