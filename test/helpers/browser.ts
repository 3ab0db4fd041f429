/**
 * Headless Chromium for the page tests (Debian's `chromium` driven by puppeteer-core, as in
 * /work/shared/DESIGN.md): `--no-sandbox` because tests run as root here. Without /usr/bin/chromium the
 * caller skips with the returned reason; CI installs it (scripts/setup.sh).
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

export const CHROMIUM = '/usr/bin/chromium';

/** A launched browser, or the reason there is none. */
export async function launchChromium(): Promise<{ browser: Browser } | { reason: string }> {
  if (!existsSync(CHROMIUM)) return { reason: `${CHROMIUM} not found (apt-get install chromium)` };
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--disable-gpu'],
  });
  return { browser };
}
