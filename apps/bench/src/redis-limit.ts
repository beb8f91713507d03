import { createClient } from "redis";

/**
 * The raw Redis limit: the commands Pulse's ingest script issues for one new post (HGET, INCR, HSET, four
 * HINCRBY, PFADD, HSET, ZADD, SISMEMBER, LPUSH, LTRIM) plus one PUBLISH a batch, sent as plain pipelines from
 * `connections` clients for `seconds`. It returns posts a second. Keys live under `prefix` and are deleted after.
 */
export async function redisLimit(url: string, prefix: string, seconds: number, batch = 500, connections = 2): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = createClient({ url });
      client.on("error", () => {});
      await client.connect();
      return client;
    }),
  );
  const k = (name: string): string => `${prefix}${name}`;
  let posts = 0;
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    clients.map(async (client) => {
      // Two pipelines in flight per connection keep Redis busy while the client builds the next one.
      const loop = async (): Promise<void> => {
        while (Date.now() < until) {
          const multi = client.multi();
          for (let i = 0; i < batch; i += 1) {
            const key = `other:lim-${(n += 1)}`;
            const author = `a${n % 5000}`;
            multi.hGet(k("records"), key);
            multi.incr(k("arrival"));
            multi.hSet(k("records"), key, '["unknown","","24","original",0,0,1,"a"]');
            multi.hIncrBy(k("totals"), "posts", 1);
            multi.hIncrBy(k("totals"), "originals", 1);
            multi.pfAdd(k("authors"), author);
            multi.hIncrBy(k("byCountry"), "FR", 1);
            multi.hIncrBy(k("timeline"), "1424777400000", 1);
            multi.hSet(k("posts"), key, '{"network":"other","id":"x","text":"Nous recrutons ! #VotreJob","author":{"id":"a","handle":"a"}}');
            multi.zAdd(k("arrivals"), { score: n, value: key });
            multi.sIsMember(k("blocked"), author);
            multi.lPush(k("recent"), key);
            multi.lTrim(k("recent"), 0, 49);
          }
          multi.publish(k("feed"), "{}");
          await multi.execAsPipeline();
          posts += batch;
        }
      };
      await Promise.all([loop(), loop()]);
    }),
  );
  const rate = posts / ((Date.now() - started) / 1000);
  const [first] = clients;
  if (first) {
    for await (const keys of first.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length) await first.del(keys);
  }
  await Promise.all(clients.map((c) => c.quit()));
  return rate;
}
