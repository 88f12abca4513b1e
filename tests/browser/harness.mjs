// Starts the real processes for the browser tests: kiosk-backoffice (demo catalog) and kioskd on the simulated profile, each on a
// free loopback port, in a temp folder; and Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, writeFileSync, mkdirSync, openSync, closeSync, rmSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (project, dll) => path.join(repo, 'src', project, 'bin/Release/net10.0', dll);
export const screenshots = process.env.KIOSK_SCREENSHOTS ?? path.join(repo, 'artifacts/test-results/browser-screenshots');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

export async function eventually(what, check, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { last = await check(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last?.message ?? JSON.stringify(last)})`);
    await sleep(100);
  }
}

export class Kiosk {
  constructor() {
    this.root = mkdtempSync(path.join(tmpdir(), 'kiosk-browser-'));
    this.dataDir = path.join(this.root, 'data');
    this.log = '';
  }

  static async start() {
    const kiosk = new Kiosk();
    kiosk.backOfficePort = await freePort();
    kiosk.screenPort = await freePort(); // kept across kioskd restarts, as a profile's fixed port is
    await kiosk.startBackOffice();
    await kiosk.startKioskd();
    await eventually('the catalog in kioskd', async () => (await kiosk.api('GET', '/api/v1/products?q=brunost')).body.length > 0, 60000);
    return kiosk;
  }

  spawn(dll, args) {
    const child = spawn('dotnet', [dll, ...args], { cwd: this.root, env: { ...process.env, Kiosk__ScreenPort: String(this.screenPort), DOTNET_gcServer: '0' } });
    child.stdout.on('data', (d) => { this.log += d; });
    child.stderr.on('data', (d) => { this.log += d; });
    return child;
  }

  async startBackOffice() {
    // The kiosk's own credential, as `kiosk-backoffice credentials issue` writes it (a SHA-256 digest; the file only for its owner).
    const credentials = path.join(this.root, 'backoffice-credentials');
    writeFileSync(credentials, `kiosk:demo-kiosk-1 ${createHash('sha256').update('browser-token').digest('hex')}\n`, { mode: 0o600 });
    this.backOffice = this.spawn(bin('KioskRuntime.BackOffice', 'kiosk-backoffice.dll'),
      ['--urls', `http://127.0.0.1:${this.backOfficePort}`, '--credentials', credentials, '--data', path.join(this.root, 'backoffice.db')]);
    await eventually('kiosk-backoffice', async () => (await fetch(`http://127.0.0.1:${this.backOfficePort}/healthz`)).ok, 30000);
  }

  async stopBackOffice() {
    this.backOffice.kill('SIGKILL');
    await new Promise((r) => this.backOffice.once('exit', r));
  }

  async startKioskd() {
    for (const f of ['screen-url']) if (existsSync(path.join(this.dataDir, f))) writeFileSync(path.join(this.dataDir, f), '');
    this.kioskd = this.spawn(bin('KioskRuntime.Daemon', 'kioskd.dll'), ['--data-dir', this.dataDir,
      '--upstream', `http://127.0.0.1:${this.backOfficePort}`, '--upstream-token', 'browser-token']);
    this.url = await eventually('screen-url', () => readFileSync(path.join(this.dataDir, 'screen-url'), 'utf8').trim(), 60000);
    this.token = readFileSync(path.join(this.dataDir, 'screen-token'), 'utf8').trim();
    this.origin = new URL(this.url).origin;
  }

  async restartKioskd() {
    this.kioskd.kill('SIGKILL');
    await new Promise((r) => this.kioskd.once('exit', r));
    await this.startKioskd();
  }

  async api(method, pathName, body, headers = {}) {
    const response = await fetch(this.origin + pathName, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  /** One barcode through the simulated scanner (a FIFO kioskd reads), exactly as a scanner would deliver it. */
  scan(code) {
    const fd = openSync(path.join(this.dataDir, 'devices/scanner.fifo'), constants.O_WRONLY | constants.O_NONBLOCK);
    writeFileSync(fd, `${code}\n`);
    closeSync(fd);
  }

  paperOut(on) {
    const file = path.join(this.dataDir, 'printer/PAPER-OUT');
    if (on) writeFileSync(file, '');
    else spawn('rm', ['-f', file]);
  }

  screenUrl() { return `${this.url}#token=${this.token}`; }

  async stop() {
    for (const p of [this.kioskd, this.backOffice]) p?.kill('SIGTERM');
    await sleep(300);
  }
}

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

let shot = 0;
export async function screenshot(page, name) {
  if (shot === 0) rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${String(++shot).padStart(2, '0')}-${name}.png`) });
}

const axeSource = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core inside the page: returns the serious and critical violations (none expected). */
export async function seriousViolations(page) {
  // evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on and is tested with the rest
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axeSource}\n;true`);
  const result = await page.evaluate(async () => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
