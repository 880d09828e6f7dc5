import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, screenshotPath } from './browser.mjs';

// The 23 areas: 21 wellbeing services counties, Helsinki (90) and Åland (91).
const CODES = [...Array.from({ length: 21 }, (_, i) => String(i + 1).padStart(2, '0')), '90', '91'];
const HELSINKI = '90';

describe('map (/map/)', () => {
  let browser, page, seen;

  before(async () => {
    browser = await launchBrowser();
    ({ page, seen } = await openPage(browser, 'map/'));
    await page.waitForFunction((n) => document.querySelectorAll('path.region').length === n, CODES.length);
  });

  after(async () => {
    await browser?.close();
  });

  test('draws all 23 welfare areas with legend and attribution', async () => {
    assert.equal(await page.locator('path.region').count(), CODES.length);
    for (const code of CODES) {
      assert.equal(await page.locator(`path.region-${code}`).count(), 1, `area ${code}`);
    }
    assert.ok(await page.locator('.legend').isVisible());
    assert.match(await page.locator('.leaflet-control-attribution').textContent(), /National Land Survey of Finland/);
  });

  test('clicking Helsinki lists its projects', async () => {
    await page.locator(`path.region-${HELSINKI}`).click();
    await page.locator('#panel li.project').first().waitFor();
    assert.ok((await page.locator('#panel li.project').count()) >= 1);
    assert.match(await page.locator('#panel h2').textContent(), /Helsin/);
    await page.screenshot({ path: screenshotPath('map') });
  });

  // Runs after the click above, so Helsinki's project list is open and must
  // be fetched again too.
  test('changing a filter refetches the areas and the project list', async () => {
    const programme = page.locator('select[name=programme]');
    const id = await programme.locator('option:not([value=""])').first().getAttribute('value');
    assert.ok(id, 'the programme filter has options');

    const sendsFilter = (query) => (req) => {
      if (req.method() !== 'POST') return false;
      const body = req.postDataJSON();
      return body.query.includes(query) && body.variables?.filter?.programme === id;
    };
    await Promise.all([
      page.waitForRequest(sendsFilter('regionsGeoJSON')),
      page.waitForRequest(sendsFilter('welfareRegion(')),
      programme.selectOption(id),
    ]);
    await page.waitForFunction(() => !document.body.classList.contains('loading'));
    assert.equal(await page.locator('path.region').count(), CODES.length);
  });

  // The server holds the Kohesio importer's fixtures beside the built-in
  // dataset (internal/server's TestInABrowser).
  test('a classification of imported projects filters the map and the lists', async () => {
    await page.locator('select[name=programme]').selectOption('');
    const classification = page.locator('select[name=classification]');
    assert.ok(await classification.isVisible(), 'the classification filter shows for imported data');
    const value = await classification.locator('option', { hasText: '109 Active inclusion' }).getAttribute('value');
    const sendsFilter = (req) =>
      req.method() === 'POST' &&
      req.postDataJSON().query.includes('regionsGeoJSON') &&
      JSON.stringify(req.postDataJSON().variables?.filter?.classification) === `[${value}]`;
    await Promise.all([page.waitForRequest(sendsFilter), classification.selectOption(value)]);
    await page.waitForFunction(() => !document.body.classList.contains('loading'));
    // Its one project is in Tampere's area (08).
    await page.locator('path.region-08').click();
    await page.locator('#panel li.project', { hasText: 'Testihanke yksi' }).waitFor();
    assert.equal(await page.locator('#panel li.project').count(), 1);
    await page.screenshot({ path: screenshotPath('map-classification') });
  });

  // The classification filter appears only once its options arrive and can
  // add a row to the header, shrinking the map after Finland was fitted into
  // it; Helsinki's small area on the south coast then slid under the
  // attribution and could not be clicked.
  test('Helsinki can be clicked when the filters arrive after the areas', async () => {
    const late = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let release;
    const filtersHeld = new Promise((resolve) => (release = resolve));
    await late.route('**/*', async (route) => {
      if (route.request().postData()?.includes('classifications')) await filtersHeld;
      await route.continue();
    });
    await late.goto(page.url());
    await late.waitForFunction((n) => document.querySelectorAll('path.region').length === n, CODES.length);
    release();
    await late.locator('select[name=classification]').waitFor();
    await late.locator(`path.region-${HELSINKI}`).click({ timeout: 5000 });
    await late.locator('#panel h2', { hasText: /Helsin/ }).waitFor();
    await late.close();
  });

  test('shows an error when the GraphQL request fails', async () => {
    const broken = await browser.newPage();
    // Every GraphQL request is a POST; answer them as a failing proxy would.
    await broken.route('**/*', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 502, body: 'bad gateway' }) : route.continue(),
    );
    await broken.goto(page.url());
    const error = broken.locator('#error');
    await error.waitFor();
    assert.match(await error.textContent(), /Could not load the map: .*502/);
    await broken.screenshot({ path: screenshotPath('map-error') });
    await broken.close();
  });

  // These two run last, so they cover everything the tests above did.
  test('loads with no console errors and no failed requests', () => {
    assert.deepEqual(seen.consoleErrors, []);
    assert.deepEqual(seen.failedRequests, []);
  });

  test('loads nothing from other hosts', () => {
    assert.deepEqual(seen.otherHosts, []);
  });
});
