/**
 * Europe's countries, drawn at build time by the `pulse-europe-map` plugin of vite.config.ts: an `EuropeMap`
 * (europeMapTypes.ts), spelled out here because an ambient module cannot import a relative file.
 */
declare module "virtual:europe-map" {
  const map: {
    width: number;
    height: number;
    countries: readonly { code: string; name: string; d: string }[];
  };
  export default map;
}
