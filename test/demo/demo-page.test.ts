/**
 * The demo EHR page in a real browser (issue #9): Playwright (playwright-core) driving Debian's
 * Chromium against the service started with its real start command. Two patients; each hook;
 * the cards as rendered; feedback really posted and stored.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../support/server-process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  server = await startServer();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openDemo(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/demo`);
  await page.waitForSelector('#patient option', { state: 'attached' });
  return page;
}

async function choosePatient(page: Page, id: string): Promise<void> {
  await page.selectOption('#patient', id);
  // A string expression keeps DOM types out of the Node-only tsconfig.
  await page.waitForFunction(`document.querySelector('#facts tr') !== null && document.querySelector('#patient').value === ${JSON.stringify(id)}`);
}

const ruleIds = (page: Page) => page.$$eval('#cards li.card', (items) => items.map((li) => li.getAttribute('data-rule-id')));

describe('demo EHR page', () => {
  test('patient-view for a symptomatic SSTR-positive patient, and accepting a suggestion sends feedback', async () => {
    const page = await openDemo();
    await choosePatient(page, 'ssa-first-line');
    expect(await page.textContent('#facts')).toContain('SSTR imaging');
    await page.click('#open-chart');
    await page.waitForSelector('#cards li.card');
    expect(await ruleIds(page)).toEqual(['initial.ssa', 'trials.consider']);
    const card = page.locator('li.card[data-rule-id="initial.ssa"]');
    expect(await card.getAttribute('class')).toContain('info');
    await card.locator('summary').click();
    expect(await card.locator('.detail').innerHTML()).toContain('<strong>long-acting somatostatin');
    expect(await card.locator('.detail table').count()).toBe(1);
    const feedback = page.waitForResponse((r) => r.url().endsWith('/cds-services/netcds-patient-view/feedback'));
    await card.getByRole('button', { name: /Accept: Start octreotide LAR/ }).click();
    const response = await feedback;
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual(expect.objectContaining({ stored: 1 }));
    await page.waitForSelector('li.card[data-rule-id="initial.ssa"] .sent');
    await page.close();
  });

  test('order-sign of Lu-177 dotatate for a frail patient: critical cards, and an override with a reason is stored', async () => {
    const page = await openDemo();
    await choosePatient(page, 'lu177-ineligible');
    await page.selectOption('#order', 'lu177');
    await page.click('#order-sign');
    await page.waitForSelector('#cards li.card');
    const ids = await ruleIds(page);
    expect(ids.slice(0, 3)).toEqual(['prrt.kidney', 'prrt.performance', 'prrt.marrow']);
    const kidney = page.locator('li.card[data-rule-id="prrt.kidney"]');
    expect(await kidney.getAttribute('class')).toContain('critical');
    expect(await kidney.locator('h3').textContent()).toMatch(/creatinine clearance 38 mL\/min/);
    await kidney.getByLabel('Override reason').selectOption({ label: 'Tumour board decision' });
    const feedback = page.waitForResponse((r) => r.url().endsWith('/cds-services/netcds-order-sign/feedback'));
    await kidney.getByRole('button', { name: 'Override' }).click();
    expect((await feedback).status()).toBe(200);
    await page.waitForSelector('li.card[data-rule-id="prrt.kidney"] .sent');
    const report = (await (await fetch(`${server.baseUrl}/admin/report`)).json()) as { rules: Array<{ ruleId: string; overridden: number; topOverrideReasons: Array<{ code: string }> }> };
    const row = report.rules.find((r) => r.ruleId === 'prrt.kidney');
    expect(row).toEqual(expect.objectContaining({ overridden: 1, topOverrideReasons: [expect.objectContaining({ code: 'tumour-board' })] }));
    await page.close();
  });

  test('order-select of octreotide LAR, and the page is operable by keyboard with labelled controls', async () => {
    const page = await openDemo();
    await choosePatient(page, 'sstr-negative');
    for (const id of ['patient', 'order', 'planned']) expect(await page.locator(`label[for="${id}"]`).count()).toBe(1);
    await page.selectOption('#order', 'octreotide-lar');
    await page.focus('#order-select');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#cards li.card');
    expect(await ruleIds(page)).toEqual(['order.ssa-sstr-negative']);
    expect(await page.textContent('#status')).toMatch(/order-select: 1 card in \d+ ms/);
    await page.close();
  });
});
