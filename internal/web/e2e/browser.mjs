// Shared set-up for the end-to-end tests: the service under test, the
// system's Chromium driven by playwright-core, and a page that records
// everything that should make a page test fail.
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';

// playwright-core is installed by the ui/ npm project next to this folder.
const require = createRequire(new URL('../ui/package.json', import.meta.url));
const { chromium } = require('playwright-core');

if (!process.env.HANKEGRAPH_URL) {
  throw new Error('set HANKEGRAPH_URL to a running hankegraph, e.g. HANKEGRAPH_URL=http://127.0.0.1:8080');
}
export const baseURL = new URL(process.env.HANKEGRAPH_URL);

export const artifacts = new URL('./artifacts/', import.meta.url);

export async function launchBrowser() {
  await mkdir(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Opens path (relative to HANKEGRAPH_URL) in a new page and returns the page
// with the lists that the tests assert to stay empty.
export async function openPage(browser, path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const seen = { consoleErrors: [], failedRequests: [], otherHosts: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => seen.consoleErrors.push(`uncaught ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    // data: URLs are the fonts and images inlined into the bundles.
    if (url.protocol !== 'data:' && url.origin !== baseURL.origin) seen.otherHosts.push(req.url());
  });
  page.on('requestfailed', (req) => seen.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) seen.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });
  await page.goto(new URL(path, baseURL).href);
  return { page, seen };
}

export function screenshotPath(name) {
  return new URL(`${name}.png`, artifacts).pathname;
}
