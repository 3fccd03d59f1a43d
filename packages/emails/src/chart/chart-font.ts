import { createRequire } from 'node:module';

/** The family name inside the font files below, which the chart's SVG asks for. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/**
 * The chart's font: DejaVu Sans (regular and bold), from the npm package `dejavu-fonts-ttf`, under the Bitstream Vera
 * licence with DejaVu's changes in the public domain (free to use, embed and redistribute). Why a bundled file:
 * resvg draws no text without a font, and finds system fonts differently on every machine (a slim container has
 * none), so a chart would lose its labels, or change its look, from one host to the next. Why DejaVu: TrueType
 * files (resvg reads TTF/OTF, not the WOFF2 most web-font packages ship), wide coverage (Latin, Greek, Cyrillic
 * and more, for team names in any of them) and clear digits at small sizes.
 *
 * Resolved from this package, so an app that bundles it must declare `dejavu-fonts-ttf` itself (the path is a
 * string, which no bundler follows): the error then names the package.
 */
export function chartFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  try {
    return [
      require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
      require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
    ];
  } catch (error) {
    throw new Error(
      'The report chart needs the npm package dejavu-fonts-ttf: add it to the dependencies of the app that sends reports',
      { cause: error },
    );
  }
}
