// `npm run bench`: the bundled language server side by side with yaml-language-server, the CLI's timings, a CPU profile; see --help.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cliCases, rssMethod, runCli } from './cli.mjs';
import { bigContractWorkspace, manyContractsWorkspace, migrationsWorkspace, removeTempFolders, tempFolder } from './contracts.mjs';
import { measureEditor, measureOpen } from './editorRun.mjs';
import { canSampleLoad, undisturbed } from './load.mjs';
import { REPO, SERVERS } from './lsp.mjs';
import { installCleanup } from './processes.mjs';
import { profileMarkdown, profilesIn, summariseProfile } from './profile.mjs';
import { acrossRounds, cliTable, editorFigures, editorTable, loadTable, machine, median, migrationsTable, RawLog, writeMarkdown } from './report.mjs';

const HELP = `npm run bench [-- options]    (builds first; or: node bench/run.mjs [options] after npm run build)

  --sizes 100,1000,5000   contract sizes in properties (default 100,1000,5000)
  --rounds N              rounds per size, servers alternating within each round (default 3)
  --only ours|yaml-ls     measure one side (yaml-ls: stock and debounce-free)
  --skip-cli              skip the command-line timings
  --quick                 sizes 100 and 1000, 1 round, 2 CLI runs (for development)
  --profile               profile our server's 5,000-property edit loop (default: on when 5000 is among the sizes)
  --no-profile            skip the profile
  --edits N               measured edits per run (default 30), after --warmup N (default 5)
  --requests N            completion and hover requests per position (default 5)
  --cli-runs N            runs per command line (default 5)
  --max-other-load C      a run during which other processes used more than C cores is re-run (default 0.5)
  --retries N             re-runs of a disturbed run before keeping the least disturbed one (default 2); a re-run
                          waits for a calm second (up to 10 s), else the disturbed run is kept
  --timeout S             longest wait for any answer, in seconds (default 120)`;

function parseOptions(argv) {
  const o = { sizes: [100, 1000, 5000], rounds: 3, only: null, skipCli: false, profile: null, edits: 30, warmup: 5, requests: 5, cliRuns: 5, maxOtherLoad: 0.5, retries: 2, timeoutS: 120 };
  const number = (v, name) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} needs a number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg === '--sizes') o.sizes = value().split(',').map((s) => number(s.trim(), '--sizes'));
    else if (arg === '--rounds') o.rounds = Math.max(1, number(value(), arg));
    else if (arg === '--only') {
      o.only = value();
      if (o.only !== 'ours' && o.only !== 'yaml-ls') throw new Error('--only takes ours or yaml-ls');
    } else if (arg === '--skip-cli') o.skipCli = true;
    else if (arg === '--quick') Object.assign(o, { sizes: [100, 1000], rounds: 1, cliRuns: 2 });
    else if (arg === '--profile') o.profile = true;
    else if (arg === '--no-profile') o.profile = false;
    else if (arg === '--edits') o.edits = Math.max(1, number(value(), arg));
    else if (arg === '--warmup') o.warmup = number(value(), arg);
    else if (arg === '--requests') o.requests = Math.max(1, number(value(), arg));
    else if (arg === '--cli-runs') o.cliRuns = Math.max(1, number(value(), arg));
    else if (arg === '--max-other-load') o.maxOtherLoad = number(value(), arg);
    else if (arg === '--retries') o.retries = number(value(), arg);
    else if (arg === '--timeout') o.timeoutS = Math.max(1, number(value(), arg));
    else throw new Error(`unknown option ${arg} (see --help)`);
  }
  if (o.sizes.some((s) => s < 2)) throw new Error('--sizes: every contract needs at least 2 properties');
  o.servers = o.only === 'ours' ? ['ours'] : o.only === 'yaml-ls' ? ['yaml-ls', 'yaml-ls-nodebounce'] : ['ours', 'yaml-ls', 'yaml-ls-nodebounce'];
  o.profile ??= o.sizes.includes(5000) && o.servers.includes('ours');
  if (o.profile && !o.servers.includes('ours')) throw new Error('--profile profiles our server: it cannot go with --only yaml-ls');
  return o;
}

