// The ptaflow dashboard page. Everything that comes from the data (scenario titles, HS descriptions, codes, values)
// is put into the page with textContent or as option text: never parsed as HTML.
'use strict';

const state = { scenarios: [], charts: new Map(), selectedWindow: '', pickedWindow: '', source: null, pollTimer: null, busy: false, again: false };

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

// Thousands separators on a decimal string as the server sent it (money comes already rounded to whole USD); the
// string itself is never turned into a float for display.
function grouped(s) {
  if (s === undefined || s === null || s === '') return '';
  const str = String(s);
  const neg = str.startsWith('-');
  const body = neg ? str.slice(1) : str;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  return (neg ? '-' : '') + int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + frac;
}

function percent(ratio) {
  return ratio === '' || ratio === undefined ? '' : (Number(ratio) * 100).toFixed(1) + ' %';
}

async function getJson(url) {
  const r = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
  if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
  return r.json();
}

function setOptions(select, values, keep) {
  // values: [{value, label}]
  const current = keep !== undefined ? keep : select.value;
  const same = select.options.length === values.length
    && values.every((v, i) => select.options[i].value === v.value && select.options[i].textContent === v.label);
  if (!same) {
    while (select.firstChild) select.removeChild(select.firstChild);
    for (const v of values) {
      const o = document.createElement('option');
      o.value = v.value;
      o.textContent = v.label;
      select.appendChild(o);
    }
  }
  if (values.some((v) => v.value === current)) select.value = current;
  return select.value;
}

function scenarioById(id) {
  return state.scenarios.find((s) => s.id === id);
}

function directionParam() {
  const d = $('direction').value;
  if (!d) return '';
  const [importer, beneficiary] = d.split('|');
  return '&importer=' + encodeURIComponent(importer) + '&beneficiary=' + encodeURIComponent(beneficiary);
}

async function refresh() {
  if (state.busy) { state.again = true; return; }
  state.busy = true;
  try {
    do {
      state.again = false;
      await render();
    } while (state.again);
  } catch (e) {
    $('updates').textContent = 'error: ' + e.message;
  } finally {
    state.busy = false;
  }
}

async function render() {
  const list = await getJson('api/scenarios');
  state.scenarios = list.scenarios;
  const scenarioOptions = state.scenarios.map((s) => ({ value: s.id, label: s.title === s.id ? s.id : s.title + ' (' + s.id + ')' }));
  const a = setOptions($('scenario'), scenarioOptions);
  setOptions($('compare'), [{ value: '', label: '(none)' }].concat(scenarioOptions.filter((o) => o.value !== a)));
  const sa = scenarioById(a);
  const dirs = sa ? sa.directions.map((d) => ({ value: d.importer + '|' + d.beneficiary,
    label: d.importer + ' importing from ' + d.beneficiary })) : [];
  setOptions($('direction'), dirs);
  $('empty').hidden = state.scenarios.some((s) => s.directions.length > 0);

  const chosen = [a, $('compare').value].filter((x) => x);
  const views = [];
  for (const id of chosen) {
    views.push(await getJson('api/view?scenario=' + encodeURIComponent(id) + directionParam()));
  }
  const windows = views.length ? views[0].windows.map((w) => w.window_start) : [];
  // the latest window, so that a live page follows new windows, unless the user picked one
  const keepWindow = state.pickedWindow && windows.includes(state.pickedWindow) ? state.pickedWindow
    : windows[windows.length - 1] || '';
  state.selectedWindow = setOptions($('window'), windows.slice().reverse().map((w) => ({ value: w, label: w.slice(0, 10) })), keepWindow);
  $('download').setAttribute('href', 'api/rows.csv?scenario=' + encodeURIComponent(a || '') + directionParam());
  // The transit movements and the origin flags of each scenario shown (whatever the direction, as the quotas).
  for (const v of views) {
    const id = encodeURIComponent(v.scenario);
    v.transit = await getJson('api/transit?scenario=' + id + '&window=' + encodeURIComponent(state.selectedWindow));
    v.flags = await getJson('api/flags?scenario=' + id);
  }

  const panels = $('panels');
  while (panels.children.length > views.length) {
    const gone = panels.lastChild;
    disposeCharts(gone.dataset.panel);
    panels.removeChild(gone);
  }
  views.forEach((v, i) => {
    let p = panels.children[i];
    if (!p) {
      p = buildPanel(i);
      panels.appendChild(p);
    }
    fillPanel(p, v, scenarioById(v.scenario));
  });
  $('updates').dataset.rendered = String(Number($('updates').dataset.rendered || 0) + 1);
}

