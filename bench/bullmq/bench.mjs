// BullMQ half of bench/bullmq-side-by-side.sh: the same two measurements as Deckhand's
// `QueueBench --only side` (dev.deckhand.bench.SideBySide), against the same Redis, so the ratio is comparable.
//   backlog: warm + 2 x jobs no-op jobs queued (addBulk, 1,000 per call), then ONE worker process
//            (worker.mjs, concurrency N) starts; the clock runs over `jobs` completions counted
//            after the first `warm` (JIT warm-up excluded); INFO commandstats deltas over the same
//            window give Redis commands per processed job (inside Lua included).
//   latency: the worker process warms up on `warm` jobs, then this process adds one job at a time
//            paced at `rate` jobs/s for `seconds` s, stamping the time just before add(); the
//            worker records start - stamp (same host clock).
// Jobs use removeOnComplete: true (BullMQ's cheapest setting: no completed set to maintain).
// Prints one line: SIDE system=bullmq key=value ...
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandStats, commandsBetween } from './stats.mjs';

const o = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const url = new URL(o['redis-url']);
const connection = { host: url.hostname, port: Number(url.port) };
const mode = o.mode ?? 'backlog';
const jobs = Number(o.jobs ?? 50000);
const concurrency = Number(o.concurrency ?? 50);
const warm = Number(o.warm ?? 20000);
const rate = Number(o.rate ?? 1000);
const seconds = Number(o.seconds ?? 10);
const QUEUE = 'bench';
const JOB_OPTS = { removeOnComplete: true, removeOnFail: 1000 };

const queue = new Queue(QUEUE, { connection });
const redis = new IORedis(connection); // FLUSHDB and INFO only

function startWorker(args) {
  const child = fork(fileURLToPath(new URL('./worker.mjs', import.meta.url)),
    ['--redis-url', o['redis-url'], '--concurrency', String(concurrency), ...args]);
  const messages = [];
  let waiting = null;
  child.on('message', (m) => { if (waiting) { const w = waiting; waiting = null; w(m); } else messages.push(m); });
  return {
    next: () => (messages.length ? Promise.resolve(messages.shift()) : new Promise((r) => { waiting = r; })),
    stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }),
  };
}

async function addNoops(n, name) {
  for (let i = 0; i < n; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) batch.push({ name, data: {}, opts: JOB_OPTS });
    await queue.addBulk(batch);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

await redis.flushdb();
if (mode === 'backlog') {
  const total = warm + 2 * jobs;
  const s0 = commandStats(await redis.info('commandstats'));
  const t0 = performance.now();
  await addNoops(total, 'noop');
  const enqSecs = (performance.now() - t0) / 1000;
  const enqCmds = commandsBetween(s0, commandStats(await redis.info('commandstats'))) / total;
  const w = startWorker(['--mode', 'backlog', '--warm', String(warm), '--jobs', String(jobs)]);
  await w.next(); // ready
  const r = await w.next();
  await w.stop();
  console.log(`SIDE system=bullmq phase=backlog jobs=${jobs} secs=${r.secs.toFixed(3)} jobs_per_s=${Math.round(jobs / r.secs)}`
    + ` cmds_per_job=${(r.commands / jobs).toFixed(2)} enqueue_jobs_per_s=${Math.round(total / enqSecs)}`
    + ` enqueue_cmds_per_job=${enqCmds.toFixed(2)}`);
} else {
  const n = rate * seconds;
  const w = startWorker(['--mode', 'latency', '--warm', String(warm), '--jobs', String(n)]);
  await w.next(); // ready
  await addNoops(warm, 'warm');
  await w.next(); // warm jobs done
  const interval = 1000 / rate;
  let next = performance.now();
  for (let i = 0; i < n; i++) {
    next += interval;
    let wait;
    while ((wait = next - performance.now()) > 0) {
      if (wait > 1.5) await sleep(wait - 1); else await new Promise((r) => setImmediate(r));
    }
    await queue.add('lat', { t: nowMicros() }, JOB_OPTS);
  }
  const r = await w.next();
  await w.stop();
  const lat = Float64Array.from(r.lat).sort();
  const pct = (p) => (lat[Math.max(0, Math.min(lat.length - 1, Math.ceil(p / 100 * lat.length) - 1))] / 1000).toFixed(2);
  console.log(`SIDE system=bullmq phase=latency rate=${rate} n=${lat.length} p50_ms=${pct(50)} p90_ms=${pct(90)}`
    + ` p99_ms=${pct(99)} max_ms=${(lat[lat.length - 1] / 1000).toFixed(2)}`);
}
await queue.close();
await redis.quit();
process.exit(0);