const say = (line) => process.stderr.write(`${line}\n`);
const LABELS = Object.fromEntries(Object.entries(SERVERS).map(([k, s]) => [k, s.label]));

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    say(err.message);
    process.exit(2);
  }
  if (options.help) {
    console.log(HELP);
    return;
  }
  installCleanup(() => {
    say('interrupted: stopping the servers and removing the generated workspaces');
    removeTempFolders();
  });
  if (!canSampleLoad()) say('warning: /proc is not readable here, so the other load cannot be measured: every run is kept');
  const began = performance.now();
  const date = new Date();
  const stamp = date.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const resultsDir = path.join(REPO, 'bench', 'results');
  const raw = new RawLog(resultsDir, stamp);
  const timeoutMs = options.timeoutS * 1000;
  const host = machine();
  raw.write({ type: 'machine', date: date.toISOString(), ...host, options });
  const loadGroups = [];
  let discardedTotal = 0;

  /** Runs `measure` with the other-load check; logs every attempt; returns the kept attempt. */
  async function measured(group, context, measure) {
    const { kept, discarded } = await undisturbed(measure, {
      maxOtherCores: options.maxOtherLoad,
      retries: canSampleLoad() ? options.retries : 0,
      onAttempt: (a) => {
        raw.write({ type: 'attempt', ...context, attempt: a.attempt, disturbed: a.disturbed, ...a.load });
        if (a.disturbed) say(`  ${context.label}: disturbed, other load ${(a.load.otherCores + a.load.stealCores).toFixed(2)} cores during the run`);
      },
    });
    if (kept.disturbed) say(`  ${context.label}: kept although disturbed (${discarded.length} discarded)`);
    else if (discarded.length) say(`  ${context.label}: undisturbed on attempt ${kept.attempt + 1}`);
    discardedTotal += discarded.length;
    const entry = loadGroups.find((g) => g.name === group) ?? loadGroups[loadGroups.push({ name: group, kept: 0, discarded: 0, keptDisturbed: 0, loads: [] }) - 1];
    entry.kept++;
    entry.discarded += discarded.length;
    if (kept.disturbed) entry.keptDisturbed++;
    entry.loads.push(kept.load.otherCores + kept.load.stealCores);
    return kept;
  }

  // editor sessions: per size, rounds of the servers in turn
  const editor = {};
  for (const size of options.sizes) {
    const workspace = bigContractWorkspace(size);
    const perServer = Object.fromEntries(options.servers.map((k) => [k, []]));
    for (let round = 1; round <= options.rounds; round++) {
      for (const kind of options.servers) {
        const label = `${size} properties, round ${round}, ${kind}`;
        say(`${label}...`);
        const kept = await measured(`editor, ${size.toLocaleString('en-US')} properties, ${LABELS[kind]}`, { label, size, round, server: kind }, () =>
          measureEditor(kind, workspace, { edits: options.edits, warmupEdits: options.warmup, requests: options.requests, timeoutMs }),
        );
        const run = kept.result;
        const common = { type: 'editor', size, round, server: kind, attempt: kept.attempt, disturbed: kept.disturbed, otherCores: kept.load.otherCores };
        raw.write({ ...common, metric: 'startup', ms: run.startupMs });
        raw.write({ ...common, metric: 'open', firstMs: run.openFirstMs, completeMs: run.openCompleteMs, problems: run.openProblems });
        run.edit.completeMs.forEach((completeMs, i) => raw.write({ ...common, metric: 'edit', index: i, firstMs: run.edit.firstMs[i], completeMs, problems: run.edit.problems[i] }));
        for (const metric of ['completionKey', 'completionValue', 'hoverKey', 'hoverValue']) {
          run[`${metric}Ms`].forEach((ms, i) => raw.write({ ...common, metric, index: i, ms }));
        }
        raw.write({ ...common, metric: 'answers', completionKeyItems: run.completionKeyItems, completionValueItems: run.completionValueItems, hoverKeyFound: run.hoverKeyFound, hoverValueFound: run.hoverValueFound });
        raw.write({ ...common, metric: 'peakRss', kb: run.peakRssKb });
        const f = editorFigures(run);
        perServer[kind].push(f);
        say(`  startup ${f.startupMs.toFixed(0)} ms, open ${f.openFirstMs.toFixed(0)}/${f.openCompleteMs.toFixed(0)} ms, edit median ${f.editCompleteMedianMs.toFixed(0)} ms, p95 ${f.editCompleteP95Ms.toFixed(0)} ms`);
      }
    }
    editor[size] = Object.fromEntries(Object.entries(perServer).map(([k, figures]) => [k, acrossRounds(figures)]));
  }

  // opening a small contract in a workspace with 1 MB of SQL migrations
  const migrations = migrationsWorkspace();
  const migrationRuns = Object.fromEntries(options.servers.map((k) => [k, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const kind of options.servers) {
      const label = `1 MB of migrations, round ${round}, ${kind}`;
      say(`${label}...`);
      const kept = await measured(`open with 1 MB of migrations, ${LABELS[kind]}`, { label, round, server: kind }, () => measureOpen(kind, migrations, { timeoutMs }));
      raw.write({ type: 'migrations', round, server: kind, attempt: kept.attempt, disturbed: kept.disturbed, otherCores: kept.load.otherCores, sqlBytes: migrations.sqlBytes, ...kept.result });
      migrationRuns[kind].push(kept.result);
    }
  }
  const migrationMedians = Object.fromEntries(
    Object.entries(migrationRuns).map(([k, runs]) => [k, { startupMs: median(runs.map((r) => r.startupMs)), openFirstMs: median(runs.map((r) => r.openFirstMs)), openCompleteMs: median(runs.map((r) => r.openCompleteMs)) }]),
  );

  // the command line
  const cliRows = [];
  let method = null;
  if (!options.skipCli) {
    method = rssMethod();
    const scratchDir = tempFolder('cli');
    const cases = cliCases({ repo: REPO, manyContracts: manyContractsWorkspace(500), bigContract: bigContractWorkspace(1000) });
    for (const c of cases) {
      say(`CLI: ${c.name}...`);
      const cliRun = () => runCli({ repo: REPO, ...c, timeoutMs, method, scratchDir });
      await cliRun(); // warm-up: the file cache, not measured
      const runs = [];
      let disturbed = 0;
      for (let i = 0; i < options.cliRuns; i++) {
        const kept = await measured(`CLI: ${c.name}`, { label: `CLI ${c.name} run ${i + 1}`, cli: c.name }, cliRun);
        raw.write({ type: 'cli', command: c.name, run: i + 1, attempt: kept.attempt, disturbed: kept.disturbed, otherCores: kept.load.otherCores, rssMethod: method, ...kept.result });
        runs.push(kept.result);
        if (kept.disturbed) disturbed++;
      }
      cliRows.push({ name: c.name, wallMs: median(runs.map((r) => r.wallMs)), peakRssKb: median(runs.map((r) => r.peakRssKb)), kept: runs.length, disturbed });
    }
  }

  // where our server's time goes in the 5,000-property edit loop
  let profileSection = null;
  if (options.profile) {
    say('profile: our server, 5,000 properties, 10 edits...');
    const profileStarted = performance.now();
    const cpuProfDir = tempFolder('cpuprof');
    let window;
    const workspace = bigContractWorkspace(5000);
    const run = await measureEditor('ours', workspace, { edits: 10, warmupEdits: 2, requests: 1, timeoutMs, cpuProfDir, onEditLoop: (fromUs, toUs) => (window = { fromUs, toUs }) });
    const [main] = profilesIn(cpuProfDir);
    if (!main) throw new Error(`node --cpu-prof wrote no profile into ${cpuProfDir}`);
    const summary = summariseProfile(main.file, { repo: REPO, ...window });
    const seconds = (performance.now() - profileStarted) / 1000;
    raw.write({ type: 'profile', seconds, editMedianMs: median(run.edit.completeMs), ...summary, file: path.basename(summary.file) });
    profileSection = profileMarkdown(summary, {
      title: 'Where the time goes: our server, 5,000 properties, 10 edits',
      note:
        `\`node --cpu-prof\` on dist/server.js for 2 warm-up and 10 measured one-character edits (median ${median(run.edit.completeMs).toFixed(0)} ms to complete diagnostics under the profiler); ` +
        `self time of the main thread's samples during the measured edits, by function, located through dist/server.js.map. The profiling run took ${seconds.toFixed(0)} s` +
        `${options.sizes.includes(5000) ? '' : ' (asked for with --profile)'}.`,
    });
  }

  // the report
  const totalMinutes = (performance.now() - began) / 60000;
  const md = [
    `# streamcontract benchmark, ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGiB} GiB memory, Node ${host.node}, ${host.os}. ` +
      `Run: sizes ${options.sizes.join(', ')}; ${options.rounds} round(s); ${options.edits} edits after ${options.warmup} warm-up edits; ${options.requests} requests per completion/hover position; took ${totalMinutes.toFixed(1)} min.`,
    '',
    `Servers: **streamcontract** (${SERVERS.ours.command({}).slice(0, -1).map((a) => (a.startsWith(REPO) ? path.relative(REPO, a) : a)).join(' ')}, as the extension starts it with its default settings); **yaml-ls (stock)**: yaml-language-server ${yamlLsVersion()} with \`yaml.schemas\` mapping schemas/odcs-v3.1.json to \`*.odcs.yaml\` (validate, hover, completion on; schema store off, as the run is offline), validating 200 ms after the last edit; ` +
      '**yaml-ls (no debounce)**: the same with its `validationDelayMs` set to 0 by a preloaded module (bench/yamlNoDebounce.cjs; it is not a setting), node_modules untouched.',
    '',
    '## Editor',
    '',
    'Medians across rounds, in ms unless stated; ratio = streamcontract ÷ yaml-ls (below 1: streamcontract is faster or smaller). ' +
      'Each server is started with the generated workspace as its folder and the capabilities VS Code declares; the contract is opened once the server has pulled its settings. ' +
      '"Complete diagnostics" for streamcontract: those published with `streamcontract/documentInfo` `complete: true` for that version (the registry listing, the .sql files and the catalog are in); ' +
      'yaml-language-server publishes once per validation and without a version, so for it first = complete = the first diagnostics published after the open or edit. ' +
      `Edits are closed-loop one-character insertions and deletions in turn inside the middle property's description; completion and hover are asked on that property's \`logicalType\` line.`,
    '',
    editorTable(options.sizes, editor, options.servers),
    '',
    `## Opening a small contract in a workspace with ${(migrations.sqlBytes / 1024 / 1024).toFixed(1)} MB of SQL migrations`,
    '',
    `${migrations.sqlFiles} PostgreSQL files of CREATE TABLE / ALTER TABLE statements in migrations/, one 5-property contract and its Flink source table; medians across ${options.rounds} round(s), ms.`,
    '',
    migrationsTable(migrationMedians, options.servers, LABELS),
    '',
  ];
  if (!options.skipCli) {
    md.push(
      '## Command line',
      '',
      `\`node bin/streamcontract.js ...\`, spawn to exit, after one unmeasured warm-up run; median of ${options.cliRuns} run(s); peak RSS ${method === 'time' ? 'from /usr/bin/time -f %M' : method === 'poll' ? 'from VmHWM polled every 10 ms (may miss a short peak)' : 'not measured'}.`,
      '',
      cliTable(cliRows),
      '',
    );
  }
  md.push(
    '## Other load',
    '',
    `Other load = CPU busy time of the whole machine (/proc/stat, steal included) minus that of the benchmark and the processes it started, averaged over each run. ` +
      `A run during which other processes used more than ${options.maxOtherLoad} cores is discarded and run again (up to ${options.retries} time(s)), once the other load has stayed under that for a second; ` +
      `when the machine does not calm down within 10 s (1 s after three such waits in a row), or the re-runs are disturbed too, the least disturbed attempt is kept and counted as "kept although disturbed". ` +
      `${discardedTotal} run(s) were discarded in all.`,
    '',
    loadTable(loadGroups.map((g) => ({ ...g, otherCores: median(g.loads) })), options.maxOtherLoad),
    '',
  );
  if (profileSection) md.push('## Profile', '', profileSection, '');
  else md.push('## Profile', '', 'Not run: pass --profile (it profiles the 5,000-property edit loop of our server; it is on by default when 5000 is among the sizes).', '');
  const markdown = md.join('\n');
  const file = writeMarkdown(resultsDir, stamp, markdown);
  console.log(markdown);
  say(`written: ${path.relative(REPO, file)} and ${path.relative(REPO, raw.file)}`);
  removeTempFolders();
}

function yamlLsVersion() {
  return JSON.parse(readFileSync(path.join(REPO, 'node_modules', 'yaml-language-server', 'package.json'), 'utf8')).version;
}

main().then(
  () => process.exit(0),
  (err) => {
    say(`benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    removeTempFolders();
    process.exit(1);
  },
);
