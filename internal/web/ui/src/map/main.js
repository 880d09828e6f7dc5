import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './style.css';

// The Go handler writes the GraphQL endpoint into <body data-endpoint>.
const endpoint = document.body.dataset.endpoint;

const FILTER_OPTIONS_QUERY = `query MapFilterOptions {
  programmes { id name }
  funds { id name }
  sectors { id name domain { name } }
  classifications { classification { scheme code label } projects }
}`;

// Names for the classification schemes an import gives (internal/kohesio);
// another scheme is shown as it is.
const SCHEME_NAMES = {
  'kohesio-category-of-intervention-2014-2020': 'Categories of intervention 2014–2020',
  'kohesio-category-of-intervention-2021-2027': 'Categories of intervention 2021–2027',
  'kohesio-thematic-objective': 'Thematic objectives 2014–2020',
  'kohesio-policy-objective': 'Policy objectives 2021–2027',
};

const REGIONS_QUERY = `query MapRegions($filter: ProjectFilter) {
  regionsGeoJSON(filter: $filter)
}`;

// The area code is written into the query as a string literal rather than
// passed as a variable, so the query is valid whether the schema declares
// the argument as String! or ID!.
function regionProjectsQuery(code) {
  return `query MapRegionProjects($filter: ProjectFilter) {
  welfareRegion(code: ${JSON.stringify(code)}) {
    code
    name
    projects(filter: $filter, first: 100) {
      totalCount
      edges { node { id name acronym startDate endDate } }
    }
  }
}`;
}

// ColorBrewer "Blues", light to dark. Areas with a zero count get a neutral
// grey instead, so "none" never looks like "a few".
const PALETTE = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const ZERO_COLOUR = '#d9d4cc';

const form = document.getElementById('filters');
const panel = document.getElementById('panel');
const errorBox = document.getElementById('error');

const state = {
  measure: form.elements.measure.value,
  filter: undefined,
  selectedCode: null,
  classes: [],
};

async function graphql(query, variables) {
  let response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new Error(`cannot reach ${endpoint} (${err.message})`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`${endpoint} answered ${response.status} ${response.statusText} without a GraphQL response`);
  }
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => e.message).join('; '));
  }
  if (!response.ok || !body.data) {
    throw new Error(`${endpoint} answered ${response.status} ${response.statusText}`);
  }
  return body.data;
}

// Each kind of request reports its own failure, so a working request does
// not hide the error of another one.
const errors = new Map();
function setError(kind, err) {
  if (err) {
    errors.set(kind, `Could not load ${kind}: ${err.message}`);
  } else {
    errors.delete(kind);
  }
  errorBox.replaceChildren(...[...errors.values()].map((text) => el('p', {}, text)));
  errorBox.hidden = errors.size === 0;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, attributes);
  node.append(...children);
  return node;
}

// Whole-number classes of equal width from 1 to max, at most one per palette
// colour, spread over the palette so a few classes still differ clearly.
function makeClasses(max) {
  if (max < 1) return [];
  const width = Math.ceil(max / Math.min(PALETTE.length, max));
  const count = Math.ceil(max / width);
  return Array.from({ length: count }, (_, i) => ({
    from: i * width + 1,
    to: Math.min((i + 1) * width, max),
    colour: PALETTE[count === 1 ? PALETTE.length - 1 : Math.round((i * (PALETTE.length - 1)) / (count - 1))],
  }));
}

function colourFor(value) {
  if (!value) return ZERO_COLOUR;
  return state.classes.find((c) => value <= c.to).colour;
}

function regionStyle(feature) {
  const { code } = feature.properties;
  const selected = code === state.selectedCode;
  return {
    className: `region region-${code}`,
    fillColor: colourFor(feature.properties[state.measure]),
    fillOpacity: 1,
    color: selected ? '#111' : '#fff',
    weight: selected ? 3 : 1,
  };
}

const map = L.map('map', { zoomSnap: 0.25, minZoom: 3, maxZoom: 10 });