function disposeCharts(panel) {
  for (const [key, chart] of state.charts) {
    if (key.startsWith(panel + ':')) { chart.dispose(); state.charts.delete(key); }
  }
}

/** A two-column grid of cards, one per [title, content element], in order. */
function grid(parent, cards) {
  const g = el('div', 'grid2');
  parent.appendChild(g);
  for (const [title, content] of cards) {
    card(g, title).appendChild(content);
  }
}

/**
 * The placeholder a chart is drawn into. (Not named chart: a second function declaration of that name would replace
 * the one that draws, and the page would stop drawing.)
 */
function chartBox(key) {
  const d = el('div', 'chart');
  d.dataset.chart = key;
  return d;
}

function card(parent, title, cls) {
  const c = el('div', 'card' + (cls ? ' ' + cls : ''));
  c.appendChild(el('h3', null, title));
  parent.appendChild(c);
  return c;
}

function buildPanel(i) {
  const p = el('section', 'panel-set');
  p.dataset.panel = String(i);
  p.appendChild(el('h2', 'scenario-title'));
  grid(p, [['Selected window', el('table', 'summary')], ['Run health', el('table', 'health')]]);
  // Tariff-rate quotas (economics.md §7), shown when the scenario has some: fill by registration day, the latest
  // status of each.
  const quotas = el('section', 'quotas');
  quotas.hidden = true;
  grid(quotas, [['Tariff-rate quotas: fill by registration day (1 = the period\'s volume; dashed: critical level; '
      + 'vertical: exhausted)', chartBox('quotas')],
    ['Tariff-rate quotas: latest status', el('div', 'scroll quota-table')]]);
  p.appendChild(quotas);
  // Transit movements under the transit agreement, shown when the scenario has some (or there are alerts).
  const transit = el('section', 'transit');
  transit.hidden = true;
  grid(transit, [['Transit: movements by mode, per departure window', chartBox('transit-modes')],
    ['Transit: declared value by mode, USD', chartBox('transit-value')],
    ['Transit: movements by corridor (office of departure → office of exit)', chartBox('transit-corridors')],
    ['Transit: open exposure (duty and taxes at risk) against guarantees, USD', chartBox('transit-exposure')]]);
  grid(transit, [['Transit: selected window', el('table', 'transit-summary')],
    ['Transit: selected window by mode', el('div', 'scroll transit-by-mode')]]);
  grid(transit, [['Transit hours by corridor and mode, selected window (p50 and p90)', chartBox('transit-times')],
    ['Transit hours by corridor and mode, selected window', el('div', 'scroll transit-times')]]);
  const alerts = card(transit, 'Transit alerts: the latest (all scenarios: an alert names none)');
  alerts.appendChild(el('p', 'counts transit-alert-counts'));
  alerts.appendChild(el('div', 'scroll transit-alerts'));
  p.appendChild(transit);
  // Origin checks on preference claims (consignment, partner_shift), shown when the scenario has flags.
  const flags = el('section', 'flags');
  flags.hidden = true;
  const flagCard = card(flags, 'Origin flags: the latest');
  flagCard.appendChild(el('p', 'counts flag-counts'));
  flagCard.appendChild(el('div', 'scroll flag-table'));
  p.appendChild(flags);
  grid(p, [['Beneficiary imports, eligible and preferential value by window', chartBox('trade')],
    ['Utilisation rate (preferential ÷ eligible)', chartBox('utilization')],
    ['Revenue forgone and the scenario\'s revenue change', chartBox('revenue')],
    ['Trade creation and diversion (scenario estimate)', chartBox('effects')],
    ['Revenue forgone by tax, USD (duty, sales tax/VAT, other; the line is the total)', chartBox('taxes-forgone')],
    ['Revenue change by tax, USD (scenario estimate; the line is the total)', chartBox('taxes-change')]]);
  grid(p, [['Selected window: revenue by tax, USD', el('div', 'scroll taxes')],
    ['Selected window: revenue forgone and revenue change by tax, USD', chartBox('window-taxes')]]);
  grid(p, [['Latest window: top HS chapters by revenue forgone', chartBox('chapters-forgone')],
    ['Latest window: top HS chapters by trade effect', chartBox('chapters-effect')]]);
  grid(p, [['Latest window: HS chapters', el('div', 'scroll chapters')],
    ['Latest window: HS sections', el('div', 'scroll sections')]]);
  card(p, 'Latest window: rows (contract columns)').appendChild(el('div', 'scroll rows'));
  return p;
}

