// End-to-end test of the browser page in headless Chromium, driven by playwright-core.
//
//   node web/test/browser.mjs --url http://127.0.0.1:PORT/ --names "A|B" --out shot.png
//
// Loads the page, runs the who-met-whom query, checks that the graph has an edge between the
// two named persons (names come from the caller, who reads them from the gold file), clicks one
// of them and checks that its evidence and source article are shown, and saves a screenshot.
// Prints one line per check and exits non-zero on the first failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const url = args.url;
const names = (args.names || '').split('|').filter(Boolean);
const out = args.out;
const executablePath = args.chromium || process.env.CHROMIUM || '/usr/bin/chromium';
if (!url || names.length !== 2 || !out) {
  console.error('usage: browser.mjs --url URL --names "A|B" --out FILE.png [--chromium PATH]');
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), 'depeche-chromium-'));
// This machine has no network but the loopback: every background connection Chromium would
// open on its own is switched off, or they are refused and slow the start down.
// A fresh profile directory each run (Playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1280, height: 900 },
  timeout: 60_000,
});
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
  if (!ok) failures.push(what);
};
try {
  const page = await browser.newPage();
  const outside = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(new URL(url).origin)) outside.push(request.url());
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30_000 });
  check(await page.$eval('#query', (q) => q.value.includes('dp:met')), 'the editor is pre-filled with the who-met-whom query');
  const presets = await page.$$eval('#preset option', (options) => options.map((o) => o.value));
  check(presets.includes('meetings.rq') && presets.length >= 6, `the bundled queries are offered (${presets.length})`);

  await page.selectOption('#preset', 'who-met-whom.rq');
  await page.click('#run');
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout: 30_000 });
  check(await page.evaluate(() => document.body.dataset.state) === 'done', `the query ran: ${await page.textContent('#status')}`);

  const cells = await page.$$eval('#table td', (tds) => tds.map((td) => td.textContent));
  check(names.every((n) => cells.includes(n)), 'the table shows both persons');

  const edge = await page.evaluate((pair) => {
    const cy = window.depeche.cy;
    const found = cy.edges().filter((e) => {
      const ends = [e.source().data('label'), e.target().data('label')].sort();
      return ends[0] === pair[0] && ends[1] === pair[1];
    });
    return found.length ? { id: found[0].id(), symmetric: found[0].data('symmetric'), kinds: [found[0].source().data('kind'), found[0].target().data('kind')] } : null;
  }, [...names].sort());
  check(edge !== null, 'the graph has an edge between the two persons who met');
  check(edge && edge.symmetric && edge.kinds.every((k) => k === 'person'), 'the edge is a who-met-whom edge between two person nodes');

  // Click the first person on the screen, as a user would.
  const position = await page.evaluate((name) => {
    const node = window.depeche.cy.nodes().filter((n) => n.data('label') === name)[0];
    const box = document.getElementById('graph').getBoundingClientRect();
    const p = node.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }, names[0]);
  await page.mouse.click(position.x, position.y);
  await page.waitForSelector('#details h2', { timeout: 15_000 });
  check((await page.textContent('#details h2')) === names[0], 'clicking a node shows its name');
  const evidence = await page.$$eval('#details blockquote.evidence', (b) => b.length);
  check(evidence > 0, `the node's evidence sentences are shown (${evidence})`);
  const articles = await page.$$eval('#details ul.articles li', (li) => li.length);
  check(articles > 0, `the node's source articles are shown (${articles})`);

  check(outside.length === 0, `nothing is loaded from outside the server${outside.length ? `: ${outside.join(', ')}` : ''}`);
  check(errors.length === 0, `no script errors${errors.length ? `: ${errors.join('; ')}` : ''}`);
  await page.screenshot({ path: out, fullPage: false });
  console.log(`screenshot: ${out}`);
} catch (error) {
  check(false, `the page test ran to the end: ${error.message}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures.length ? 1 : 0);
