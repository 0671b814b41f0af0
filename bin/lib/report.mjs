/**
 * report.html of `selfie-liveness eval`: one self-contained page (inline CSS and SVG, thumbnails as
 * data URLs, no script, no font, no request) that opens offline. Pure: data in, HTML text out.
 * @module
 */
import { aucMannWhitney, attackTypeOf, EXCLUDED_FROM_WORST, LIVE_LABEL, sweepThresholds } from './metrics.mjs';

const LIVE_COLOUR = '#1b7f5b';
const POOLED_COLOUR = '#222222';
/** Colours of attack types, in order of first appearance. */
const PALETTE = ['#d1495b', '#edae49', '#3c6fb0', '#8e5ea2', '#00798c', '#b5651d', '#6c757d', '#e377c2'];
const HISTOGRAM_BINS = 20;
/** Thumbnail class of live images that got no confidence (no face, or an error). */
export const LIVE_WITHOUT_CONFIDENCE = 'live_without_confidence';
/** Attack types with fewer images are flagged: one image more or less moves their APCER a lot. */
const FEW_IMAGES = 10;

/** @param {unknown} text */
function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {number | null | undefined} v */
const pct = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
/** @param {number | null | undefined} v */
const num = (v) => (v === null || v === undefined ? '–' : v.toFixed(3));

/** @param {readonly any[]} records @returns {number[]} */
const confidences = (records) => records.flatMap((r) => (r.confidence === null ? [] : [r.confidence]));

/**
 * A chart frame: plot area, axes, ticks and labels. `x`/`y` map a value in [0,1] to pixels.
 * @param {{ width?: number, height?: number, xLabel: string, yLabel: string, xTicks: number[], yTicks: number[],
 *   xScale?: (v: number) => number, yScale?: (v: number) => number, tickFormat?: (v: number) => string,
 *   yTickFormat?: (v: number) => string }} o
 */
function frame(o) {
  const width = o.width ?? 360;
  const height = o.height ?? 300;
  const m = { left: 46, right: 12, top: 10, bottom: 40 };
  const xs = o.xScale ?? ((v) => v);
  const ys = o.yScale ?? ((v) => v);
  const x = (/** @type {number} */ v) => m.left + xs(v) * (width - m.left - m.right);
  const y = (/** @type {number} */ v) => height - m.bottom - ys(v) * (height - m.top - m.bottom);
  const fmt = o.tickFormat ?? ((v) => String(v));
  const yFmt = o.yTickFormat ?? fmt;
  const grid = [
    ...o.xTicks.map((t) => `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${y(0)}" y2="${y(1)}"/><text x="${x(t)}" y="${y(0) + 14}" text-anchor="middle">${fmt(t)}</text>`),
    ...o.yTicks.map((t) => `<line class="grid" x1="${x(0)}" x2="${x(1)}" y1="${y(t)}" y2="${y(t)}"/><text x="${x(0) - 4}" y="${y(t) + 4}" text-anchor="end">${yFmt(t)}</text>`),
  ].join('');
  const axes = `<rect class="axis" x="${x(0)}" y="${y(1)}" width="${x(1) - x(0)}" height="${y(0) - y(1)}"/>`;
  const labels =
    `<text x="${(x(0) + x(1)) / 2}" y="${height - 6}" text-anchor="middle" class="label">${esc(o.xLabel)}</text>` +
    `<text transform="translate(12 ${(y(0) + y(1)) / 2}) rotate(-90)" text-anchor="middle" class="label">${esc(o.yLabel)}</text>`;
  return {
    x,
    y,
    /** @param {string} body */
    svg: (body) => `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${grid}${axes}${body}${labels}</svg>`,
  };
}

/** @param {{ x: number, y: number }[]} points @param {(v: number) => number} x @param {(v: number) => number} y @param {string} colour @param {boolean} [dashed] */
function polyline(points, x, y, colour, dashed = false) {
  const d = points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="1.8"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
}

/** @param {{ name: string, colour: string, dashed?: boolean }[]} entries */
function legend(entries) {
  return `<div class="legend">${entries
    .map((e) => `<span><i style="background:${e.colour}${e.dashed ? ';opacity:.6' : ''}"></i>${esc(e.name)}</span>`)
    .join('')}</div>`;
}

