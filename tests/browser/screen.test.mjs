// Browser tests: the real kioskd (simulated profile) and kiosk-backoffice, driven through the reference screen in headless Debian
// Chromium. Screenshots go to artifacts/test-results/browser-screenshots/ (CI keeps them). Each screen is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Kiosk, browser, eventually, screenshot, seriousViolations, freePort } from './harness.mjs';

let kiosk;
let chrome;
let page;

const JAM = '7038010001659'; // Blåbærsyltetøy 400 g, 42,90
const CHEESE = '7040030001106'; // Brunost 500 g, 79,90

async function accessible(name) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `axe: serious violations on the ${name} screen`);
}

const view = () => page.locator('body').getAttribute('data-view');
const waitView = (name, timeout = 20000) => page.waitForFunction((v) => document.body.dataset.view === v, name, { timeout });

before(async () => {
  kiosk = await Kiosk.start();
  chrome = await browser();
  page = await chrome.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => { throw e; });
  await page.goto(kiosk.screenUrl());
  await waitView('attract');
});

after(async () => {
  await chrome?.close();
  await kiosk?.stop();
});

test('a sale from the attract screen to "Takk!"', async () => {
  await screenshot(page, 'attract');
  await accessible('attract');
  kiosk.scan(JAM);
  await waitView('cart');
  kiosk.scan(CHEESE);
  await page.getByTestId('total').filter({ hasText: '122,80' }).waitFor();
  assert.match(await page.getByTestId('lines').innerText(), /Blåbærsyltetøy 400 g[\s\S]*Brunost 500 g/);
  assert.match(await page.getByTestId('sum').innerText(), /MVA 15 %/);
  await screenshot(page, 'cart');
  await accessible('cart');
  await page.getByTestId('pay').click();
  await waitView('done');
  await page.getByTestId('receipt-step').filter({ hasText: 'Ta kvitteringen din' }).waitFor();
  assert.equal(await page.locator('#done-title').innerText(), 'Takk!');
  await screenshot(page, 'takk');
  await accessible('done');
  const status = await kiosk.api('GET', '/api/v1/status');
  assert.equal(status.body.cart.lines.length, 0);
  assert.ok(status.body.journal.lastSeq > 0);
});

test('English is switchable on the screen', async () => {
  await page.getByTestId('lang').click();
  await page.locator('#done-title').filter({ hasText: 'Thank you!' }).waitFor();
  await page.getByTestId('lang').click();
  await page.locator('#done-title').filter({ hasText: 'Takk!' }).waitFor();
  await page.getByRole('button', { name: 'Ny handel' }).click();
  await waitView('attract');
});

test('a PLU look-up adds goods without a barcode', async () => {
  await page.getByRole('button', { name: 'Finn vare uten strekkode' }).click();
  await page.getByTestId('search-input').fill('BRU-500');
  await page.getByRole('button', { name: /Brunost 500 g/ }).click();
  await waitView('cart');
  assert.match(await page.getByTestId('lines').innerText(), /Brunost 500 g/);
  await screenshot(page, 'plu-lookup');
  await page.getByRole('button', { name: 'Avbryt' }).click();
  await waitView('attract');
});

test('a weighed item: looked up by name, weight typed, priced per kg', async () => {
  await page.getByRole('button', { name: 'Finn vare uten strekkode' }).click();
  await page.getByTestId('search-input').fill('epler');
  await page.getByRole('button', { name: /Epler røde, løsvekt/ }).click();
  await page.getByTestId('weight').fill('0,535'.replace(',', '.'));
  await screenshot(page, 'weigh');
  await accessible('weigh dialog');
  await page.getByTestId('add-weighed').click();
  await waitView('cart');
  const lines = await page.getByTestId('lines').innerText();
  assert.match(lines, /0,535 kg × 34,90\skr per kg/);
  assert.match(await page.getByTestId('total').innerText(), /18,67/); // 34,90 × 0,535 = 18,6715
  await screenshot(page, 'weighed-line');
  await page.getByRole('button', { name: 'Avbryt' }).click();
  await waitView('attract');
});

test('a declined payment (amount ending ,13) keeps the cart and says so', async () => {
  await kiosk.api('POST', '/api/v1/cancel');
  const answer = await kiosk.api('POST', '/api/v1/items', { plu: 'EPL-ROD', weightKg: 0.061 }); // 34,90 × 0,061 = 2,13
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  await waitView('cart');
  await page.getByTestId('pay').click();
  await page.getByTestId('pay-error').filter({ hasText: 'avvist' }).waitFor();
  assert.equal(await view(), 'cart');
  assert.match(await page.getByTestId('total').innerText(), /2,13/);
  await screenshot(page, 'declined');
  await accessible('declined');
  await page.getByRole('button', { name: 'Avbryt' }).click();
  await waitView('attract');
});

test('paper out: the screen says the kiosk is out of service, and why', async () => {
  kiosk.paperOut(true);
  await page.getByTestId('out-of-service').waitFor({ state: 'visible' });
  assert.match(await page.locator('#out-reason').innerText(), /paper/i);
  await screenshot(page, 'paper-out');
  await accessible('out of service');
  kiosk.paperOut(false);
  await page.getByTestId('out-of-service').waitFor({ state: 'hidden', timeout: 30000 });
});

