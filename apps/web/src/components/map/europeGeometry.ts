/**
 * Build-time only: turns world-atlas's TopoJSON into the ready-drawn SVG paths of Europe that the map shows.
 * The `pulse-europe-map` plugin in vite.config.ts calls it and serves the result as `virtual:europe-map`, so
 * no page ever loads d3-geo, topojson or the atlas: only a few kB of path strings.
 */
import { geoAzimuthalEqualArea, geoBounds, geoPath } from "d3-geo";
import type { Feature, FeatureCollection, Geometry, MultiPoint } from "geojson";
import { feature } from "topojson-client";
import { presimplify, quantile, simplify } from "topojson-simplify";
import type { GeometryCollection, Objects, Topology } from "topojson-specification";
import type { EuropeMap, MapCountry } from "./europeMapTypes";

/** The viewBox width; heights follow from the projection. One decimal of it is far below a wall screen's pixel. */
export const MAP_WIDTH = 1000;

/** What the map frames, in degrees: Iceland to the Urals' foothills, Crete to the North Cape. */
export const EUROPE_EXTENT = { west: -24, east: 44, south: 34, north: 71 } as const;

/**
 * The points kept: those whose spherical triangle area is above this quantile of all of them are dropped last.
 * Fewer points are fewer bytes in the embed, and a wall screen cannot show the detail anyway.
 */
const SIMPLIFY_QUANTILE = 0.15;

/** A country drawn smaller than this (px² of the viewBox) once simplified is drawn from the full atlas instead: Malta stays Malta. */
const MIN_AREA = 4;

/** Shapes the atlas draws without an ISO numeric id, by the name it gives them. */
const UNNUMBERED: Readonly<Record<string, string>> = { Kosovo: "XK", "N. Cyprus": "CY" };

type CountryProperties = { name?: string };

/** The ring of points around the extent, so the projection is fitted to the whole frame, edges included. */
function extentOutline(): MultiPoint {
  const { west, east, south, north } = EUROPE_EXTENT;
  const points: [number, number][] = [];
  for (let i = 0; i <= 20; i += 1) {
    const lon = west + ((east - west) * i) / 20;
    const lat = south + ((north - south) * i) / 20;
    points.push([lon, south], [lon, north], [west, lat], [east, lat]);
  }
  return { type: "MultiPoint", coordinates: points };
}

/**
 * Europe's countries from `topology` (world-atlas's `countries-50m.json`), projected (Lambert azimuthal
 * equal-area centred on Europe, so areas compare fairly), clipped to {@link EUROPE_EXTENT} and simplified.
 * `alpha2` turns an ISO 3166-1 numeric id into its alpha-2 code. Shapes outside the frame are left out.
 */
export function buildEuropeMap(topology: Topology, alpha2: (numeric: string) => string | undefined): EuropeMap {
  const presimplified = presimplify(topology as Topology<Objects<CountryProperties>>);
  const minWeight = quantile(presimplified, SIMPLIFY_QUANTILE);
  const simplified = simplify(presimplified, minWeight);

  const shapesOf = (topo: Topology) =>
    (feature(topo, topo.objects.countries as GeometryCollection<CountryProperties>) as FeatureCollection<Geometry, CountryProperties>)
      .features as Feature<Geometry, CountryProperties>[];
  const shapes = shapesOf(simplified);
  const detailed = shapesOf(topology);

  const { west, east, south, north } = EUROPE_EXTENT;
  const projection = geoAzimuthalEqualArea()
    .rotate([-(west + east) / 2, -(south + north) / 2])
    .fitWidth(MAP_WIDTH, extentOutline());
  const outline = geoPath(projection).bounds(extentOutline());
  const height = Math.ceil(outline[1][1] - outline[0][1]);
  projection.clipExtent([
    [0, 0],
    [MAP_WIDTH, height],
  ]);
  const path = geoPath(projection).digits(1);

  const countries: MapCountry[] = [];
  for (const [index, shape] of shapes.entries()) {
    const code = shape.id === undefined ? UNNUMBERED[shape.properties.name ?? ""] : alpha2(String(shape.id));
    if (!code) continue;
    // A shape wholly outside the frame (by its own bounds) has nothing to draw.
    const [[minLon, minLat], [maxLon, maxLat]] = geoBounds(shape);
    if (minLat > north || maxLat < south || (minLon > east && maxLon > east) || (maxLon < west && minLon < west)) continue;
    const d = path.area(shape) >= MIN_AREA ? path(shape) : path(detailed[index] ?? shape);
    if (!d) continue;
    countries.push({ code, name: shape.properties.name ?? code, d });
  }
  countries.sort((a, b) => a.code.localeCompare(b.code));
  return { width: MAP_WIDTH, height, countries };
}
