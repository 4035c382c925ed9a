// The Flink SQL preview webview: a read-only Monaco editor, a toolbar and the problems bar.
// Contract text reaches this page only inside the SQL (a Monaco model value, rendered as text), in field names
// (a Monaco hover, escaped Markdown without HTML) and in problem lines (textContent): never as markup.
import type { HostMessage, PreviewField, PreviewWebviewState, WebviewMessage } from '../src/preview/messages';
import { FLINK_SQL, monaco } from './monaco';
import { applyVsCodeTheme, editorFont, onVsCodeThemeChange } from './theme';
import './preview.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PreviewWebviewState | undefined;
  setState(state: PreviewWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage): void => vscode.postMessage(message);

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing from the preview page`);
  return found as T;
}

// Workers: a webview may not start a worker from its resource URL, so the script is fetched and run from a blob URL.
let workerUrl: Promise<string> | undefined;
window.MonacoEnvironment = {
  async getWorker(_moduleId: string, label: string): Promise<Worker> {
    workerUrl ??= fetch(document.body.dataset.workerUri ?? '').then(async (response) => {
      if (!response.ok) throw new Error(`the editor worker did not load (${response.status})`);
      return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
    });
    return new Worker(await workerUrl, { name: label });
  },
};

const saved = vscode.getState();
const state: PreviewWebviewState = { scrollTop: 0, scrollLeft: 0, problemsOpen: true, ...saved };
let restoreScroll = saved !== undefined;

applyVsCodeTheme();
const model = monaco.editor.createModel('', FLINK_SQL);
model.setEOL(monaco.editor.EndOfLineSequence.LF);
const editor = monaco.editor.create(element('editor'), {
  model,
  readOnly: true,
  domReadOnly: true,
  readOnlyMessage: { value: 'Generated from the contract: edit the contract to change it.' },
  ariaLabel: 'Generated Flink SQL (read-only)',
  ...editorFont(),
  lineNumbers: 'on',
  minimap: { enabled: false },
  wordWrap: 'off',
  glyphMargin: true,
  folding: true,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  fixedOverflowWidgets: true,
  renderLineHighlight: 'line',
  renderLineHighlightOnlyWhenFocus: true,
  overviewRulerBorder: false,
  hideCursorInOverviewRuler: true,
  stickyScroll: { enabled: false },
  links: false,
  padding: { top: 6 },
  scrollbar: { useShadows: false, alwaysConsumeMouseWheel: false },
});

onVsCodeThemeChange(() => {
  applyVsCodeTheme();
  editor.updateOptions(editorFont());
});

// --- content -----------------------------------------------------------------------------------------------------

let fieldsByLine = new Map<number, PreviewField>();
/** True while the cursor is on a SELECT line of a field: enables "Reveal Property in Contract" (Enter). */
const onField = editor.createContextKey<boolean>('streamcontract.onField', false);
const fieldDecorations = editor.createDecorationsCollection();
let hasContent = false;

/** Escapes text for a Markdown hover (rendered without HTML support, so this only keeps it literal). */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

/** Replaces the model's text with one minimal edit, so the scroll position, folding and selection survive updates. */
function setSql(sql: string): void {
  const next = sql.replace(/\r\n?/g, '\n');
  const current = model.getValue();
  if (current === next) return;
  let start = 0;
  const max = Math.min(current.length, next.length);
  while (start < max && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(current.length - end);
  model.applyEdits([{ range: monaco.Range.fromPositions(from, to), text: next.slice(start, next.length - end) }]);
}

function setFields(fields: PreviewField[]): void {
  fieldsByLine = new Map(fields.map((f) => [f.line, f]));
  const lines = model.getLineCount();
  fieldDecorations.set(fields.filter((f) => f.line + 1 <= lines).map((f) => {
    const line = f.line + 1;
    const label = `${f.stream}.${f.field}`;
    return {
      range: new monaco.Range(line, model.getLineFirstNonWhitespaceColumn(line) || 1, line, model.getLineMaxColumn(line)),
      options: {
        inlineClassName: 'sc-field',
        glyphMarginClassName: 'codicon codicon-symbol-field sc-field-glyph',
        glyphMarginHoverMessage: { value: `Click to reveal \`${markdownText(label)}\` in the contract` },
        stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
      },
    };
  }));
  onField.set(fieldsByLine.has((editor.getPosition()?.lineNumber ?? 0) - 1));
}

// --- toolbar, problems, status -------------------------------------------------------------------------------------

