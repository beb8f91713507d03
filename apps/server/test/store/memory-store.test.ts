import { MemoryStore } from "../../src/store/memory-store.js";
import { CONTRACT_CAMPAIGN, runStoreContract } from "./store-contract.js";

runStoreContract("MemoryStore", async (options) => {
  const store = new MemoryStore(CONTRACT_CAMPAIGN, undefined, undefined, options?.feedPerSecond);
  await store.start();
  return store;
});