const SUMMARY_FIELDS = [
  ['window_start', 'window start'], ['window_end', 'window end'], ['state', 'state'], ['records', 'records'],
  ['value_beneficiary', 'beneficiary imports (Mk)'], ['value_others', 'imports from others (MK)'],
  ['dutiable_value', 'dutiable value (D)'], ['eligible_value', 'eligible value (E)'],
  ['preferential_value', 'preferential value (R)'], ['utilization', 'utilisation (R / E)'],
  ['duty_at_mfn', 'duty at MFN'], ['duty_statutory', 'duty statutory'], ['revenue_forgone', 'revenue forgone'],
  ['trade_creation', 'trade creation'], ['trade_diversion', 'trade diversion'], ['trade_effect', 'trade effect'],
  ['revenue_change', 'revenue change'], ['welfare', 'welfare'],
  ['taxes_at_mfn', 'taxes beyond the duty at MFN'], ['taxes_statutory', 'taxes beyond the duty, statutory'],
  ['taxes_forgone', 'taxes beyond the duty, forgone'], ['total_revenue_forgone', 'total revenue forgone (duty + taxes)'],
  ['total_revenue_change', 'total revenue change (duty + taxes)'],
  ['trade_creation_p05', 'trade creation p05'], ['trade_creation_p95', 'trade creation p95'],
  ['trade_diversion_p05', 'trade diversion p05'], ['trade_diversion_p95', 'trade diversion p95'],
  ['revenue_change_p05', 'revenue change p05'], ['revenue_change_p95', 'revenue change p95'],
  ['total_revenue_change_p05', 'total revenue change p05'], ['total_revenue_change_p95', 'total revenue change p95']];

// The revenue-by-tax stacks: the duty, sales tax/VAT, the other non-creditable taxes, and the total, per measure.
const TAX_GROUPS = [['duty', 'customs duty'], ['sales_tax_vat', 'sales tax/VAT'], ['other', 'other taxes']];
const TAX_STACKS = {
  forgone: { label: 'revenue forgone', fields: ['revenue_forgone', 'sales_tax_vat_forgone', 'other_taxes_forgone'], total: 'total_revenue_forgone' },
  change: { label: 'revenue change', fields: ['revenue_change', 'sales_tax_vat_change', 'other_taxes_change'], total: 'total_revenue_change' }
};

function fillTable(table, header, rows, numeric) {
  while (table.firstChild) table.removeChild(table.firstChild);
  if (header) {
    const tr = el('tr');
    for (const h of header) tr.appendChild(el('th', null, h));
    table.appendChild(tr);
  }
  for (const r of rows) {
    const tr = el('tr', r.early ? 'early' : null);
    r.cells.forEach((c, i) => {
      const td = el('td', numeric && numeric(i) ? 'num' : null, c.text);
      if (c.field) td.dataset.field = c.field;
      tr.appendChild(td);
    });
    table.appendChild(tr);
  }
}

