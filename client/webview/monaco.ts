// The slice of Monaco the read-only SQL preview uses, and the Flink SQL language from monaco-sql-languages.
//
// `editor.api` alone has no editor contributions (no find widget, folding, clipboard, context menu...): `editor.all`
// adds them, as `edcore.main` does. Of edcore.main's standalone extras only Go to Line is kept: its own Command
// Palette (F1, and in the context menu) would compete with VS Code's inside the panel, and the others (token
// inspector, high-contrast toggle, symbol and reference pickers) have nothing to work on in generated SQL.
import 'monaco-editor/esm/vs/editor/editor.all';
import 'monaco-editor/esm/vs/editor/standalone/browser/quickAccess/standaloneGotoLineQuickAccess';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
// The Monarch tokenizer and the language configuration only. The package's language contribution would also start
// a dt-sql-parser worker for completion and grammar diagnostics: the preview is read-only, and the generated SQL is
// checked by the language server, which knows where the grammar rejects valid Flink (its problems are listed above
// the editor) — a second, differently-worded check here would flag those lines as errors.
import { conf, language } from 'monaco-sql-languages/esm/languages/flink/flink';

/** monaco-sql-languages' id for Flink SQL (`LanguageIdEnum.FLINK`). */
export const FLINK_SQL = 'flinksql';

monaco.languages.register({ id: FLINK_SQL, extensions: ['.flinksql'], aliases: ['FlinkSQL', 'flink', 'Flink'] });
monaco.languages.setLanguageConfiguration(FLINK_SQL, conf);
monaco.languages.setMonarchTokensProvider(FLINK_SQL, language);

export { monaco };
