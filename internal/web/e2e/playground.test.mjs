import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, screenshotPath } from './browser.mjs';

describe('playground (/)', () => {
  let browser, page, seen;

  before(async () => {
    browser = await launchBrowser();
    ({ page, seen } = await openPage(browser, './'));
    await page.locator('.graphiql-container').waitFor();
    // GraphiQL fills its editor with the opening text asynchronously; an
    // example loaded before that would be overwritten by it.
    await page.waitForFunction(() =>
      document.querySelector('.graphiql-query-editor')?.textContent.includes('Welcome to the hankegraph'));
  });

  after(async () => {
    await browser?.close();
  });

  test('lists example queries for each kind of user', async () => {
    const examples = page.locator('.examples');
    await examples.waitFor();
    for (const audience of ['Explorer', 'Researcher', 'Map client', 'Data maintainer']) {
      assert.equal(await examples.getByRole('heading', { name: audience }).count(), 1, audience);
    }
  });

  test('runs an example query and shows the result', async () => {
    await page.getByRole('button', { name: 'Welfare areas and their names' }).click();
    await page.waitForFunction(() => document.querySelector('.graphiql-query-editor').textContent.includes('welfareRegions'));

    await page.locator('.graphiql-execute-button').click();
    // The response editor shows the start of the pretty-printed JSON.
    await page.waitForFunction(() => {
      const text = document.querySelector('.graphiql-response')?.textContent ?? '';
      return text.includes('"welfareRegions"') && text.includes('"code"');
    });
    const response = await page.locator('.graphiql-response').textContent();
    assert.doesNotMatch(response, /"errors"/);
    await page.screenshot({ path: screenshotPath('playground') });
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