function fillPanel(p, v, scenario) {
  const title = scenario ? scenario.title : v.scenario;
  p.querySelector('.scenario-title').textContent = title + ' — ' + (v.importer || '?') + ' importing from ' + (v.beneficiary || '?');
  p.dataset.scenario = v.scenario;
  const w = v.windows.find((x) => x.window_start === state.selectedWindow) || v.windows[v.windows.length - 1];
  const rows = [];
  if (w) {
    for (const [field, label] of SUMMARY_FIELDS) {
      if (!(field in w) && field !== 'state') continue;
      let value = field === 'state' ? (w.final ? 'final' : 'open (early update)') : w[field];
      const shown = field === 'utilization' ? value + (value === '' ? '' : ' (' + percent(value) + ')')
        : field.startsWith('window') || field === 'state' ? value : grouped(value);
      rows.push({ cells: [{ text: label }, { text: shown, field: field }] });
    }
  }
  fillTable(p.querySelector('table.summary'), null, rows, (i) => i === 1);

  const labels = v.windows.map((x) => x.window_start.slice(0, 10) + (x.final ? '' : ' (open)'));
  const num = (f) => v.windows.map((x) => x[f] === '' || x[f] === undefined ? null : Number(x[f]));
  chart(p, 'trade', {
    legend: {}, tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 70, right: 16, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' },
    series: [['value_beneficiary', 'beneficiary imports'], ['eligible_value', 'eligible'], ['preferential_value', 'preferential']]
      .map(([f, n]) => ({ name: n, type: 'bar', data: num(f) }))
  });
  chart(p, 'utilization', {
    tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 70, right: 16, top: 20, bottom: 24 },
    xAxis: { type: 'category', data: labels }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
    series: [{ name: 'utilisation %', type: 'line', data: num('utilization').map((x) => x === null ? null : +(x * 100).toFixed(2)) }]
  });
  chart(p, 'revenue', bandChart(labels, v, [['revenue_forgone', 'revenue forgone'], ['revenue_change', 'revenue change']], 'revenue_change'));
  chart(p, 'effects', bandChart(labels, v, [['trade_creation', 'trade creation'], ['trade_diversion', 'trade diversion']], 'trade_creation', 'trade_diversion'));
  chart(p, 'taxes-forgone', taxStackChart(labels, v.windows, TAX_STACKS.forgone));
  chart(p, 'taxes-change', taxStackChart(labels, v.windows, TAX_STACKS.change));
  chart(p, 'window-taxes', windowTaxChart(w));
  const taxTable = el('table');
  const taxRows = w ? w.taxes.map((t) => ({ cells: [{ text: t.tax }, { text: groupLabel(t.group) },
    { text: t.creditable === 'true' ? 'yes (in no total)' : 'no' }, { text: grouped(t.at_mfn) }, { text: grouped(t.statutory) },
    { text: grouped(t.forgone), field: 'tax:' + t.tax + ':forgone' }, { text: grouped(t.collected) },
    { text: grouped(t.revenue_change), field: 'tax:' + t.tax + ':revenue_change' }] })) : [];
  if (w) {
    taxRows.push({ cells: [{ text: 'total (duty + non-creditable taxes)' }, { text: '' }, { text: '' }, { text: '' }, { text: '' },
      { text: grouped(w.total_revenue_forgone), field: 'tax:total:forgone' }, { text: '' },
      { text: grouped(w.total_revenue_change), field: 'tax:total:revenue_change' }] });
  }
  fillTable(taxTable, ['tax', 'group', 'creditable', 'at MFN', 'statutory', 'forgone', 'collected', 'revenue change'],
    taxRows, (i) => i >= 3);
  replace(p.querySelector('.taxes'), taxTable);

  const chapters = Array.isArray(v.chapters) ? v.chapters : [];
  const sections = Array.isArray(v.sections) ? v.sections : [];
  chart(p, 'chapters-forgone', barChart(chapters, 'revenue_forgone'));
  chart(p, 'chapters-effect', barChart(chapters.slice().sort((a, b) => Number(b.trade_effect) - Number(a.trade_effect)), 'trade_effect'));
  const chapterTable = el('table');
  fillTable(chapterTable, ['chapter', 'description', 'section', 'revenue forgone', 'trade effect'],
    chapters.map((c) => ({ cells: [{ text: c.code }, { text: c.description, field: 'description' }, { text: c.section },
      { text: grouped(c.revenue_forgone) }, { text: grouped(c.trade_effect) }] })), (i) => i >= 3);
  replace(p.querySelector('.chapters'), chapterTable);
  const sectionTable = el('table');
  fillTable(sectionTable, ['section', 'name', 'revenue forgone', 'trade effect'],
    sections.map((c) => ({ cells: [{ text: c.code || '(no nomenclature given)' }, { text: c.description },
      { text: grouped(c.revenue_forgone) }, { text: grouped(c.trade_effect) }] })), (i) => i >= 2);
  replace(p.querySelector('.sections'), sectionTable);

  const rowTable = el('table');
  const columns = v.rows.length ? Object.keys(v.rows[0]).filter((c) => c !== 'final') : [];
  // After the six identity columns every value is a number: grouped by thousands (money comes in whole USD).
  fillTable(rowTable, columns, v.rows.map((r) => ({ early: r.final !== 'true',
    cells: columns.map((c, i) => ({ text: i >= 6 ? grouped(r[c]) : r[c] })) })), (i) => i >= 6);
  replace(p.querySelector('.rows'), rowTable);

  fillTable(p.querySelector('table.health'), null, v.health.map(([k, val]) => ({ cells: [{ text: k }, { text: val, field: 'health:' + k }] })),
    (i) => i === 1);
  fillQuotas(p, Array.isArray(v.quotas) ? v.quotas : []);
  fillTransit(p, v.transit);
  fillFlags(p, v.flags);
}

