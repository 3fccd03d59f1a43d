import { type HeadlessChromium, launchHeadlessChromium } from '@fixstream/test-support/chromium';

/** A headless Chromium on a fresh profile, and the page it opened. */
export type WebBrowser = HeadlessChromium;

/**
 * Launches Chromium as the browser tests do (`launchHeadlessChromium`), so every round starts with an empty
 * cache and storage, and records every long task of every document the page loads
 * from before its first script: the observer goes in through the DevTools protocol, which the app's CSP does not
 * govern.
 */
export async function openWebBrowser(baseURL: string): Promise<WebBrowser> {
  const browser = await launchHeadlessChromium(baseURL, {
    viewport: { width: 1440, height: 900 },
    profilePrefix: 'fixstream-bench-chromium-',
  });
  await browser.context.addInitScript(() => {
    const tasks: { startTime: number; duration: number }[] = [];
    (window as unknown as { __benchLongTasks: typeof tasks }).__benchLongTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ startTime: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  return browser;
}
