// Drives Debian's chromium (headless) with playwright-core for ConsoleBrowserTest: one JSON command
// per stdin line, one JSON answer per stdout line ({"ok": true, "value": ...} or {"error": "..."}).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

async function main() {
  // A fresh profile each run: no state from another run or another test.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'meshplane-console-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1500, height: 1100 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  const commands = {
    open: async ({ url }) => { await page.goto(url); return page.title(); },
    fill: async ({ selector, value }) => page.fill(selector, value),
    click: async ({ selector }) => page.click(selector),
    focus: async ({ selector }) => page.focus(selector),
    press: async ({ key }) => page.keyboard.press(key),
    waitText: async ({ selector, text, timeout }) => {
      await page.waitForFunction(([s, t]) => [...document.querySelectorAll(s)].some((e) => e.textContent.includes(t)),
        [selector, text], { timeout: timeout || 15000, polling: 100 });
      return true;
    },
    texts: async ({ selector }) => page.$$eval(selector, (elements) => elements.map((e) => e.textContent.trim())),
    active: async () => page.evaluate(() => ({ id: document.activeElement.id, label: document.activeElement.getAttribute('aria-label'),
      text: document.activeElement.textContent.trim().slice(0, 200) })),
    screenshot: async ({ file }) => { fs.mkdirSync(path.dirname(file), { recursive: true }); await page.screenshot({ path: file, fullPage: true }); return file; },
    errors: async () => consoleErrors,
  };

  process.stdout.write(JSON.stringify({ ready: true, version: context.browser() ? context.browser().version() : '' }) + '\n');
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    let answer;
    try {
      const command = JSON.parse(line);
      const run = commands[command.op];
      if (!run) throw new Error('unknown op ' + command.op);
      answer = { ok: true, value: (await run(command)) ?? null };
    } catch (error) {
      answer = { error: String(error && error.message ? error.message : error) };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ error: 'driver failed: ' + error }) + '\n');
  process.exit(1);
});