/** A log-like scale that keeps 0: 0 → 0, 1 % → 0.15, 10 % → 0.52, 1 → 1. */
const logish = (/** @type {number} */ v) => Math.log10(1 + 99 * Math.max(0, v)) / 2;
const RATE_TICKS = [0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const tickPct = (/** @type {number} */ v) => `${Math.round(v * 100)}%`;

/**
 * DET (APCER vs BPCER, log-like axes) and ROC (APCER vs 1 − BPCER) curves, pooled and per attack type.
 * @param {{ name: string, colour: string, sweep: import('./metrics.mjs').SweepPoint[], key: string }[]} curves
 * @param {{ name: string, colour: string, apcer: number | null }[]} operating
 * @param {number | null} bpcer
 */
function curveCharts(curves, operating, bpcer) {
  const det = frame({ xLabel: 'APCER (attacks accepted)', yLabel: 'BPCER (live rejected)', xTicks: RATE_TICKS, yTicks: RATE_TICKS, xScale: logish, yScale: logish, tickFormat: tickPct });
  const roc = frame({ xLabel: 'APCER (attacks accepted)', yLabel: '1 − BPCER (live accepted)', xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1], yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1], tickFormat: tickPct });
  let detBody = `<line class="diag" x1="${det.x(0)}" y1="${det.y(0)}" x2="${det.x(1)}" y2="${det.y(1)}"/>`;
  let rocBody = `<line class="diag" x1="${roc.x(0)}" y1="${roc.y(0)}" x2="${roc.x(1)}" y2="${roc.y(1)}"/>`;
  for (const curve of curves) {
    const points = curve.sweep.map((p) => ({ a: p.apcer[curve.key] ?? p.apcer_pooled, b: p.bpcer }));
    const dashed = curve.key !== '*';
    detBody += polyline(points.map((p) => ({ x: p.a, y: p.b })), det.x, det.y, curve.colour, dashed);
    rocBody += polyline(points.map((p) => ({ x: p.a, y: 1 - p.b })), roc.x, roc.y, curve.colour, dashed);
  }
  if (bpcer !== null) {
    for (const point of operating) {
      if (point.apcer === null) continue;
      const title = `<title>${esc(point.name)} at the default threshold: APCER ${pct(point.apcer)}, BPCER ${pct(bpcer)}</title>`;
      detBody += `<circle cx="${det.x(point.apcer)}" cy="${det.y(bpcer)}" r="4" fill="${point.colour}" stroke="#fff">${title}</circle>`;
      rocBody += `<circle cx="${roc.x(point.apcer)}" cy="${roc.y(1 - bpcer)}" r="4" fill="${point.colour}" stroke="#fff">${title}</circle>`;
    }
  }
  return (
    `<div class="charts"><figure><figcaption>DET curve (lower left is better)</figcaption>${det.svg(detBody)}</figure>` +
    `<figure><figcaption>ROC curve (upper left is better)</figcaption>${roc.svg(rocBody)}</figure></div>` +
    legend(curves.map((c) => ({ name: c.name, colour: c.colour, dashed: c.key !== '*' }))) +
    '<p class="note">Curves sweep a threshold on confidence (accepted: confidence ≥ t, no INCONCLUSIVE band); ' +
    'dots mark the verdicts as returned (accepted: LIVE). Dashed: one attack type alone.</p>'
  );
}

/** Shares of `values` in HISTOGRAM_BINS equal bins over [0,1]. @param {readonly number[]} values */
function histogram(values) {
  const bins = new Array(HISTOGRAM_BINS).fill(0);
  for (const v of values) bins[Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(v * HISTOGRAM_BINS)))]++;
  return bins.map((count) => (values.length > 0 ? count / values.length : 0));
}

/**
 * Confidence histograms, live against one attack type, with the INCONCLUSIVE band shaded.
 * @param {number[]} live @param {number[]} attack @param {string} name @param {string} colour
 * @param {number | null} threshold @param {number | null} margin
 */
