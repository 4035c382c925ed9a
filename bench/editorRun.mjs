// One measured editor session per server: start, open a contract, closed-loop edits, completion and hover, peak memory.
import { pathToFileURL } from 'node:url';
import { LspSession } from './lsp.mjs';

/** Where the benchmark edits and asks: lines of the middle property of the generated contract (0-based LSP positions). */
export function positionsIn(text, propertyCount) {
  const lines = text.split('\n');
  const middle = Math.ceil(propertyCount / 2);
  const nameLine = lines.indexOf(`        name: col_${middle}`);
  const typeLine = lines.findIndex((l, i) => i > nameLine && l.startsWith('        logicalType: '));
  const descriptionLine = lines.findIndex((l, i) => i > nameLine && l.startsWith('        description: '));
  if (nameLine < 0 || typeLine < 0 || descriptionLine < 0) throw new Error('the generated contract lacks the middle property');
  const keyColumn = 8;
  const valueColumn = keyColumn + 'logicalType: '.length;
  return {
    // before the description's final '.'
    edit: { line: descriptionLine, character: lines[descriptionLine].length - 1 },
    completionKey: { line: typeLine, character: keyColumn },
    completionValue: { line: typeLine, character: valueColumn },
    hoverKey: { line: typeLine, character: keyColumn + 3 },
    hoverValue: { line: typeLine, character: valueColumn + 2 },
  };
}

const itemsOf = (result) => (Array.isArray(result) ? result : (result?.items ?? []));

async function timedRequests(session, method, params, count) {
  const times = [];
  let result;
  for (let i = 0; i < count; i++) {
    const answer = await session.timed(method, params);
    times.push(answer.ms);
    result = answer.result;
  }
  return { times, result };
}

/**
 * Starts `kind` on the workspace, opens its contract and measures; the server is stopped before this returns (so that
 * its CPU time is counted as the benchmark's own). `onEditLoop(startUs, endUs)` gets the monotonic clock around the
 * measured edits (to cut a CPU profile to them).
 */
export async function measureEditor(kind, workspace, options) {
  const { edits, warmupEdits, requests, timeoutMs, quietMs = 300, cpuProfDir, onEditLoop = () => undefined } = options;
  const session = await LspSession.start(kind, { workspaceDir: workspace.dir, timeoutMs, cpuProfDir });
  try {
    const uri = pathToFileURL(workspace.contractFile).toString();
    const opened = await session.open(uri, workspace.text);
    await session.quiet(quietMs);

    const at = positionsIn(workspace.text, workspace.count);
    const edit = { firstMs: [], completeMs: [], problems: [] };
    const point = { start: at.edit, end: at.edit };
    const typedChar = { start: at.edit, end: { line: at.edit.line, character: at.edit.character + 1 } };
    let version = 1;
    let loopStartUs = 0n;
    for (let i = 0; i < warmupEdits + edits; i++) {
      if (i === warmupEdits) loopStartUs = process.hrtime.bigint() / 1000n;
      version++;
      // typing and deleting in turn: the text keeps its size
      const result = i % 2 === 0 ? await session.change(uri, version, point, 'x') : await session.change(uri, version, typedChar, '');
      if (i < warmupEdits) continue;
      edit.firstMs.push(result.firstMs);
      edit.completeMs.push(result.completeMs);
      edit.problems.push(result.problems);
    }
    onEditLoop(loopStartUs, process.hrtime.bigint() / 1000n);
    await session.quiet(quietMs);

    const td = { uri };
    const context = { triggerKind: 1 };
    const completionKey = await timedRequests(session, 'textDocument/completion', { textDocument: td, position: at.completionKey, context }, requests);
    const completionValue = await timedRequests(session, 'textDocument/completion', { textDocument: td, position: at.completionValue, context }, requests);
    const hoverKey = await timedRequests(session, 'textDocument/hover', { textDocument: td, position: at.hoverKey }, requests);
    const hoverValue = await timedRequests(session, 'textDocument/hover', { textDocument: td, position: at.hoverValue }, requests);
    const peakRssKb = session.peakRssKb();
    return {
      startupMs: session.startupMs,
      openFirstMs: opened.firstMs,
      openCompleteMs: opened.completeMs,
      openProblems: opened.problems,
      edit,
      completionKeyMs: completionKey.times,
      completionValueMs: completionValue.times,
      hoverKeyMs: hoverKey.times,
      hoverValueMs: hoverValue.times,
      // what the answers held, so that a fast empty answer is visible
      completionKeyItems: itemsOf(completionKey.result).length,
      completionValueItems: itemsOf(completionValue.result).length,
      hoverKeyFound: hoverKey.result !== null,
      hoverValueFound: hoverValue.result !== null,
      peakRssKb,
    };
  } finally {
    await session.stop();
  }
}

/** Starts `kind` on the workspace and opens its contract: the times to its first and complete diagnostics. */
export async function measureOpen(kind, workspace, { timeoutMs }) {
  const session = await LspSession.start(kind, { workspaceDir: workspace.dir, timeoutMs });
  try {
    const opened = await session.open(pathToFileURL(workspace.contractFile).toString(), workspace.text);
    return { startupMs: session.startupMs, openFirstMs: opened.firstMs, openCompleteMs: opened.completeMs, openProblems: opened.problems, peakRssKb: session.peakRssKb() };
  } finally {
    await session.stop();
  }
}
