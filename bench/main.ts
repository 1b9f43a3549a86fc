/**
 * `npm run bench`: the workbook's speed and memory figures, measured side by side in one run and printed with their
 * targets as ratios. Figures, not tests: these machines are shared and noisy, so nothing here fails a build.
 */
import { benchChecks, type Spread } from "./checks.ts";
import { benchScheduler } from "./scheduler.ts";
import { benchServer } from "./server.ts";
import { benchSim } from "./sim.ts";

const ms = (s: Spread) => `min ${s.min.toFixed(0)} / median ${s.median.toFixed(0)} / max ${s.max.toFixed(0)} ms`;
const ratio = (value: number, target: number, lowerIsBetter = true) =>
  `${(lowerIsBetter ? target / value : value / target).toFixed(2)}× the target${(lowerIsBetter ? value <= target : value >= target) ? "" : "  (MISSES IT)"}`;

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("checks")) {
  const checks = await benchChecks();
  console.log(`check latency, ${checks.lesson} passing`);
  console.log(`  cold (new process):      ${ms(checks.coldMs)}   target median < 2000 ms: ${ratio(checks.coldMs.median, 2000)}`);
  console.log(`  warm (watch, after save): ${ms(checks.warmMs)}   target median < 500 ms: ${ratio(checks.warmMs.median, 500)}`);
}

if (want("scheduler")) {
  const s = benchScheduler();
  console.log(`scheduler, SchedulingBasic (5,000 nodes, 1,000 existing pods, ${s.pods} pods)`);
  console.log(`  ${Math.round(s.podsPerSecond)} pods/s in ${Math.round(s.wallMs)} ms   upstream CI floor 680 pods/s: ${ratio(s.podsPerSecond, 680, false)}; target 10,000 pods/s: ${ratio(s.podsPerSecond, 10_000, false)}`);
}

if (want("sim")) {
  const s = await benchSim();
  console.log(`simulator at scale (${s.nodes.toLocaleString("en")} nodes, ${s.pods.toLocaleString("en")} pods from Deployments, reference components)`);
  console.log(`  ${s.running.toLocaleString("en")} pods Running after ${s.virtualSeconds} s of virtual time${s.running < s.pods ? "  (NOT ALL OF THEM)" : ""}`);
  console.log(`  wall time ${(s.wallMs / 1000).toFixed(1)} s   target < 180 s: ${ratio(s.wallMs / 1000, 180)}`);
  console.log(`  peak RSS ${s.peakRssMiB} MiB   target < 4096 MiB: ${ratio(s.peakRssMiB, 4096)}`);
}

if (want("server")) {
  const s = await benchServer();
  console.log(`API server over HTTP (${s.pods.toLocaleString("en")} pods)`);
  if (s.kubectlGetPodsMs === undefined) console.log("  kubectl get pods: kubectl is not installed, not measured");
  else console.log(`  kubectl get pods: ${Math.round(s.kubectlGetPodsMs)} ms for ${s.kubectlRows} rows`);
  console.log(
    `  mixed load from a second process: ${Math.round(s.load.achievedRps)} of ${s.load.targetRps} requests/s, p50 ${s.load.p50Ms.toFixed(1)} ms, p99 ${s.load.p99Ms.toFixed(1)} ms   target p99 < 20 ms: ${ratio(s.load.p99Ms, 20)}; upstream SLO 1 s: ${ratio(s.load.p99Ms, 1000)}`,
  );
}
