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

  // The server answers a query with @defer in parts (multipart/mixed); the
  // playground merges them into one result.
  test('runs a query with @defer and shows the deferred fields', async () => {
    // In a tab of its own: GraphiQL takes an edit's operation name a moment
    // later, and names the tab after it; run before that, the query would go
    // with the last example's name.
    await page.locator('.graphiql-tab-add').click();
    await page.locator('.graphiql-tab-active').waitFor();
    await page.evaluate((query) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(query),
      'query DeferredSources { project(id: "project:sokra") { acronym ... @defer { sources { id } } } }');
    await page.locator('.graphiql-tab-active', { hasText: 'DeferredSources' }).waitFor();
    const parts = page.waitForResponse((res) => res.request().postData()?.includes('@defer'));
    await page.locator('.graphiql-execute-button').click();
    assert.match((await parts).headers()['content-type'], /^multipart\/mixed/);
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent.includes('source:'));
    const response = await page.locator('.graphiql-response').textContent();
    assert.match(response, /"acronym": "Sokra"/);
    assert.doesNotMatch(response, /"errors"/);
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