const regionsLayer = L.geoJSON(null, {
  style: regionStyle,
  onEachFeature(feature, layer) {
    layer.bindTooltip(() => {
      const p = feature.properties;
      return el('span', {}, el('strong', {}, p.name_fi), el('br'), `${state.measure}: ${p[state.measure] ?? 0}`);
    }, { sticky: true });
    layer.on('click', () => selectRegion(feature.properties.code));
  },
}).addTo(map);

// The areas are fitted above the attribution, which lies over the map's
// bottom edge and can wrap to two lines; else Helsinki's small area on the
// south coast could lie under it and could not be clicked.
let fitted = false;
function fitFinland() {
  const attribution = map.attributionControl.getContainer().offsetHeight;
  map.fitBounds(regionsLayer.getBounds(), {
    paddingTopLeft: [8, 8],
    paddingBottomRight: [8, 8 + attribution],
    animate: false,
  });
  fitted = true;
}

// Leaflet follows the window's size but not its container's, which shrinks
// when the filters arrive and add a row to the header, or an error shows.
// Finland stays fitted until the user moves the map.
new ResizeObserver(() => {
  map.invalidateSize();
  if (fitted) fitFinland();
}).observe(map.getContainer());
for (const type of ['pointerdown', 'wheel', 'keydown']) {
  map.getContainer().addEventListener(type, () => (fitted = false));
}

const legend = L.control({ position: 'bottomright' });
legend.onAdd = () => el('div', { className: 'legend' });
legend.addTo(map);

function renderLegend() {
  const rows = [{ label: '0', colour: ZERO_COLOUR }].concat(
    state.classes.map((c) => ({ label: c.from === c.to ? `${c.from}` : `${c.from}–${c.to}`, colour: c.colour })),
  );
  legend.getContainer().replaceChildren(
    el('strong', {}, form.elements.measure.selectedOptions[0].text),
    ...rows.map(({ label, colour }) => {
      const swatch = el('i');
      swatch.style.background = colour;
      return el('div', {}, swatch, label);
    }),
  );
}

// Recomputes the colour classes for the selected measure from features.
function updateClasses(features) {
  const values = features.map((f) => f.properties[state.measure] ?? 0);
  state.classes = makeClasses(Math.max(0, ...values));
  renderLegend();
}

// Leaflet treats attributions as HTML; ours is plain text, so it is escaped.
let shownAttribution = null;
function showAttribution(text) {
  const html = text ? escapeHTML(text) : null;
  if (html === shownAttribution) return;
  if (shownAttribution) map.attributionControl.removeAttribution(shownAttribution);
  if (html) map.attributionControl.addAttribution(html);
  shownAttribution = html;
}

function escapeHTML(text) {
  const span = document.createElement('span');
  span.textContent = text;
  return span.innerHTML;
}

// Only the newest response of each kind is drawn, so answers that arrive out
// of order after quick filter changes are ignored.
let regionsRequest = 0;
async function loadRegions() {
  const request = ++regionsRequest;
  document.body.classList.add('loading');
  try {
    const data = await graphql(REGIONS_QUERY, { filter: state.filter });
    if (request !== regionsRequest) return;
    // Some GraphQL servers serialise a JSON scalar as a string.
    const collection =
      typeof data.regionsGeoJSON === 'string' ? JSON.parse(data.regionsGeoJSON) : data.regionsGeoJSON;
    const firstDraw = regionsLayer.getLayers().length === 0;
    // The style function reads the classes, so they come first.
    updateClasses(collection.features);
    regionsLayer.clearLayers();
    regionsLayer.addData(collection);
    highlightSelected();
    showAttribution(collection.attribution);
    if (firstDraw) fitFinland();
    setError('the map', null);
  } catch (err) {
    if (request === regionsRequest) setError('the map', err);
  } finally {
    if (request === regionsRequest) document.body.classList.remove('loading');
  }
}

