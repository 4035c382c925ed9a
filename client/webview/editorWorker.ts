// Monaco's editor worker (line diffs, link and unicode checks off the UI thread). The webview loads it from a blob
// URL: a webview may not start a worker from its resource URL directly.
import 'monaco-editor/esm/vs/editor/editor.worker';
