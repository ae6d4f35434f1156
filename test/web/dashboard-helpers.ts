/** What the dashboard's browser specs share (not a spec file): signing in as a person would, and checks every view must pass. */
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { scan } from './axe';
import { shot } from './browser';

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1200, height: 900 };

/** The code an authenticator app shows now for `secret`. */
export const totpCode = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() });

/** Fills the sign-in form and sends it with the mouse; the caller waits for what should follow. */
export async function submitPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Email address' }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in with password' }).click();
}

/** Opens the dashboard and signs in with a password, then waits for the queue. */
export async function signInWithPassword(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/moderate`);
  await submitPassword(page, email, password);
  await page.getByRole('tab', { name: /^Pending/ }).waitFor();
}

/** The navigation's links for an owner or admin, in order. */
export const ADMIN_NAV = ['Queues', 'Statistics', 'Settings', 'Staff', 'Sites', 'Webhooks', 'Import', 'Your account'];

/** Signs in with a password and opens screen `name` from the navigation; focus lands on its heading. */
export async function signInToScreen(page: Page, base: string, email: string, password: string, name: string): Promise<void> {
  await signInWithPassword(page, base, email, password);
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name }).click();
  await expect(focusedOnce(page, new RegExp(`^h2:${name}$`))).resolves.toBe(`h2:${name}`);
}

/** axe-core at zero violations, whatever their impact; the list is in the failure when not. */
export async function expectNoViolations(page: Page): Promise<void> {
  const found = await scan(page);
  expect(found.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }))).toEqual([]);
}

/** Nothing wider than the viewport (no sideways scrolling on a phone), then a screenshot. */
export async function phoneShot(page: Page, name: string): Promise<void> {
  const wide = await page.evaluate((max) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > max + 0.5 && r.width > 0) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.right)}px`);
    }
    return { width: document.documentElement.scrollWidth, wide: out.slice(0, 8) };
  }, PHONE.width);
  expect(wide).toEqual({ width: PHONE.width, wide: [] });
  await shot(page, name);
}

/** The element that has focus, described by its role-ish tag, name and text, for focus assertions. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return `${el.tagName.toLowerCase()}:${(label ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}`;
  });
}

/** What has focus once it matches `want`, or after `ms` whatever has it then (sign-in moves focus after the header shows). */
export async function focusedOnce(page: Page, want: RegExp, ms = 5000): Promise<string> {
  const until = Date.now() + ms;
  let now = await focused(page);
  while (!want.test(now) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    now = await focused(page);
  }
  return now;
}

/** Presses Tab until `want` has focus (at most `max` times); fails with where focus went instead. */
export async function tabTo(page: Page, want: string | RegExp, max = 40): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    if (typeof want === 'string' ? now === want : want.test(now)) return;
  }
  throw new Error(`Tab never reached ${String(want)}; focus went: ${seen.join(' → ')}`);
}

/** The header's site switcher (shown to members with more than one site). */
export const siteSwitcher = (page: Page) => page.getByRole('combobox', { name: 'Site', exact: true });

/** Picks a site in the header's switcher and switches to it, then waits until the dashboard is drawn for it. */
export async function switchSite(page: Page, siteId: string, siteName: string): Promise<void> {
  await siteSwitcher(page).selectOption(siteId);
  await page.getByRole('button', { name: 'Switch site' }).click();
  await page.locator('form.switch', { hasText: `Now working on ${siteName}.` }).waitFor();
}
