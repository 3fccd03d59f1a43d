/**
 * `@fixstream/emails/report`: the periodic report mail, which draws its chart with resvg, a native module, and a
 * bundled font. It is an entry of its own so that the main entry loads no native code: an app that sends no
 * report needs neither dependency. An app that does must declare `@resvg/resvg-js` and `dejavu-fonts-ttf` itself
 * (the app bundles require it of npm packages; see `chartFontFiles`).
 */
export { CHART_MAX_TEAMS } from './chart/stage-chart.svg.ts';
export { renderStageChart, type StageChartImage } from './chart/stage-chart.ts';
export { type PeriodicReportData, periodicReportMail } from './mails/periodic-report.mail.ts';
