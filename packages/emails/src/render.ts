import { plainTextSelectors, render } from '@react-email/render';
import { compile } from 'html-to-text';
import type { ReactElement } from 'react';

/** Both MIME parts of a mail; the text part is for clients and spam filters that do not read HTML. */
export type RenderedEmail = { html: string; text: string };

/**
 * The text part's converter, built once. It is what `@react-email/render`'s `toPlainText` does on every call
 * (html-to-text's `convert` compiles its options, selectors included, each time, about half of its cost),
 * with the same options: no wrapping, React Email's own selectors, then ours. html-to-text upper-cases
 * headings by default, which would turn the request subject into something the technician did not write;
 * detail tables marked `data-text-format="dataTable"` keep label and value on one line, unwrapped like the
 * rest of the text part.
 */
const toPlainText = compile({
  wordwrap: false,
  selectors: [
    ...plainTextSelectors,
    { selector: 'h1', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    { selector: 'h2', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
    { selector: 'h3', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
    {
      selector: '[data-text-format="dataTable"]',
      format: 'dataTable',
      options: { maxColumnWidth: 10_000, uppercaseHeaderCells: false },
    },
  ],
});

/**
 * Renders the React tree once and derives the text part from that HTML: rendering a second time with
 * `plainText: true` costs a whole extra React render (~2× slower, measured) for the same result.
 */
export async function renderEmail(element: ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}
