"""Checks srmap's HTML pages in headless Chromium through WebDriver.

Run by tests/integration/pages.rs against a running server:

    python tests/browser/check_pages.py --url http://127.0.0.1:8080 --screenshots target/screenshots \
        --axe tests/node/node_modules/axe-core/axe.min.js

Every check asserts on the rendered DOM; a failing check raises, so the script exits non-zero.
axe-core, injected through WebDriver (which the pages' no-script policy does not stop), must
report no violation on the six main pages, at desktop and at phone width.
Screenshots of the home, a service, a search and a compare page go to --screenshots.
"""

import argparse
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def find_binary(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit(f"none of {names} is installed")


def start_browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("SRMAP_CHROMIUM") or find_binary("chromium", "chromium-browser")
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1600",
    ]:
        options.add_argument(flag)
    # Console messages, so that a missing favicon or a blocked resource is seen.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("SRMAP_CHROMEDRIVER") or find_binary("chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


# The six main pages, checked by axe-core.
MAIN_PAGES = ["/", "/services", "/services/s3", "/duties/os-patching", "/search?q=who+patches+rds", "/compare?services=ec2,rds,s3"]


class Checks:
    def __init__(self, driver, base, shots, axe):
        self.driver = driver
        self.base = base.rstrip("/")
        self.shots = shots
        self.axe = axe
        self.passed = 0

    def open(self, path):
        self.driver.get(self.base + path)
        return self.driver

    def navigate(self, action, url_part):
        """Runs `action` (a click or a submit) and waits until the page it leads to, whose URL
        holds `url_part`, has loaded: a click returns before the navigation it starts."""
        action()
        WebDriverWait(self.driver, 10).until(
            lambda driver: url_part in driver.current_url
            and driver.execute_script("return document.readyState") == "complete"
        )

    def check(self, condition, message):
        if not condition:
            raise AssertionError(message)
        self.passed += 1

    def text(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def no_alert(self):
        try:
            self.driver.switch_to.alert
        except NoAlertPresentException:
            return True
        return False

    def shot(self, name):
        path = os.path.join(self.shots, f"{name}.png")
        self.driver.save_screenshot(path)
        print(f"screenshot: {path}")

    def common_layout(self):
        self.check(self.driver.find_element(By.CSS_SELECTOR, "html").get_attribute("lang") == "en", "html lang")
        self.check(len(self.all("main#content")) == 1, "one main landmark")
        self.check(len(self.all("header.site nav[aria-label=Main]")) == 1, "main navigation")
        self.check(self.driver.execute_script("return document.scripts.length") == 0, "pages have no script")
        stylesheet = self.all("link[rel=stylesheet]")[0].get_attribute("href")
        self.check("/static/style." in stylesheet and stylesheet.endswith(".css"), f"versioned stylesheet {stylesheet}")
        # The stylesheet applied: the header has its dark background.
        colour = self.driver.execute_script("return getComputedStyle(document.querySelector('header.site')).backgroundColor")
        self.check(colour == "rgb(35, 47, 62)", f"stylesheet applied ({colour})")

    def home(self):
        self.open("/")
        self.check(self.driver.title.startswith("Who secures what on AWS"), f"home title {self.driver.title}")
        self.common_layout()
        self.check(len(self.all("svg.layers rect.aws")) > 0 and len(self.all("svg.layers rect.customer")) > 0, "layer diagram")
        self.check("shared responsibility" in self.text("svg.layers title").lower(), "diagram has a title")
        self.check(len(self.all("#areas + .grid > .card")) == 7, "seven areas")
        self.check(len(self.all("a[href='/services/s3']")) >= 1, "services by category link to records")
        label = self.driver.find_element(By.CSS_SELECTOR, "label[for=home-q]")
        self.check(label.text.strip() != "", "search box is labelled")
        # Keyboard: the first Tab lands on the skip link.
        self.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        active = self.driver.switch_to.active_element
        self.check(active.get_attribute("class") == "skip", "skip link is the first stop")
        self.shot("home")

    def service(self):
        self.open("/services/rds")
        self.check(self.text("h1") == "Amazon Relational Database Service", "service heading")
        self.common_layout()
        badges = self.all(".duty .owner")
        owners = {badge.text for badge in badges}
        self.check({"AWS", "Customer"} <= owners, f"owner badges by text {owners}")
        classes = {badge.get_attribute("class") for badge in badges}
        self.check("owner owner-aws" in classes and "owner owner-customer" in classes, f"owner badges by colour class {classes}")
        patching = self.driver.find_element(By.ID, "duty-os-patching")
        self.check("AWS" in patching.find_element(By.CSS_SELECTOR, ".owner").text, "RDS OS patching is AWS's")
        self.check("Security Hub: RDS." in self.driver.page_source, "Security Hub references shown")
        self.check(len(self.all("#sources ~ ul a[href^='https://docs.aws.amazon.com/']")) >= 1, "sources linked")
        self.check(len(self.all("a[href^='/compare?services=rds']")) == 1, "compare link")
        self.shot("service")
        # An alias redirects to the one URL of the service.
        self.open("/services/Amazon%20S3")
        self.check(self.driver.current_url.endswith("/services/s3"), f"alias redirects ({self.driver.current_url})")

    def duty(self):
        self.open("/duties/os-patching")
        self.check(self.text("h1") == "Operating system patching", "duty heading")
        customer = self.driver.find_element(By.ID, "owner-customer").find_element(By.XPATH, "..")
        self.check(len(customer.find_elements(By.CSS_SELECTOR, "a[href='/services/ec2#duty-os-patching']")) == 1, "EC2 listed under customer")
        aws = self.driver.find_element(By.ID, "owner-aws").find_element(By.XPATH, "..")
        self.check(len(aws.find_elements(By.CSS_SELECTOR, "a[href='/services/s3#duty-os-patching']")) == 1, "S3 listed under AWS")

    def search_round_trip(self):
        self.open("/")
        box = self.driver.find_element(By.ID, "home-q")
        box.send_keys("who patches the OS on RDS")
        self.navigate(box.submit, "/search?q=")
        self.check("/search?q=who+patches+the+OS+on+RDS" in self.driver.current_url, f"form submits ({self.driver.current_url})")
        self.check(self.driver.find_element(By.ID, "search-q").get_attribute("value") == "who patches the OS on RDS", "query kept in the box")
        answer = self.text(".notice")
        self.check("AWS" in answer and "Amazon RDS" in answer, f"answer shown: {answer}")
        self.check(len(self.all("li.hit")) > 0, "hits listed")
        self.check(len(self.all("li.hit mark")) > 0, "matches highlighted")
        self.shot("search")
        # A facet link narrows the results to one owner.
        facet = self.driver.find_element(By.CSS_SELECTOR, "nav[aria-label='Filter by owner'] a[href*='owner=customer']")
        self.navigate(facet.click, "owner=customer")
        self.check("owner=customer" in self.driver.current_url, "facet link applied")
        badges = [badge.text for badge in self.all("li.hit .owner")]
        self.check(badges and all(text == "Customer" for text in badges), f"only customer hits {badges}")
        # Paging.
        self.open("/search?q=encryption")
        next_link = self.driver.find_element(By.CSS_SELECTOR, "nav.pages a[rel=next]")
        self.navigate(next_link.click, "page=2")
        self.check("page=2" in self.driver.current_url and "Page 2" in self.text("nav.pages"), "second page")

    def search_is_escaped(self):
        attack = "<script>alert(1)</script>"
        self.open("/search?q=" + urllib.parse.quote(attack))
        self.check(self.no_alert(), "no alert ran")
        self.check(self.driver.execute_script("return document.scripts.length") == 0, "no script element was injected")
        self.check(attack in self.text("#result-count"), "the query is shown as text")
        self.check(self.driver.find_element(By.ID, "search-q").get_attribute("value") == attack, "the query is kept as text in the box")

    def search_did_you_mean(self):
        self.open("/search?q=lamda")
        self.check(len(self.all("li.hit")) > 0, "a misspelled name still finds hits")
        self.open("/search?q=xqzzyvblorp")
        self.check("Nothing matched" in self.text("#no-results"), "empty result explained")

    def compare(self):
        self.open("/compare?services=ec2,rds,s3")
        headers = [cell.text for cell in self.all("#matrix thead th")]
        self.check(headers[2:] == ["ec2", "rds", "s3"], f"matrix columns {headers}")
        row = self.driver.find_element(By.XPATH, "//table[@id='matrix']//tr[th/a[@href='/duties/os-patching']]")
        cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")][1:]
        self.check(cells == ["Customer", "AWS", "AWS"], f"os-patching row {cells}")
        self.check(len(self.all("a[href*='format=csv']")) == 1 and len(self.all("a[href*='format=markdown']")) == 1, "download links")
        self.shot("compare")
        # Form round trip: tick Lambda and compare again.
        self.driver.find_element(By.CSS_SELECTOR, "input[name=pick][value=lambda]").click()
        button = self.driver.find_element(By.CSS_SELECTOR, "form[action='/compare'] button")
        self.navigate(button.click, "lambda")
        headers = [cell.text for cell in self.all("#matrix thead th")]
        self.check("lambda" in headers and "ec2" in headers, f"ticked service added {headers}")

    def not_found(self):
        self.open("/services/lamda")
        self.check(self.text("h1") == "Not found", "404 page")
        self.check(len(self.all("main a[href='/services/lambda']")) == 1, "404 suggests lambda")
        self.open("/no/such/page")
        self.check(self.text("h1") == "Not found", "HTML 404 for unknown pages")

    def phone_width(self):
        self.driver.set_window_size(375, 800)
        for path in ["/", "/services/s3", "/search?q=rds", "/compare?services=ec2,rds"]:
            self.open(path)
            overflow = self.driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            self.check(overflow <= 0, f"{path} fits a phone ({overflow}px too wide)")
        self.driver.set_window_size(1280, 1600)

    def accessibility(self):
        self.driver.get_log("browser")  # drop what the 404 checks logged
        for width, height in [(1280, 1600), (375, 800)]:
            self.driver.set_window_size(width, height)
            for path in MAIN_PAGES:
                self.open(path)
                self.driver.execute_script(self.axe)
                result = self.driver.execute_async_script(
                    "const done = arguments[arguments.length - 1];"
                    "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
                    "v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ') + ')')),"
                    " e => done(['axe failed: ' + e]))"
                )
                self.check(result == [], f"axe-core on {path} at {width}px: {result}")
            logs = self.driver.get_log("browser")
            errors = [entry["message"] for entry in logs if entry.get("level") == "SEVERE"]
            self.check(errors == [], f"no console errors: {errors}")
        self.driver.set_window_size(1280, 1600)

    def compare_form(self):
        self.open("/compare?services=ec2,rds,s3")
        self.check(self.driver.find_element(By.ID, "compare-services").get_attribute("value") == "", "the text field does not hold the selection")
        # Untick rds: it leaves the matrix.
        self.driver.find_element(By.CSS_SELECTOR, "input[name=pick][value=rds]").click()
        buttons = self.all("form[action='/compare'][method=get] button")
        self.check(len(buttons) == 2, "a Compare button before and after the boxes")
        self.navigate(buttons[-1].click, "pick=")
        headers = [cell.text for cell in self.all("#matrix thead th")]
        self.check("rds" not in headers and "ec2" in headers and "s3" in headers, f"unticked service dropped {headers}")
        area = self.driver.find_element(By.XPATH, "//table[@id='matrix']//tr[th/a[@href='/duties/os-patching']]/td[1]").text
        self.check(area == "Infrastructure protection", f"area titles, not ids ({area})")
        # At phone width the duty names stay in sight while the table scrolls.
        self.driver.set_window_size(375, 800)
        self.open("/compare?services=ec2,rds,s3,lambda,dynamodb")
        self.driver.execute_script("document.querySelector('.table-wrap').scrollLeft = 400")
        left = self.driver.execute_script(
            "const th = document.querySelector('#matrix tbody th'); return th.getBoundingClientRect().left"
        )
        self.check(0 <= left < 40, f"the duty column stays in view ({left}px)")
        self.driver.set_window_size(1280, 1600)

    def robots_and_icon(self):
        with urllib.request.urlopen(self.base + "/robots.txt") as response:
            self.check(response.status == 200 and "User-agent" in response.read().decode(), "robots.txt")
        with urllib.request.urlopen(self.base + "/favicon.svg") as response:
            self.check(response.headers.get("Content-Type", "").startswith("image/svg+xml"), "favicon")

    def headers(self):
        with urllib.request.urlopen(self.base + "/") as response:
            csp = response.headers.get("Content-Security-Policy", "")
            self.check("frame-ancestors 'none'" in csp and "script-src" not in csp and "default-src 'none'" in csp, f"CSP {csp}")
            self.check(response.headers.get("X-Content-Type-Options") == "nosniff", "nosniff")
            self.check(response.headers.get("Referrer-Policy"), "referrer policy")
            self.check(response.headers.get("Content-Type", "").startswith("text/html"), "html content type")
        try:
            urllib.request.urlopen(urllib.request.Request(self.base + "/no/such/page", headers={"Accept": "text/html"}))
            self.check(False, "unknown page is a 404")
        except urllib.error.HTTPError as error:
            self.check(error.code == 404, f"unknown page status {error.code}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--axe", required=True, help="axe-core's axe.min.js")
    args = parser.parse_args()
    with open(args.axe, encoding="utf-8") as script:
        axe = script.read()
    os.makedirs(args.screenshots, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="srmap-chromium-")
    driver = start_browser(profile)
    checks = Checks(driver, args.url, args.screenshots, axe)
    try:
        for step in [
            checks.headers,
            checks.home,
            checks.service,
            checks.duty,
            checks.search_round_trip,
            checks.search_is_escaped,
            checks.search_did_you_mean,
            checks.compare,
            checks.compare_form,
            checks.not_found,
            checks.phone_width,
            checks.robots_and_icon,
            checks.accessibility,
        ]:
            step()
            print(f"ok: {step.__name__}")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"page checks succeeded: {checks.passed} assertions")


if __name__ == "__main__":
    sys.exit(main())