const TRANSIT_FIELDS = [['movements', 'movements (departures, cancelled ones included)'],
  ['declared_value', 'declared value, USD'], ['gross_mass_kg', 'gross mass, kg'], ['exited', 'exited (discharged)'],
  ['overdue', 'became overdue'], ['open_exposure', 'open exposure: duty and taxes at risk, USD'],
  ['guarantee', 'guarantees lodged, USD'], ['exposure_less_guarantee', 'open exposure less guarantees, USD']];

/** "overdue 2 · late_exit 1 (4 held)": counts by kind or rule, as text. */
function countsText(counts, held, what) {
  const parts = Object.keys(counts).map((k) => k + ' ' + grouped(counts[k]));
  return parts.length ? parts.join(' · ') + ' (' + grouped(held) + ' ' + what + ' held; the latest 100 listed)' : 'none';
}

/**
 * The Transit view: movements and declared value by mode and by corridor over the departure windows, open exposure
 * against guarantees, the selected window's sums (overall and by mode) and transit hours per corridor and mode, and
 * the latest alerts. Every code, office and detail goes in as text (textContent, chart text), never as HTML.
 */
function fillTransit(p, t) {
  const section = p.querySelector('.transit');
  const any = t && (t.windows.length > 0 || t.alerts.length > 0);
  section.hidden = !any;
  if (!any) return;
  const labels = t.windows.map((w) => w.window_start.slice(0, 10));
  const nums = (xs) => xs.map((x) => x === '' ? null : Number(x));
  const overWindows = (groups, name, field) => ({
    legend: { type: 'scroll' }, tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 80, right: 16, top: 30, bottom: 24 }, xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' },
    series: groups.map((g) => ({ name: g[name], type: 'bar', stack: field, data: nums(g[field]) }))
  });
  chart(p, 'transit-modes', overWindows(t.by_mode, 'mode', 'movements'));
  chart(p, 'transit-value', overWindows(t.by_mode, 'mode', 'declared_value'));
  chart(p, 'transit-corridors', overWindows(t.corridors, 'corridor', 'movements'));
  const column = (f) => nums(t.windows.map((w) => w[f]));
  chart(p, 'transit-exposure', {
    legend: {}, tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 80, right: 16, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' },
    series: [{ name: 'open exposure', type: 'bar', data: column('open_exposure') },
      { name: 'guarantees', type: 'bar', data: column('guarantee') },
      { name: 'exposure less guarantees', type: 'line', data: column('exposure_less_guarantee') }]
  });
  const w = t.windows.find((x) => x.window_start === t.selected_window);
  const summary = [];
  if (w) {
    summary.push({ cells: [{ text: 'departure window' }, { text: w.window_start + ' to ' + w.window_end, field: 'transit:window' }] });
    for (const [f, label] of TRANSIT_FIELDS) summary.push({ cells: [{ text: label }, { text: grouped(w[f]), field: 'transit:' + f }] });
  }
  fillTable(p.querySelector('table.transit-summary'), null, summary, (i) => i === 1);
  const byMode = el('table');
  fillTable(byMode, ['mode', 'movements', 'declared value', 'exited', 'overdue', 'open exposure', 'guarantees'],
    t.selected_by_mode.map((m) => ({ cells: [{ text: m.mode }].concat(['movements', 'declared_value', 'exited', 'overdue',
      'open_exposure', 'guarantee'].map((f) => ({ text: grouped(m[f]), field: 'transit:mode:' + m.mode + ':' + f }))) })),
    (i) => i >= 1);
  replace(p.querySelector('div.transit-by-mode'), byMode);
  const label = (r) => r.corridor + ' ' + r.transport_mode + ' (' + r.origin + ' → ' + r.destination + ')';
  const times = t.times.slice(0, 15).reverse();
  chart(p, 'transit-times', {
    legend: {}, tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 16, right: 16, top: 30, bottom: 24, containLabel: true },
    xAxis: { type: 'value', name: 'hours' }, yAxis: { type: 'category', data: times.map(label) },
    series: [{ name: 'p50', type: 'bar', data: nums(times.map((r) => r.transit_hours_p50)) },
      { name: 'p90', type: 'bar', data: nums(times.map((r) => r.transit_hours_p90)) }]
  });
  const timeTable = el('table');
  fillTable(timeTable, ['corridor', 'mode', 'direction', 'origin → destination', 'exited', 'p50 hours', 'p90 hours'],
    t.times.map((r, i) => ({ cells: [{ text: r.corridor, field: 'time:' + i + ':corridor' }, { text: r.transport_mode },
      { text: r.direction }, { text: r.origin + ' → ' + r.destination }, { text: grouped(r.exited) },
      { text: r.transit_hours_p50, field: 'time:' + i + ':p50' }, { text: r.transit_hours_p90, field: 'time:' + i + ':p90' }] })),
    (i) => i >= 4);
  replace(p.querySelector('div.transit-times'), timeTable);
  p.querySelector('.transit-alert-counts').textContent = countsText(t.alert_counts, t.alerts_held, 'alerts');
  const alertTable = el('table');
  fillTable(alertTable, ['at', 'kind', 'movement', 'office', 'mode', 'origin → destination', 'declared value', 'detail'],
    t.alerts.map((a, i) => ({ cells: [{ text: a.at }, { text: a.kind, field: 'alert:' + i + ':kind' },
      { text: a.movement_id }, { text: a.office, field: 'alert:' + i + ':office' }, { text: a.transport_mode },
      { text: a.origin || a.destination ? a.origin + ' → ' + a.destination : '' },
      { text: grouped(a.declared_value), field: 'alert:' + i + ':declared_value' },
      { text: a.detail, field: 'alert:' + i + ':detail' }] })), (i) => i === 6);
  replace(p.querySelector('div.transit-alerts'), alertTable);
  // drawn while the section was hidden, the charts have no size
  for (const key of ['transit-modes', 'transit-value', 'transit-corridors', 'transit-exposure', 'transit-times']) {
    state.charts.get(p.dataset.panel + ':' + key).resize();
  }
}

