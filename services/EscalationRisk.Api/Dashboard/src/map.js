// The world map: each state coloured by its escalation pressure against its own baseline (how many times its usual
// pressure it is under), drawn once as SVG paths from Natural Earth's 1:110m countries (world-atlas, bundled) and
// recoloured at each poll. Classes carry the colours (the page's CSP allows no inline style).
import { feature } from 'topojson-client';
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import world from 'world-atlas/countries-110m.json';
import codes from 'i18n-iso-countries/codes.json';

const SVG = 'http://www.w3.org/2000/svg';

// ISO 3166-1 numeric (the atlas's ids) to alpha-3 (the project's state codes).
const alpha3 = new Map(codes.map(([, a3, numeric]) => [numeric, a3]));

/** The heat class of a state: none, or 1 (at or under its usual) to 4 (four times or more). */
export function heat(value, floor = 40) {
  if (!value || !(value.pressure > 0)) return 'heat-0';
  const ratio = value.pressure / Math.max(value.baseline ?? 0, floor);
  return ratio >= 4 ? 'heat-4' : ratio >= 2 ? 'heat-3' : ratio >= 1 ? 'heat-2' : 'heat-1';
}

/** Draws the map into container; returns a function that recolours it from the country scopes' values. */
export function drawMap(container, onSelect) {
  const width = 960;
  const height = 480;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'escalation pressure by state against its baseline');
  const countries = feature(world, world.objects.countries).features;
  const path = geoPath(geoNaturalEarth1().fitSize([width, height], { type: 'FeatureCollection', features: countries }));
  const shapes = new Map();
  for (const country of countries) {
    const code = alpha3.get(String(country.id).padStart(3, '0'));
    const shape = document.createElementNS(SVG, 'path');
    shape.setAttribute('d', path(country) || '');
    shape.setAttribute('class', 'heat-0');
    if (code) {
      shape.setAttribute('data-code', code);
      shape.addEventListener('click', () => onSelect({ kind: 'country', key: code }));
    }
    const title = document.createElementNS(SVG, 'title');
    title.textContent = country.properties?.name || code || '';
    shape.append(title);
    svg.append(shape);
    if (code) shapes.set(code, { shape, title, name: title.textContent });
  }
  container.replaceChildren(svg);

  return (values) => {
    const byCode = new Map(values.filter((v) => v.scope.kind === 'country').map((v) => [v.scope.key, v]));
    for (const [code, { shape, title, name }] of shapes) {
      const v = byCode.get(code);
      shape.setAttribute('class', heat(v));
      title.textContent = v
        ? `${name} (${code}): pressure ${v.pressure.toFixed(1)}, effort ${v.effort.toFixed(1)}, baseline ${v.baseline == null ? 'not yet known' : v.baseline.toFixed(1)}`
        : `${name} (${code})`;
    }
  };
}
