/** What a scrape loop did while it ran. */
export interface ScrapeTally {
  scrapes: number;
  /** Scrapes that failed or did not answer 200: a run with any did not measure a scraped API. */
  failures: number;
}

/**
 * Scrapes `url` (an API's `/metrics`) at once and then every `intervalMs`, as Prometheus would, reading each body
 * to its end and discarding it, until stopped. One scrape at a time: a slow one delays the next rather than
 * piling up. `stop()` waits for the scrape in flight.
 */
export function startScrapeLoop(url: string, intervalMs: number): { stop(): Promise<ScrapeTally> } {
  const tally: ScrapeTally = { scrapes: 0, failures: 0 };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  const scrape = async () => {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) tally.scrapes++;
      else tally.failures++;
    } catch {
      tally.failures++;
    }
  };
  const tick = () => {
    inFlight = scrape().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
      return tally;
    },
  };
}
