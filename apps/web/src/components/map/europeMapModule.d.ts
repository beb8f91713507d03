/** Europe's countries, drawn at build time by the `pulse-europe-map` plugin of vite.config.ts. */
declare module "virtual:europe-map" {
  const map: import("./europeMapTypes").EuropeMap;
  export default map;
}
