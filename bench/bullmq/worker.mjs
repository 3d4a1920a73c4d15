// The BullMQ worker process of bench.mjs: one Worker, concurrency N, no-op jobs.
//   --mode backlog: reports {secs, commands} over `jobs` completions after the first `warm`
//                   (INFO commandstats read through its own connection at both ends).
//   --mode latency: 'warm' jobs are counted (a message when all ran); 'lat' jobs record
//                   start - data.t in microseconds; a message with all of them after `jobs`.
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { commandStats, commandsBetween } from './stats.mjs';

const o = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const url = new URL(o['redis-url']);
const connection = { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
const warm = Number(o.warm);
const jobs = Number(o.jobs);
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const probe = new IORedis(connection);

let done = 0;
let t0 = 0;
let s0 = null;
const lat = [];
const worker = new Worker('bench', async (job) => {
  if (job.name === 'lat') lat.push(nowMicros() - job.data.t);
}, { connection, concurrency: Number(o.concurrency) });

worker.on('completed', async (job) => {
  if (o.mode === 'backlog') {
    done++;
    if (done === warm) {
      t0 = performance.now();
      s0 = commandStats(await probe.info('commandstats'));
    } else if (done === warm + jobs) {
      const secs = (performance.now() - t0) / 1000;
      const s1 = commandStats(await probe.info('commandstats'));
      process.send({ secs, commands: commandsBetween(s0, s1) });
    }
  } else if (job.name === 'warm') {
    if (++done === warm) process.send({ warm: true });
  } else if (lat.length === jobs) {
    process.send({ lat });
  }
});
await worker.waitUntilReady();
process.send({ ready: true });
process.on('SIGTERM', async () => {
  await worker.close(true);
  process.exit(0);
});
