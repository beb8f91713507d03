/** The shape of `virtual:europe-map`: Europe, projected and drawn at build time (see europeGeometry.ts). */

/** One country's shape on the map. A country may have more than one (Cyprus and Northern Cyprus are both CY). */
export interface MapCountry {
  /** ISO 3166-1 alpha-2, upper case, as posts carry it (`XK` for Kosovo). */
  code: string;
  /** The atlas's English name; the UI names countries in its own language (`Intl.DisplayNames`). */
  name: string;
  /** The SVG path, in viewBox units. */
  d: string;
}

/** The map: a `0 0 width height` viewBox and the countries drawn in it. */
export interface EuropeMap {
  width: number;
  height: number;
  countries: readonly MapCountry[];
}
