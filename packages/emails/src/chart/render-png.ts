import { renderAsync } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY, chartFontFiles } from './chart-font.ts';

let fontFiles: string[] | undefined;

/**
 * Rasterizes an SVG to PNG with resvg, off the event loop (`renderAsync` runs on libuv's thread pool), so a report
 * being drawn does not stall the worker's other runs. Only the bundled font is loaded ({@link chartFontFiles}): the
 * same pixels on every host, and no scan of the system's fonts per chart. The background is opaque white, so a mail
 * client in dark mode cannot show dark labels on a dark page. One pixel per SVG unit: at twice that, for
 * high-density screens, a chart of 12 teams weighs about 100 kB instead of 50.
 *
 * An aborted `signal` rejects with its reason, whether it was aborted before or while the image was drawn. The
 * signal is not handed to resvg, which would only drop a render still waiting for a thread: its native check
 * refuses an AbortSignal made in another V8 context (a test runner's), with an empty `InvalidArg`.
 */
export async function renderPng(svg: string, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  fontFiles ??= chartFontFiles();
  const image = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    logLevel: 'off',
  });
  signal?.throwIfAborted();
  return image.asPng();
}