/** The Flags table: the scenario's latest flags, every column of flags.csv, as text. */
function fillFlags(p, f) {
  const section = p.querySelector('.flags');
  const any = f && f.flags.length > 0;
  section.hidden = !any;
  if (!any) return;
  p.querySelector('.flag-counts').textContent = countsText(f.counts, f.held, 'flags');
  const table = el('table');
  fillTable(table, ['registered', 'rule', 'importer', 'origin', 'consigned from', 'HS', 'value, USD', 'declaration',
    'detail'], f.flags.map((x, i) => ({ cells: [{ text: x.registered_at }, { text: x.rule, field: 'flag:' + i + ':rule' },
    { text: x.importer }, { text: x.origin }, { text: x.consignment }, { text: x.hs_code, field: 'flag:' + i + ':hs_code' },
    { text: grouped(x.value_usd), field: 'flag:' + i + ':value_usd' },
    { text: x.declaration_id ? x.declaration_id + ' item ' + x.item_no : '' },
    { text: x.detail, field: 'flag:' + i + ':detail' }] })), (i) => i === 6);
  replace(p.querySelector('.flag-table'), table);
}

/** A date (YYYY-MM-DD, UTC) as the time axis's milliseconds. */
function utcDay(date) {
  return Date.parse(date + 'T00:00:00Z');
}