const source = element('source');
const problems = element<HTMLDetailsElement>('problems');
const problemsSummary = element('problems-summary');
const problemsList = element('problems-list');
const status = element('status');
const statusText = element('status-text');
const statusIcon = element('status-icon');
const empty = element('empty');
const actions = [...document.querySelectorAll<HTMLButtonElement>('button[data-action]')];

problems.open = state.problemsOpen;
problems.addEventListener('toggle', () => {
  state.problemsOpen = problems.open;
  vscode.setState(state);
});

for (const button of actions) {
  button.addEventListener('click', () => {
    const action = button.dataset.action;
    if (action === 'copy' || action === 'saveAs' || action === 'openUntitled') post({ type: action });
  });
}

function setActionsEnabled(enabled: boolean): void {
  for (const button of actions) button.disabled = !enabled;
}

function setProblems(lines: string[]): void {
  problems.hidden = lines.length === 0;
  problemsSummary.textContent = lines.length === 1
    ? '1 problem kept part of the job from being generated'
    : `${lines.length} problems kept parts of the job from being generated`;
  problemsList.replaceChildren(...lines.map((line) => {
    const item = document.createElement('li');
    item.textContent = line;
    return item;
  }));
}

function setStatus(kind: 'info' | 'error' | undefined, message = ''): void {
  status.hidden = kind === undefined;
  status.className = kind ? `status ${kind}` : 'status';
  statusIcon.className = `codicon ${kind === 'error' ? 'codicon-error' : 'codicon-info'}`;
  statusText.textContent = message;
  // Without SQL yet, the editor stays covered: by the "generating" note, or blank under a status line.
  empty.hidden = hasContent;
  empty.textContent = kind === undefined ? 'Generating the Flink SQL…' : '';
}

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'update': {
      setSql(message.sql);
      setFields(message.fields);
      setProblems(message.problems);
      hasContent = true;
      // for tests and the curious: which document version is on display
      document.body.dataset.version = String(message.version);
      source.textContent = `Generated from ${message.fileName}`;
      source.title = message.detached ? 'The contract is closed: this is the SQL last generated from it.' : '';
      setActionsEnabled(message.sql.length > 0);
      setStatus(message.detached ? 'info' : undefined, message.detached ? `${message.fileName} is closed: this is the SQL last generated from it.` : '');
      if (restoreScroll) {
        restoreScroll = false;
        // Measure first: the bars above may just have changed the editor's height, and a position beyond the last
        // line of a taller viewport would be clamped.
        editor.layout();
        editor.setScrollPosition({ scrollTop: state.scrollTop, scrollLeft: state.scrollLeft }, monaco.editor.ScrollType.Immediate);
      }
      break;
    }
    case 'status':
      setStatus(message.kind, message.message);
      break;
  }
}

// A rebuilt webview (the panel was hidden, then shown) comes back where the reader left it.
editor.onDidScrollChange((e) => {
  if (!e.scrollTopChanged && !e.scrollLeftChanged) return;
  state.scrollTop = e.scrollTop;
  state.scrollLeft = e.scrollLeft;
  vscode.setState(state);
});

// --- reveal the property of a SELECT line ------------------------------------------------------------------------

editor.onDidChangeCursorPosition((e) => onField.set(fieldsByLine.has(e.position.lineNumber - 1)));

function reveal(lineNumber: number): void {
  const field = fieldsByLine.get(lineNumber - 1);
  if (field) post({ type: 'reveal', line: field.line });
}

const { MouseTargetType } = monaco.editor;
const revealTargets = new Set([MouseTargetType.CONTENT_TEXT, MouseTargetType.CONTENT_EMPTY, MouseTargetType.GUTTER_GLYPH_MARGIN]);
editor.onMouseUp((e) => {
  // A plain click: a drag that selected text is a selection, not a request to navigate.
  if (!e.event.leftButton || !e.target.position || !revealTargets.has(e.target.type)) return;
  if (!editor.getSelection()?.isEmpty()) return;
  reveal(e.target.position.lineNumber);
});

editor.addAction({
  id: 'streamcontract.revealProperty',
  label: 'Reveal Property in Contract',
  keybindings: [monaco.KeyCode.Enter],
  precondition: 'streamcontract.onField',
  contextMenuGroupId: 'navigation',
  contextMenuOrder: 0,
  run: (ed) => {
    const position = ed.getPosition();
    if (position) reveal(position.lineNumber);
  },
});

// --- host messages -------------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message && typeof message === 'object' && (message.type === 'update' || message.type === 'status')) handle(message);
});
setActionsEnabled(false);
post({ type: 'ready' });