function histogramChart(live, attack, name, colour, threshold, margin) {
  const liveBins = histogram(live);
  const attackBins = histogram(attack);
  const top = Math.max(0.05, ...liveBins, ...attackBins);
  const yMax = Math.ceil(top * 10) / 10;
  const f = frame({
    width: 300,
    height: 200,
    xLabel: 'confidence',
    yLabel: 'share of class',
    xTicks: [0, 0.25, 0.5, 0.75, 1],
    yTicks: [0, 0.5, 1],
    yTickFormat: (v) => `${Math.round(v * yMax * 100)}%`,
  });
  const y = (/** @type {number} */ share) => f.y(share / yMax);
  let body = '';
  if (threshold !== null && margin !== null) {
    body += `<rect x="${f.x(threshold - margin)}" y="${f.y(1)}" width="${f.x(threshold + margin) - f.x(threshold - margin)}" height="${f.y(0) - f.y(1)}" fill="#999" opacity=".18"><title>INCONCLUSIVE band</title></rect>`;
  }
  const width = f.x(1 / HISTOGRAM_BINS) - f.x(0);
  const bars = (/** @type {number[]} */ bins, /** @type {string} */ fill) =>
    bins
      .map((share, i) => (share > 0 ? `<rect x="${f.x(i / HISTOGRAM_BINS)}" y="${y(share)}" width="${width}" height="${f.y(0) - y(share)}" fill="${fill}" opacity=".45"/>` : ''))
      .join('');
  body += bars(liveBins, LIVE_COLOUR) + bars(attackBins, colour);
  return `<figure class="small"><figcaption>live (${live.length}) vs <b style="color:${colour}">${esc(name)}</b> (${attack.length}) · AUC ${num(aucMannWhitney(live, attack))}</figcaption>${f.svg(body)}</figure>`;
}

/**
 * Per-signal AUC: a bar from 0.5 (chance) to the signal's AUC against all presentation attacks, and
 * one dot per attack type.
 * @param {Record<string, { auc: number | null, auc_by_attack: Record<string, number | null> }>} signals
 * @param {{ name: string, colour: string }[]} types
 */
