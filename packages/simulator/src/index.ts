/**
 * `@pulse/simulator`: a pure, seeded generator of a believable campaign day (see `simulation.ts` for the model).
 * The server's simulator source plays it in real time; the soak test and the benchmark count or replay it.
 */
export {
  createSimulation,
  dailyActivity,
  DEFAULT_VOLUMES,
  type SimulatedCountry,
  type Simulation,
  type SimulationOptions,
} from "./simulation.js";