/**
 * The quota panel: one line of fill per quota over its registration days with claims (a step: the fill holds until
 * the next day with claims, and drops when a new period starts), marked with the volume (fill 1), the quota's
 * critical level when the dashboard knows it (from the scenario), and each exhaustion date; and a table of each
 * quota's latest status.
 */
function fillQuotas(p, quotas) {
  const section = p.querySelector('.quotas');
  section.hidden = quotas.length === 0;
  if (!quotas.length) return;
  const series = quotas.filter((q) => q.days.length).map((q) => {
    const marks = [{ name: 'volume', yAxis: 1 }];
    if (q.critical_at !== '') marks.push({ name: q.quota + ' critical at ' + q.critical_at, yAxis: Number(q.critical_at) });
    for (const day of q.exhaustions) marks.push({ name: q.quota + ' exhausted ' + day, xAxis: utcDay(day) });
    return { name: q.quota, type: 'line', step: 'end', data: q.days.map((d) => [utcDay(d.day), Number(d.fill)]),
      markLine: { symbol: 'none', lineStyle: { type: 'dashed' }, label: { formatter: '{b}', position: 'insideEndTop' }, data: marks } };
  });
  chart(p, 'quotas', {
    legend: {}, tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 50, right: 24, top: 30, bottom: 24 },
    xAxis: { type: 'time', minInterval: 86400000 }, yAxis: { type: 'value', min: 0, max: (e) => Math.max(1, e.max) }, series
  });
  state.charts.get(p.dataset.panel + ':quotas').resize(); // drawn while the section was hidden, it has no size
  const unit = (q, amount) => amount === undefined || amount === '' ? '' : grouped(amount) + (q.unit ? ' ' + q.unit : '');
  const table = el('table');
  fillTable(table, ['quota', 'status', 'fill', 'balance', 'exhausted on', 'last day with claims', 'period', 'critical at'],
    quotas.map((q) => ({ cells: [{ text: q.quota }, { text: q.status, field: 'quota:' + q.quota + ':status' },
      { text: q.fill === undefined ? '' : q.fill + ' (' + q.fill_percent + ' %)', field: 'quota:' + q.quota + ':fill' },
      { text: unit(q, q.balance), field: 'quota:' + q.quota + ':balance' },
      { text: q.exhausted_on || '', field: 'quota:' + q.quota + ':exhausted_on' },
      { text: q.day || '' },
      { text: q.period_start ? q.period_start.slice(0, 10) + ' to ' + q.period_end.slice(0, 10) + ' (excl.)' : '' },
      { text: q.critical_at }] })), (i) => i === 2 || i === 3);
  replace(p.querySelector('.quota-table'), table);
}

function replace(container, child) {
  while (container.firstChild) container.removeChild(container.firstChild);
  container.appendChild(child);
}

