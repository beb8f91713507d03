import { MemoryStore } from "../../src/store/memory-store.js";
import { CONTRACT_CAMPAIGN, runStoreContract } from "./store-contract.js";

runStoreContract("MemoryStore", async () => {
  const store = new MemoryStore(CONTRACT_CAMPAIGN);
  await store.start();
  return store;
});