test('a return started by the receipt code', async () => {
  // A sale of one jar of jam, then its return: the code printed on that receipt (with its token), the jar scanned back.
  kiosk.scan(JAM);
  await waitView('cart');
  await page.getByTestId('pay').click();
  await waitView('done');
  await page.getByRole('button', { name: 'Ny handel' }).click();
  await waitView('attract');
  const status = await kiosk.api('GET', '/api/v1/technician');
  const sale = status.body.receipts.find((r) => r.kind === 'sale');
  const code = /\[QR: (KRT:[^\]\s]+)\]/.exec(sale.text)?.[1];
  assert.ok(code, `receipt ${sale.receiptNo} shows no return code:\n${sale.text}`);
  const receiptNo = sale.receiptNo;
  kiosk.scan(code);
  await waitView('cart');
  await page.locator('#cart-mode').filter({ hasText: `Retur av kvittering ${receiptNo}` }).waitFor();
  kiosk.scan(JAM); // every item scanned back before the refund
  await page.getByTestId('pay').filter({ hasText: 'Refunder til kortet' }).waitFor();
  assert.equal(await page.getByTestId('pay').innerText(), 'Refunder til kortet');
  await screenshot(page, 'return');
  await accessible('return');
  await page.getByTestId('pay').click();
  await waitView('done');
  await page.getByTestId('receipt-step').filter({ hasText: 'Ta kvitteringen din' }).waitFor();
  assert.equal((await kiosk.api('GET', '/api/v1/state')).body.cart.mode, 'sale');
  await page.getByRole('button', { name: 'Ny handel' }).click();
  await waitView('attract');
});

test('going offline: the banner shows while sales go on', async () => {
  await kiosk.stopBackOffice();
  kiosk.scan(JAM);
  await waitView('cart');
  await page.getByTestId('pay').click(); // a sale while offline is journaled; pushing it fails, so the kiosk knows it is offline
  await waitView('done'); // sold offline: journaled, delivered later
  await page.getByTestId('banner-offline').waitFor({ timeout: 30000 });
  await screenshot(page, 'offline');
  await accessible('offline');
  await page.getByRole('button', { name: 'Ny handel' }).click();
  await kiosk.startBackOffice();
  await page.getByTestId('banner-offline').waitFor({ state: 'detached', timeout: 60000 });
});

test('the screen reconnects after kioskd is killed and shows the true state', async () => {
  kiosk.scan(CHEESE);
  await waitView('cart');
  const before = (await kiosk.api('GET', '/api/v1/state')).body.bootId;
  await kiosk.restartKioskd(); // kill -9: the open cart was never paid, so the true state after the restart is an empty cart
  await waitView('attract', 60000); // the page was not reloaded: its stream reconnected and got the new kioskd's state
  assert.notEqual((await kiosk.api('GET', '/api/v1/state')).body.bootId, before);
  assert.equal(await page.getByTestId('lines').locator('li').count(), 0);
  await screenshot(page, 'after-restart');
});

test('a page from another origin in the same browser cannot drive a checkout', async () => {
  kiosk.scan(JAM);
  await waitView('cart');
  const seqBefore = (await kiosk.api('GET', '/api/v1/status')).body.journal.lastSeq;
  const evilPort = await freePort();
  const target = kiosk.origin;
  const token = kiosk.token; // the worst case: the attacker even knows the token
  const evil = createServer((_, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><title>evil</title><script>
      const out = [];
      Promise.all([
        fetch('${target}/api/v1/checkout', { method: 'POST', headers: { Authorization: 'Bearer ${token}' } }).then(r => out.push('cors:' + r.status), e => out.push('cors:blocked')),
        fetch('${target}/api/v1/checkout', { method: 'POST', mode: 'no-cors' }).then(r => out.push('no-cors:' + r.type), e => out.push('no-cors:blocked')),
      ]).then(() => { document.title = out.sort().join(' '); });
    </script>`);
  }).listen(evilPort, '127.0.0.1');
  const other = await chrome.newPage();
  await other.goto(`http://127.0.0.1:${evilPort}/`);
  await other.waitForFunction(() => document.title !== 'evil', null, { timeout: 15000 });
  const title = await other.title();
  evil.close();
  await other.close();
  assert.match(title, /cors:blocked/); // no CORS headers: the browser never lets the page see or send it
  const after = (await kiosk.api('GET', '/api/v1/status')).body;
  assert.equal(after.journal.lastSeq, seqBefore, 'nothing was journaled');
  assert.equal(after.cart.lines.length, 1, 'the cart is untouched');
  await kiosk.api('POST', '/api/v1/cancel');
});

test('the technician page shows devices, journal, upstream, receipts and log lines', async () => {
  const tech = await chrome.newPage({ viewport: { width: 1280, height: 1000 } });
  await tech.goto(`${kiosk.origin}/tech/#token=${kiosk.token}`);
  await tech.getByTestId('devices').locator('tbody tr').first().waitFor();
  await tech.getByTestId('journal').filter({ hasText: 'intact' }).waitFor();
  assert.match(await tech.getByTestId('receipts').innerText(), /Kvittering nr/);
  assert.match(await tech.getByTestId('log').innerText(), /Screen API on/);
  await screenshot(tech, 'technician');
  const old = page;
  page = tech;
  await accessible('technician');
  page = old;
  await tech.close();
});
