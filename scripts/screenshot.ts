/**
 * Takes docs/demo-screenshot.png (the README's "Try it" picture): starts the service, opens /demo in
 * Debian's Chromium, fires order-sign for the frail patient's Lu-177 dotatate order.
 * npm run screenshot (needs Chromium at /usr/bin/chromium or CHROMIUM_PATH).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { projectPath } from '../src/project-root.js';

const port = 47_123;
const server = spawn(process.execPath, [projectPath('dist', 'src', 'server.js')], {
  env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'warn', FEEDBACK_DB_PATH: join(mkdtempSync(join(tmpdir(), 'netcds-shot-')), 'db.sqlite') },
  stdio: 'ignore',
});
try {
  for (let i = 0; i < 50 && !(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)); i += 1) await new Promise((r) => setTimeout(r, 100));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  await page.goto(`http://127.0.0.1:${port}/demo`);
  await page.waitForSelector('#patient option', { state: 'attached' });
  await page.selectOption('#patient', 'lu177-ineligible');
  await page.waitForSelector('#facts tr');
  await page.click('#order-sign');
  await page.waitForSelector('#cards li.card');
  await page.locator('li.card[data-rule-id="prrt.kidney"] summary').click();
  // Opening the card scrolls to it; the picture should show the patient picker too.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: projectPath('docs', 'demo-screenshot.png'), fullPage: false });
  await browser.close();
  process.stdout.write('docs/demo-screenshot.png written\n');
} finally {
  server.kill();
}
