import re
from delaktig.municipality.tests import factories
from .axe import assert_accessible, _axe, AXE_OPTIONS, format_violations


def dump(page, name):
    open(f"/tmp/scratch_{name}.html", "w").write(page.content())
    r = _axe.run(page, options=AXE_OPTIONS)
    print(name, page.url, format_violations(r.response["violations"], page.url))


def test_scratch(page, municipality, district, unit, mailoutbox):
    adm = factories.administrator(unit)
    for path in ["/", "/konto/signup/", "/konto/login/", "/tillganglighet/", "/personuppgifter/"]:
        page.goto(path)
        dump(page, path.strip("/").replace("/", "_") or "home")
    page.goto("/konto/signup/")
    page.get_by_label("E-postadress", exact=True).fill(adm.email)
    page.get_by_label("Lösenord", exact=True).fill("12345678")
    page.get_by_label("Lösenord (igen)", exact=True).fill("123456789")
    page.get_by_role("button", name="Skapa konto").click()
    page.wait_for_load_state()
    dump(page, "signup_err")
    page.goto("/konto/login/")
    page.get_by_label("E-postadress", exact=True).fill(adm.email)
    page.get_by_label("Lösenord", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile("hantera"))
    for path in [
        "/hantera/",
        f"/hantera/enheter/{unit.slug}/",
        "/hantera/installningar/",
        "/hantera/installningar/kommundelar/",
        "/hantera/installningar/kommundelar/norrby/",
        "/hantera/logg/",
        "/mina-sidor/",
        "/mina-sidor/andra/",
        "/hantera/enheter/nope/",
    ]:
        page.goto(path)
        dump(page, path.strip("/").replace("/", "_"))
    assert_accessible(page)
