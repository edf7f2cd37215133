// The evaluation report: reads the JSON block the page carries and draws it. Everything from the data goes into
// the page as text (textContent; the tooltip's markup is escaped), never as HTML. The evaluation's JSON is read
// loosely: a group, prediction, metric or field the page does not know is still shown, a missing one is a dash.
(function () {
  'use strict';

  const DASH = '\u2014';
  const data = JSON.parse(document.getElementById('evaluation-data').textContent);
  const evaluation = isObject(data.evaluation) ? data.evaluation : {};
  const lines = Array.isArray(data.lines) ? data.lines : [];
  const sections = isObject(data.sections) ? data.sections : {};

  const GROUPS = { all: 'All lines', least_traded: 'Least-traded lines', others: 'Other lines' };
  const PREDICTIONS = {
    model: 'model',
    no_change: 'no change',
    trend: 'trend of the base',
    model_calibrated: 'model, calibrated (in sample)',
    model_calibrated_out_of_sample: 'model, calibrated (out of sample)',
  };
  // [key, heading, kind]: the kind says how a value reads (see format). The keys are evaluation.json's.
  const METRICS = [
    ['lines', 'lines', 'count'],
    ['correlation', 'correlation', 'ratio'],
    ['slope', 'slope', 'ratio'],
    ['mae', 'MAE (USD)', 'usd'],
    ['rmse', 'RMSE (USD)', 'usd'],
    ['sign_share', 'sign share', 'share'],
    ['band_coverage', 'band coverage', 'share'],
  ];
  // what evaluation.json holds besides the run's parameters
  const NOT_PARAMETERS = ['groups', 'calibration', 'parameters'];
  const CALIBRATION = [
    ['factor', 'κ', 'ratio'],
    ['lines', 'lines', 'count'],
    ['calibrated', 'calibrated', 'yes-no'],
    ['rmse_before', 'RMSE before (USD)', 'usd'],
    ['rmse_after', 'RMSE after (USD)', 'usd'],
    ['rmse_out_of_sample', 'RMSE out of sample (USD)', 'usd'],
  ];

  const usdFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const ratioFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  }

  /** A finite number, or null: NaN (written "NaN"), null and text are not figures. */
  function figure(v) {
    if (typeof v === 'string' && v.trim() !== '') {
      v = Number(v);
    }
    return typeof v === 'number' && isFinite(v) ? v : null;
  }

  function usd(v) {
    return usdFormat.format(Math.abs(v) < 0.5 ? 0 : v); // never "-0"
  }

  /** How a value reads: money in whole USD with thousands separators, ratios and shares with 3 decimals. */
  function format(v, kind) {
    if (typeof v === 'boolean' && (kind === 'yes-no' || kind === 'auto')) {
      return v ? 'yes' : 'no';
    }
    const x = figure(v);
    if (x === null) {
      // a field the page does not know may be words (a method's name): shown as they are
      return kind === 'auto' && typeof v === 'string' && v !== '' && v !== 'NaN' ? v : DASH;
    }
    switch (kind) {
      case 'usd':
      case 'count':
        return usd(x);
      case 'share':
        // a share is at most 1; a larger whole number is a count of lines
        return x > 1 && Number.isInteger(x) ? usd(x) : ratioFormat.format(x);
      case 'ratio':
        return ratioFormat.format(x);
      default:
        return Number.isInteger(x) ? usd(x) : ratioFormat.format(x);
    }
  }

  function element(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (className) {
      e.className = className;
    }
    return e;
  }

  function words(key) {
    return String(key).replace(/_/g, ' ');
  }

  /** Known keys first, in their order, then whatever else the data hold. */
  function ordered(known, present) {
    return known.filter((k) => present.includes(k)).concat(present.filter((k) => !known.includes(k)));
  }

  // ---- parameters of the run ----

  /** The parameters: a `parameters` object if there is one, else the document's own fields (scenario, …). */
  function showParameters() {
    const list = document.getElementById('parameters');
    const parameters = isObject(evaluation.parameters) ? evaluation.parameters
      : Object.fromEntries(Object.entries(evaluation).filter(([k]) => !NOT_PARAMETERS.includes(k)));
    for (const [key, value] of Object.entries(parameters)) {
      const item = element('div');
      item.appendChild(element('dt', words(key)));
      let text = value === null ? DASH : value;
      if (Array.isArray(value)) {
        text = value.map((v) => (isObject(v) ? JSON.stringify(v) : String(v))).join(', ');
      } else if (isObject(value) && Object.keys(value).length === 2 && 'from' in value && 'to' in value) {
        text = value.from + ' to ' + value.to + ' (exclusive)'; // a period
      } else if (isObject(value)) {
        text = JSON.stringify(value);
      }
      item.appendChild(element('dd', String(text)));
      item.dataset.parameter = key;
      list.appendChild(item);
    }
  }

  // ---- metrics against the baselines ----

  function showMetrics() {
    const table = document.getElementById('metrics');
    const groups = isObject(evaluation.groups) ? evaluation.groups
      : Object.fromEntries(Object.keys(GROUPS).filter((g) => isObject(evaluation[g])).map((g) => [g, evaluation[g]]));
    const groupKeys = ordered(Object.keys(GROUPS), Object.keys(groups).filter((g) => isObject(groups[g])));
    const known = METRICS.map((m) => m[0]);
    const extra = [];
    for (const g of groupKeys) {
      for (const p of Object.values(groups[g])) {
        if (isObject(p)) {
          Object.keys(p).filter((k) => !known.includes(k) && !extra.includes(k)).forEach((k) => extra.push(k));
        }
      }
    }
    const columns = METRICS.concat(extra.map((k) => [k, words(k), 'auto']));
    const head = element('thead');
    const headRow = element('tr');
    headRow.appendChild(element('th', 'prediction'));
    columns.forEach(([, heading]) => headRow.appendChild(element('th', heading, 'num')));
    head.appendChild(headRow);
    table.appendChild(head);
    if (groupKeys.length === 0) {
      const row = element('tr');
      const cell = element('td', 'The evaluation holds no metrics.');
      cell.colSpan = columns.length + 1;
      row.appendChild(cell);
      table.appendChild(row);
      return;
    }
    for (const g of groupKeys) {
      const body = element('tbody');
      body.dataset.group = g;
      const title = element('tr', undefined, 'group');
      const th = element('th', GROUPS[g] || words(g));
      th.colSpan = columns.length + 1;
      title.appendChild(th);
      body.appendChild(title);
      const predictions = groups[g];
      // a prediction is an object of metrics; anything else in the group (a count) is not a row
      const present = Object.keys(predictions).filter((k) => isObject(predictions[k]));
      for (const p of ordered(Object.keys(PREDICTIONS), present)) {
        const metrics = predictions[p];
        const row = element('tr');
        row.dataset.group = g;
        row.dataset.prediction = p;
        row.appendChild(element('td', PREDICTIONS[p] || words(p)));
        for (const [key, , kind] of columns) {
          const text = format(metrics[key], kind);
          const cell = element('td', text, text === DASH ? 'num missing' : 'num');
          cell.dataset.field = key;
          row.appendChild(cell);
        }
        body.appendChild(row);
      }
      table.appendChild(body);
    }
  }

  // ---- calibration per HS section ----

  function showCalibration() {
    const table = document.getElementById('calibration');
    let rows = evaluation.calibration;
    if (isObject(rows)) { // keyed by section instead of a list
      rows = Object.entries(rows).map(([section, r]) => Object.assign({ section: section }, r));
    }
    rows = Array.isArray(rows) ? rows.filter(isObject) : [];
    const known = CALIBRATION.map((c) => c[0]).concat(['section', 'kappa']);
    const extra = [];
    rows.forEach((r) => Object.keys(r).filter((k) => !known.includes(k) && !extra.includes(k))
      .forEach((k) => extra.push(k)));
    const columns = CALIBRATION.concat(extra.map((k) => [k, words(k), 'auto']));
    const head = element('thead');
    const headRow = element('tr');
    headRow.appendChild(element('th', 'HS section'));
    columns.forEach(([, heading]) => headRow.appendChild(element('th', heading, 'num')));
    head.appendChild(headRow);
    table.appendChild(head);
    const body = element('tbody');
    if (rows.length === 0) {
      const row = element('tr');
      const cell = element('td', 'The evaluation holds no calibration.');
      cell.colSpan = columns.length + 1;
      row.appendChild(cell);
      body.appendChild(row);
    }
    for (const r of rows) {
      const row = element('tr');
      const section = r.section === undefined || r.section === null ? '' : String(r.section);
      row.dataset.section = section;
      row.appendChild(element('td', sections[section] || section || DASH));
      for (const [key, , kind] of columns) {
        const value = key === 'factor' && r.factor === undefined ? r.kappa : r[key];
        const text = format(value, kind);
        const cell = element('td', text, text === DASH ? 'num missing' : 'num');
        cell.dataset.field = key;
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
    table.appendChild(body);
  }

  // ---- predicted against realised ----

  let chart = null;

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  }

  function tooltip(params) {
    const line = lines[params.value[2]];
    if (!line) {
      return '';
    }
    const parts = [escapeHtml(line.importer) + ' \u2192 ' + escapeHtml(line.beneficiary) + ' HS '
      + escapeHtml(line.hs6) + (line.least_traded ? ' (least traded)' : '')];
    parts.push('predicted: ' + format(line.predicted, 'usd') + ' USD');
    parts.push('calibrated: ' + format(line.calibrated, 'usd') + ' USD');
    parts.push('realised: ' + format(line.realised, 'usd') + ' USD');
    return parts.join('<br>');
  }

  /**
   * The plotted coordinate of an amount. Linear, or signed logarithmic: sign × log10(|v|), |v| under 1 USD at 0, so
   * that a line of a few thousand dollars and one of millions both show (and the least-traded lines, which are the
   * small ones, leave the origin). The same function on both axes keeps predicted = realised on the diagonal.
   */
  function scaled(v, log) {
    if (!log) {
      return v;
    }
    return Math.abs(v) < 1 ? 0 : Math.sign(v) * Math.log10(Math.abs(v));
  }

  function unscaled(t, log) {
    return log ? Math.sign(t) * Math.pow(10, Math.abs(t)) : t;
  }

  /** Bounds rounded out to a readable step: whole decades on the log scale, 1, 2 or 5 × 10^k on the linear. */
  function bounds(lo, hi, log) {
    if (log) {
      return [Math.floor(lo), Math.ceil(hi), 1];
    }
    const rough = (hi - lo) / 8;
    const decade = Math.pow(10, Math.floor(Math.log10(rough)));
    const step = [1, 2, 5, 10].map((m) => m * decade).find((s) => s >= rough);
    return [Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step];
  }

  function drawScatter() {
    const box = document.getElementById('scatter');
    if (typeof echarts === 'undefined') {
      box.classList.add('missing');
      box.textContent = 'The chart needs echarts.min.js, which is written beside this page.';
      return;
    }
    const field = document.getElementById('prediction').value;
    const log = document.getElementById('scale').value === 'log';
    const others = [];
    const leastTraded = [];
    lines.forEach((line, i) => {
      const x = figure(line[field]);
      const y = figure(line.realised);
      if (x !== null && y !== null) {
        (line.least_traded ? leastTraded : others).push([scaled(x, log), scaled(y, log), i]);
      }
    });
    // One range on both axes (0 included) and a square plot, so that the 45° line is at 45°.
    let lo = 0;
    let hi = 0;
    for (const [x, y] of others.concat(leastTraded)) {
      lo = Math.min(lo, x, y);
      hi = Math.max(hi, x, y);
    }
    if (lo === hi) {
      hi = lo + 1;
    }
    const margin = (hi - lo) * 0.02; // no point on the frame
    const [min, max, step] = bounds(lo - margin, hi + margin, log);
    const axis = (name, gap) => ({
      type: 'value', name: name, nameLocation: 'middle', nameGap: gap, min: min, max: max, interval: step,
      axisLabel: { formatter: (t) => compactFormat.format(unscaled(t, log)) },
      splitLine: { lineStyle: { color: '#eceff3' } },
    });
    chart = chart || echarts.init(box, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 64, right: 16, top: 20, bottom: 60 },
      legend: { bottom: 0 },
      tooltip: { trigger: 'item', formatter: tooltip },
      xAxis: axis('predicted change (USD)', 28),
      yAxis: axis('realised change (USD)', 46),
      series: [
        { id: 'lines', name: 'lines', type: 'scatter', data: others, symbolSize: 8,
          itemStyle: { color: '#2f6fae', opacity: 0.8 } },
        { id: 'least-traded', name: 'least-traded lines', type: 'scatter', data: leastTraded,
          symbol: 'emptyDiamond', symbolSize: 12, itemStyle: { color: '#c8581a', borderWidth: 1.5 } },
        { id: 'diagonal', name: '45° line: predicted = realised', type: 'line', data: [[min, min], [max, max]],
          symbol: 'none', silent: true, z: 1, tooltip: { show: false },
          itemStyle: { color: '#7a828c' }, lineStyle: { type: 'dashed', width: 1 } },
      ],
    }, true);
    const plotted = others.length + leastTraded.length;
    document.getElementById('point-count').textContent = plotted + ' of ' + lines.length + ' lines plotted ('
      + leastTraded.length + ' least traded)' + (plotted < lines.length ? '; the others have no figure for this'
      + ' prediction' : '');
  }

  showParameters();
  showMetrics();
  showCalibration();
  drawScatter();
  document.getElementById('prediction').addEventListener('change', drawScatter);
  document.getElementById('scale').addEventListener('change', drawScatter);
  window.addEventListener('resize', () => chart && chart.resize());
}());