let projectsRequest = 0;
async function loadProjects() {
  const code = state.selectedCode;
  if (!code) return;
  const request = ++projectsRequest;
  panel.replaceChildren(el('p', { className: 'hint' }, 'Loading projects…'));
  try {
    const data = await graphql(regionProjectsQuery(code), { filter: state.filter });
    if (request !== projectsRequest) return;
    renderProjects(data.welfareRegion, code);
    setError('the projects', null);
  } catch (err) {
    if (request !== projectsRequest) return;
    panel.replaceChildren(el('p', { className: 'hint' }, 'The projects could not be loaded.'));
    setError('the projects', err);
  }
}

function renderProjects(region, code) {
  if (!region) {
    panel.replaceChildren(el('p', { className: 'hint' }, `The API knows no welfare area ${code}.`));
    return;
  }
  const { totalCount, edges } = region.projects;
  const shown = edges.length < totalCount ? ` (first ${edges.length} shown)` : '';
  panel.replaceChildren(
    el('h2', {}, region.name),
    el('p', { className: 'count' }, `${totalCount} ${totalCount === 1 ? 'project' : 'projects'}${shown}`),
    el(
      'ul',
      { className: 'projects' },
      ...edges.map(({ node }) =>
        el(
          'li',
          { className: 'project' },
          el('span', { className: 'name' }, node.name),
          node.acronym ? el('span', { className: 'acronym' }, ` (${node.acronym})`) : '',
          el('span', { className: 'dates' }, [node.startDate, node.endDate].filter(Boolean).join(' – ')),
        ),
      ),
    ),
  );
}

function selectRegion(code) {
  state.selectedCode = code;
  highlightSelected();
  loadProjects();
}

// Outlines the selected area and draws it last, so that its neighbours do not
// cover the outline.
function highlightSelected() {
  regionsLayer.setStyle(regionStyle);
  regionsLayer.eachLayer((layer) => {
    if (layer.feature.properties.code === state.selectedCode) layer.bringToFront();
  });
}

function fillSelect(select, items, groupOf) {
  const options = (list) => list.map(({ id, name }) => el('option', { value: id }, name));
  if (!groupOf) {
    select.append(...options(items));
    return;
  }
  const groups = new Map();
  for (const item of items) {
    const label = groupOf(item);
    groups.set(label, [...(groups.get(label) ?? []), item]);
  }
  for (const [label, list] of groups) {
    select.append(el('optgroup', { label }, ...options(list)));
  }
}

async function loadFilterOptions() {
  try {
    const data = await graphql(FILTER_OPTIONS_QUERY);
    fillSelect(form.elements.programme, data.programmes);
    fillSelect(form.elements.fund, data.funds);
    fillSelect(form.elements.sector, data.sectors, (s) => s.domain?.name ?? 'Other');
    // Only imported data (Kohesio's) has classifications: the filter shows
    // when there are some.
    const classifications = data.classifications.map(({ classification: c, projects }) => ({
      id: JSON.stringify({ scheme: c.scheme, code: c.code }),
      name: `${c.code}${c.label ? ` ${c.label}` : ''} (${projects})`,
      scheme: c.scheme,
    }));
    fillSelect(form.elements.classification, classifications, (c) => SCHEME_NAMES[c.scheme] ?? c.scheme);
    form.elements.classification.closest('label').hidden = classifications.length === 0;
    setError('the filters', null);
  } catch (err) {
    setError('the filters', err);
  }
}

// Each select gives one value of its ProjectFilter field (GraphQL takes a
// single ID for a list of them); unset fields are left out and an empty
// filter is not sent at all.
function readFilter() {
  const filter = {};
  for (const name of ['programme', 'fund', 'sector']) {
    const value = form.elements[name].value;
    if (value) filter[name] = value;
  }
  const classification = form.elements.classification.value;
  if (classification) filter.classification = [JSON.parse(classification)];
  return Object.keys(filter).length ? filter : undefined;
}

form.addEventListener('change', (event) => {
  if (event.target.name === 'measure') {
    state.measure = event.target.value;
    updateClasses(regionsLayer.getLayers().map((layer) => layer.feature));
    regionsLayer.setStyle(regionStyle);
    return;
  }
  state.filter = readFilter();
  loadRegions();
  loadProjects();
});

loadFilterOptions();
loadRegions();