function signalChart(signals, types) {
  const names = Object.keys(signals);
  const rowHeight = 26;
  const m = { left: 130, right: 16, top: 8, bottom: 34 };
  const width = 620;
  const height = m.top + m.bottom + rowHeight * names.length;
  const x = (/** @type {number} */ v) => m.left + v * (width - m.left - m.right);
  let body = '';
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    body += `<line class="${t === 0.5 ? 'diag' : 'grid'}" x1="${x(t)}" x2="${x(t)}" y1="${m.top}" y2="${height - m.bottom}"/><text x="${x(t)}" y="${height - m.bottom + 14}" text-anchor="middle">${t}</text>`;
  }
  names.forEach((name, i) => {
    const yMid = m.top + rowHeight * i + rowHeight / 2;
    const auc = signals[name].auc;
    body += `<text x="${m.left - 6}" y="${yMid + 4}" text-anchor="end">${esc(name)}</text>`;
    if (auc !== null) {
      const [a, b] = auc >= 0.5 ? [0.5, auc] : [auc, 0.5];
      body += `<rect x="${x(a)}" y="${yMid - 7}" width="${Math.max(1, x(b) - x(a))}" height="14" fill="${auc >= 0.5 ? '#4a7fb5' : '#c0504d'}" opacity=".75"><title>${esc(name)}: AUC ${num(auc)} vs all presentation attacks</title></rect>`;
    }
    for (const type of types) {
      const value = signals[name].auc_by_attack[type.name];
      if (value === null || value === undefined) continue;
      body += `<circle cx="${x(value)}" cy="${yMid}" r="3.5" fill="${type.colour}" stroke="#fff" stroke-width=".8"><title>${esc(name)} vs ${esc(type.name)}: AUC ${num(value)}</title></circle>`;
    }
  });
  body += `<text x="${(x(0) + x(1)) / 2}" y="${height - 6}" text-anchor="middle" class="label">AUC, live vs attacks (0.5 = chance; below 0.5 the signal points the wrong way)</text>`;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${body}</svg>` + legend([{ name: 'all presentation attacks (bar)', colour: '#4a7fb5' }, ...types]);
}

/** @param {string[]} header @param {unknown[][]} rows @param {number} [numericFrom=1] */
function table(header, rows, numericFrom = 1) {
  const th = header.map((h, i) => `<th${i >= numericFrom ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  const tr = rows.map((row) => `<tr>${row.map((cell, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${cell}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/**
 * @param {{
 *   metrics: ReturnType<typeof import('./metrics.mjs').computeMetrics>,
 *   records: readonly import('./eval.mjs').EvalRecord[],
 *   signals: readonly string[],
 *   thumbnails: Map<string, { record: import('./eval.mjs').EvalRecord, src: string | null }[]>,
 *   run: { manifest: string, images: number, seconds: number, created: string, config: any },
 * }} input
 * @returns {string}
 */
export function buildReport({ metrics, records, thumbnails, run }) {
  const live = records.filter((r) => r.label === LIVE_LABEL);
  const spoof = records.filter((r) => r.label !== LIVE_LABEL);
  const attackTypes = Object.keys(metrics.by_attack);
  const colourOf = Object.fromEntries(attackTypes.map((t, i) => [t, PALETTE[i % PALETTE.length]]));
  const types = attackTypes.map((name) => ({ name, colour: colourOf[name] }));
  const liveConf = confidences(live);
  const excluded = metrics.excluded_from_worst ?? EXCLUDED_FROM_WORST;
  const byType = (/** @type {string} */ type) => spoof.filter((r) => attackTypeOf(r) === type);
  const presentationTypes = attackTypes.filter((t) => !excluded.includes(t));

  const summary = table(
    ['figure', 'value'],
    [
      ['images (live / presentation attacks / excluded attacks)', `${live.length} / ${metrics.n_attack} / ${metrics.n_excluded_attack}`],
      ['threshold (live_threshold ± inconclusive_margin)', `${num(metrics.threshold)} ± ${num(metrics.inconclusive_margin)}`],
      ['AUC, live vs all presentation attacks', num(metrics.auc)],
      ['EER (pooled attacks)', `${pct(metrics.eer)} at t = ${num(metrics.eer_threshold)}`],
      ['BPCER (live not accepted, non-responses included)', pct(metrics.bpcer)],
      ['BPCER over LIVE/SPOOF verdicts only', pct(metrics.bpcer_responded)],
      [`worst APCER (${esc(metrics.apcer_worst_attack ?? '–')})`, pct(metrics.apcer_worst)],
      ['ACER = (worst APCER + BPCER) / 2', pct(metrics.acer)],
      ['BPCER @ worst APCER ≤ 5 %', `${pct(metrics.bpcer_at_apcer_5)} at t = ${num(metrics.bpcer_at_apcer_5_threshold)}`],
      ['BPCER @ worst APCER ≤ 1 %', `${pct(metrics.bpcer_at_apcer_1)} at t = ${num(metrics.bpcer_at_apcer_1_threshold)}`],
    ],
  );
  const attackRows = attackTypes.map((type) => {
    const a = /** @type {any} */ (metrics.by_attack[type]);
    const nr = a.non_response;
    return [
      `<i class="sw" style="background:${colourOf[type]}"></i>${esc(type)}${a.excluded_from_worst ? ' <small>(not a presentation attack; excluded from worst)</small>' : ''}${a.n < FEW_IMAGES ? ` <small class="warn">(only ${a.n}: too few to trust)</small>` : ''}`,
      a.n,
      a.accepted,
      pct(a.apcer),
      num(a.auc),
      pct(a.eer),
      nr.INCONCLUSIVE,
      nr.NO_FACE_DETECTED,
      nr.other_error,
    ];
  });
  const nrLive = metrics.non_response.live;
  const nrSpoof = metrics.non_response.spoof;
  const nonResponse = table(
    ['label', 'images', 'INCONCLUSIVE', 'NO_FACE_DETECTED', 'other errors', 'non-responses'],
    [
      ['live', live.length, nrLive.INCONCLUSIVE, nrLive.NO_FACE_DETECTED, nrLive.other_error, `${nrLive.total} (${pct(live.length ? nrLive.total / live.length : null)})`],
      ['spoof', spoof.length, nrSpoof.INCONCLUSIVE, nrSpoof.NO_FACE_DETECTED, nrSpoof.other_error, `${nrSpoof.total} (${pct(spoof.length ? nrSpoof.total / spoof.length : null)})`],
    ],
  );

  const curves = [
    { name: 'all presentation attacks', colour: POOLED_COLOUR, key: '*', sweep: sweepThresholds(liveConf, Object.fromEntries(presentationTypes.map((t) => [t, confidences(byType(t))]))) },
    ...attackTypes.map((t) => ({ name: t, colour: colourOf[t], key: t, sweep: sweepThresholds(liveConf, { [t]: confidences(byType(t)) }) })),
  ].filter((c) => c.sweep.length > 0);
  const operating = [
    { name: 'all presentation attacks', colour: POOLED_COLOUR, apcer: metrics.apcer_pooled },
    ...attackTypes.map((t) => ({ name: t, colour: colourOf[t], apcer: /** @type {any} */ (metrics.by_attack[t]).apcer })),
  ];

  const histograms = attackTypes
    .map((t) => histogramChart(liveConf, confidences(byType(t)), t, colourOf[t], metrics.threshold, metrics.inconclusive_margin))
    .join('');

  const signalRows = Object.entries(metrics.signals).map(([name, s]) => [
    esc(name),
    num(/** @type {any} */ (s).auc),
    ...attackTypes.map((t) => num(/** @type {any} */ (s).auc_by_attack[t])),
  ]);

  const gallery = [...thumbnails]
    .map(([key, items]) => {
      const title =
        key === LIVE_LABEL
          ? 'live — lowest confidence (most likely rejected)'
          : key === LIVE_WITHOUT_CONFIDENCE
            ? 'live — no confidence (NO_FACE_DETECTED or another error; rejected as non-responses)'
            : `${key} — highest confidence (most likely accepted)`;
      const cells = items
        .map(({ record, src }) => {
          const img = `<div class="box">${src ? `<img src="${src}" alt="">` : 'no preview'}</div>`;
          return `<figure class="thumb" title="${esc(record.path)}">${img}<figcaption>${record.confidence === null ? `<small>${esc(record.error_code ?? '')}</small>` : `${num(record.confidence)} ${esc(record.verdict ?? '')}`}<br><span>${esc(record.source)}</span></figcaption></figure>`;
        })
        .join('');
      return `<h3>${esc(title)}</h3><div class="thumbs">${cells || '<p class="note">none with a confidence</p>'}</div>`;
    })
    .join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>selfie-liveness evaluation</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;margin:24px auto;max-width:1180px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:14px;margin:14px 0 6px}
.meta,.note{color:#666;font-size:12px}.warn{color:#b03a2e}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}th,td{padding:3px 10px;border-bottom:1px solid #e6e6e6;text-align:left}
th{background:#f5f5f7;font-weight:600}.n{text-align:right;font-variant-numeric:tabular-nums}
.grid2{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-size:12px;color:#333;margin-bottom:2px}
.small{display:inline-block;margin:0 10px 10px 0}
svg text{font-size:10px;fill:#444}svg .label{font-size:11px;fill:#222}
.grid{stroke:#e8e8e8}.axis{fill:none;stroke:#999}.diag{stroke:#bbb;stroke-dasharray:3 3}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:12px;margin:4px 0}.legend i,.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.thumbs{display:flex;flex-wrap:wrap;gap:8px}.thumb{width:104px;font-size:11px;text-align:center;overflow-wrap:anywhere}
.thumb .box{width:96px;height:96px;margin:0 auto 2px;display:flex;align-items:center;justify-content:center;background:#f3f3f3;color:#999}
.thumb small{font-size:9px}.thumb img{max-width:96px;max-height:96px;display:block}.thumb span{color:#888;font-size:10px;word-break:break-all}
</style>
</head>
<body>
<h1>selfie-liveness evaluation</h1>
<p class="meta">${esc(run.manifest)} · ${run.images} images · ${run.seconds} s · ${esc(run.created)}</p>

<h2>Metrics (ISO/IEC 30107-3)</h2>
<div class="grid2">
<div>${summary}</div>
<div>${table(['attack type', 'n', 'accepted', 'APCER', 'AUC', 'EER', 'INCONCL.', 'no face', 'errors'], attackRows)}
<h3>Non-responses</h3>${nonResponse}</div>
</div>
<p class="note">Accepted = verdict LIVE. APCER: share of an attack type accepted; a non-response to an attack is not an accept.
BPCER: share of live images not accepted, non-responses included. ${esc(excluded.join(', '))} is reported but left out of the worst APCER, ACER and the pooled curves: it is not a presentation to the camera.
AUC: Mann–Whitney on confidence, ties counted half. Errors have no confidence and are left out of AUC, EER and the curves
(live: ${metrics.sweep.excluded.live}, presentation attacks: ${metrics.sweep.excluded.attack}).</p>

<h2>DET and ROC</h2>
${curveCharts(curves, operating, metrics.bpcer)}

<h2>Confidence histograms</h2>
<p class="note">Share of each class per confidence bin (live in green). Grey band: INCONCLUSIVE.</p>
<div>${histograms}</div>

<h2>Signals alone</h2>
${signalChart(/** @type {any} */ (metrics.signals), types)}
${table(['signal', 'AUC all', ...attackTypes], signalRows)}

<h2>Worst-scored images</h2>
<p class="note">Thumbnails made locally from your images; this file holds them, so share it only as you would the images.</p>
${gallery}
</body>
</html>
`;
}