function bandChart(labels, v, fields, ...banded) {
  const series = [];
  const num = (f) => v.windows.map((x) => x[f] === '' || x[f] === undefined ? null : Number(x[f]));
  for (const [f, n] of fields) series.push({ name: n, type: 'line', data: num(f) });
  if (v.bands) {
    for (const f of banded) {
      const lo = num(f + '_p05');
      const hi = num(f + '_p95');
      series.push({ name: f.replace('_', ' ') + ' p05', type: 'line', stack: 'band-' + f, symbol: 'none',
        lineStyle: { opacity: 0 }, data: lo });
      series.push({ name: f.replace('_', ' ') + ' p05–p95', type: 'line', stack: 'band-' + f, symbol: 'none',
        lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.2 }, data: hi.map((h, i) => h === null || lo[i] === null ? null : h - lo[i]) });
    }
  }
  return {
    legend: { data: fields.map(([, n]) => n) }, tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 70, right: 16, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' }, series
  };
}

function groupLabel(group) {
  const g = TAX_GROUPS.find(([key]) => key === group);
  return g ? g[1] : group;
}

/** Over windows: the duty, sales tax/VAT and other taxes stacked, and the total as a line. */
function taxStackChart(labels, windows, stack) {
  const num = (f) => windows.map((x) => x[f] === '' || x[f] === undefined ? null : Number(x[f]));
  const series = TAX_GROUPS.map(([, name], i) => ({ name: name, type: 'bar', stack: 'taxes', data: num(stack.fields[i]) }));
  series.push({ name: 'total', type: 'line', data: num(stack.total) });
  return {
    legend: {}, tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 80, right: 16, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' }, series
  };
}

/** The selected window: revenue forgone and revenue change, each stacked by tax group, with their totals. */
function windowTaxChart(w) {
  const stacks = [TAX_STACKS.forgone, TAX_STACKS.change];
  const value = (f) => !w || w[f] === '' || w[f] === undefined ? null : Number(w[f]);
  const series = TAX_GROUPS.map(([, name], i) => ({ name: name, type: 'bar', stack: 'taxes',
    data: stacks.map((s) => value(s.fields[i])) }));
  series.push({ name: 'total', type: 'scatter', symbolSize: 12, data: stacks.map((s) => value(s.total)) });
  return {
    legend: {}, tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 110, right: 16, top: 30, bottom: 24 },
    xAxis: { type: 'value' }, yAxis: { type: 'category', data: stacks.map((s) => s.label) }, series
  };
}

function barChart(items, field) {
  const top = items.slice(0, 10).reverse();
  return {
    tooltip: { trigger: 'axis', renderMode: 'richText' }, grid: { left: 50, right: 16, top: 10, bottom: 24 },
    xAxis: { type: 'value' }, yAxis: { type: 'category', data: top.map((c) => 'HS ' + c.code) },
    series: [{ name: field.replace('_', ' '), type: 'bar', data: top.map((c) => Number(c[field])) }]
  };
}

function chart(p, key, option) {
  const id = p.dataset.panel + ':' + key;
  let c = state.charts.get(id);
  if (!c) {
    c = echarts.init(p.querySelector('[data-chart="' + key + '"]'), null, { renderer: 'canvas' });
    state.charts.set(id, c);
  }
  c.setOption(option, true);
}

function listen() {
  if (!window.EventSource) return poll();
  const es = new EventSource('api/events');
  state.source = es;
  es.addEventListener('update', () => {
    $('updates').textContent = 'live (server-sent events), updated ' + new Date().toLocaleTimeString();
    refresh();
  });
  es.onerror = () => {
    $('updates').textContent = 'connection lost: polling every 5 s';
    if (!state.pollTimer) poll();
  };
  es.onopen = () => {
    if (state.pollTimer) { clearInterval(state.pollTimer); state.pollTimer = null; }
  };
}

function poll() {
  state.pollTimer = setInterval(refresh, 5000);
}

for (const id of ['scenario', 'compare', 'direction']) $(id).addEventListener('change', refresh);
$('window').addEventListener('change', () => { state.pickedWindow = $('window').value; refresh(); });
window.addEventListener('resize', () => { for (const c of state.charts.values()) c.resize(); });
refresh();
listen();
