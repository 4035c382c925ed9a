// Makes Monaco look like the VS Code editor around it: the theme kind from the body class VS Code sets on a webview,
// every colour from the `--vscode-*` variables it defines, the editor font from its font variables.
import { monaco } from './monaco';

const THEME_NAME = 'streamcontract-vscode';

function baseTheme(): monaco.editor.BuiltinTheme {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return 'hc-light';
  if (classes.contains('vscode-high-contrast')) return 'hc-black';
  if (classes.contains('vscode-light')) return 'vs';
  return 'vs-dark';
}

/** `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb[a](r, g, b[, a])` as `#rrggbb[aa]` (the only form Monaco's themes read). */
export function toHexColor(value: string): string | undefined {
  const v = value.trim();
  if (/^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(v)) {
    if (v.length > 5) return v;
    return `#${[...v.slice(1)].map((c) => c + c).join('')}`;
  }
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(v);
  if (!m) return undefined;
  const byte = (n: number): string => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');
  let alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  if (Number.isNaN(alpha)) alpha = 1;
  const rgb = `#${byte(+m[1])}${byte(+m[2])}${byte(+m[3])}`;
  return alpha >= 1 ? rgb : rgb + byte(alpha * 255);
}

/** VS Code's colour variables (`--vscode-editorLineNumber-activeForeground`) as Monaco colour ids (`editorLineNumber.activeForeground`). */
function workbenchColors(): Record<string, string> {
  const colors: Record<string, string> = {};
  const style = document.documentElement.style;
  const computed = getComputedStyle(document.documentElement);
  for (let i = 0; i < style.length; i++) {
    const name = style[i];
    if (!name.startsWith('--vscode-')) continue;
    const hex = toHexColor(style.getPropertyValue(name) || computed.getPropertyValue(name));
    if (hex) colors[name.slice('--vscode-'.length).replace(/-/g, '.')] = hex;
  }
  return colors;
}

export interface EditorFont {
  fontFamily?: string;
  fontSize?: number;
  fontWeight?: string;
}

export function editorFont(): EditorFont {
  const computed = getComputedStyle(document.documentElement);
  const read = (name: string): string | undefined => computed.getPropertyValue(name).trim() || undefined;
  const size = parseFloat(read('--vscode-editor-font-size') ?? '');
  return {
    fontFamily: read('--vscode-editor-font-family'),
    fontSize: Number.isFinite(size) && size > 0 ? size : undefined,
    fontWeight: read('--vscode-editor-font-weight'),
  };
}

/** Defines (or redefines) the theme from the current VS Code colours and makes it Monaco's theme. */
export function applyVsCodeTheme(): void {
  monaco.editor.defineTheme(THEME_NAME, { base: baseTheme(), inherit: true, rules: [], colors: workbenchColors() });
  monaco.editor.setTheme(THEME_NAME);
}

/**
 * Calls `onChange` once per theme switch: VS Code swaps the body class and rewrites the variables on <html> when the
 * colour theme (or the editor font) changes. Both are watched, the calls coalesced into one per frame.
 */
export function onVsCodeThemeChange(onChange: () => void): void {
  let scheduled = false;
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange();
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
}
