// Data-driven test of the ODCS grammars: tokenizes every fixture and checks its expected scopes, against each available YAML/SQL host grammar.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, 'fixtures');

/**
 * One assertion: 1-based line, a piece of that line's text (its first occurrence), and what every token covering it must carry:
 * a scope substring ("meta.embedded.block.sql"), or "@lang" for the language VS Code assigns through embeddedLanguages ("@sql").
 * A leading "!" means no covering token may carry it.
 */
type Expectation = [line: number, text: string, scope: string];

interface GrammarContribution {
	scopeName: string;
	path: string;
	injectTo?: string[];
	embeddedLanguages?: Record<string, string>;
}

const SQL_EMBEDDINGS = { 'meta.embedded.block.sql': 'sql', 'meta.embedded.inline.sql': 'sql' };

/** The grammars package.json contributes (so the test checks what ships), or the intended ones while it lists none. */
function contributedGrammars(): GrammarContribution[] {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const listed: GrammarContribution[] | undefined = manifest.contributes?.grammars;
	if (listed && listed.length > 0) {
		return listed.map((g) => ({ ...g, path: path.join(ROOT, g.path) }));
	}
	return [
		{ scopeName: 'source.odcs', path: path.join(ROOT, 'syntaxes/odcs.tmLanguage.json'), embeddedLanguages: SQL_EMBEDDINGS },
		{
			scopeName: 'streamcontract.embedded-sql.injection',
			path: path.join(ROOT, 'syntaxes/odcs-embedded-sql.tmLanguage.json'),
			injectTo: ['source.odcs', 'source.yaml'],
			embeddedLanguages: SQL_EMBEDDINGS,
		},
	];
}

/** Language ids as VS Code resolves them for a document whose grammar is `root`: its own embeddedLanguages plus those of grammars injected into it. */
function languagesFor(root: string): { ids: Map<string, number>; embedded: Record<string, number> } {
	const ids = new Map<string, number>([[root === 'source.odcs' ? 'odcs' : 'yaml', 1]]);
	const embedded: Record<string, number> = {};
	for (const g of contributedGrammars().filter((c) => c.scopeName === root || c.injectTo?.includes(root))) {
		for (const [scope, language] of Object.entries(g.embeddedLanguages ?? {})) {
			if (!ids.has(language)) ids.set(language, ids.size + 1);
			embedded[scope] = ids.get(language)!;
		}
	}
	return { ids, embedded };
}

/** A set of host grammars (source.yaml, source.sql and whatever they include), by scope name; null with a reason when not installed. */
interface HostSet {
	name: string;
	files: Map<string, string> | null;
	reason?: string;
}

function scopeNameOf(file: string): string {
	return JSON.parse(fs.readFileSync(file, 'utf8')).scopeName;
}

/** VS Code's own grammar files as they ship with shiki's tm-grammars package (SQL as in VS Code; YAML as in VS Code before its YAML 1.2 grammar). */
function tmGrammarsHost(): HostSet {
	try {
		const files = new Map<string, string>();
		files.set('source.yaml', require.resolve('tm-grammars/grammars/yaml.json'));
		files.set('source.sql', require.resolve('tm-grammars/grammars/sql.json'));
		return { name: 'tm-grammars', files };
	} catch {
		return { name: 'tm-grammars', files: null, reason: 'the tm-grammars package is not installed' };
	}
}

/** The grammars of an installed VS Code / code-server: STREAMCONTRACT_VSCODE_EXTENSIONS=<its extensions folder>, or code-server from node_modules. */
function vscodeHost(): HostSet {
	let dir = process.env.STREAMCONTRACT_VSCODE_EXTENSIONS;
	if (!dir) {
		try {
			dir = path.join(path.dirname(require.resolve('code-server/package.json')), 'lib/vscode/extensions');
		} catch {
			return { name: 'vscode', files: null, reason: 'set STREAMCONTRACT_VSCODE_EXTENSIONS to a VS Code extensions folder to also test against its built-in YAML/SQL grammars' };
		}
	}
	const files = new Map<string, string>();
	for (const ext of ['yaml', 'sql']) {
		const syntaxes = path.join(dir, ext, 'syntaxes');
		if (!fs.existsSync(syntaxes)) {
			return { name: 'vscode', files: null, reason: `no ${syntaxes}` };
		}
		for (const f of fs.readdirSync(syntaxes).filter((n) => n.endsWith('.json'))) {
			const file = path.join(syntaxes, f);
			files.set(scopeNameOf(file), file);
		}
	}
	return { name: `vscode (${dir})`, files };
}

let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOniguruma(): Promise<vsctm.IOnigLib> {
	onigLib ??= (async () => {
		const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
		await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
		return {
			createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
			createOnigString: (str: string) => new oniguruma.OnigString(str),
		};
	})();
	return onigLib;
}

function registryFor(host: Map<string, string>): vsctm.Registry {
	const ours = contributedGrammars();
	const files = new Map(host);
	for (const g of ours) files.set(g.scopeName, g.path);
	return new vsctm.Registry({
		onigLib: loadOniguruma(),
		loadGrammar: async (scopeName) => {
			const file = files.get(scopeName);
			return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
		},
		getInjections: (scopeName) => ours.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
	});
}

interface Token {
	start: number;
	end: number;
	/** The token's scopes, or ["@<language>"] for a language token. */
	scopes: string[];
}

/** Scope tokens and language tokens (vscode-textmate's binary tokens: the language id is the metadata's low byte) of every line. */
function tokenize(grammar: vsctm.IGrammar, text: string, languages: Map<string, number>): { scopes: Token[][]; languages: Token[][] } {
	const nameOf = new Map([...languages].map(([name, id]) => [id, name]));
	const result = { scopes: [] as Token[][], languages: [] as Token[][] };
	let state = vsctm.INITIAL;
	for (const line of text.split(/\r?\n/)) {
		const r = grammar.tokenizeLine(line, state);
		result.scopes.push(r.tokens.map((t) => ({ start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes })));
		const bin = grammar.tokenizeLine2(line, state).tokens;
		const langTokens: Token[] = [];
		for (let i = 0; i < bin.length; i += 2) {
			const end = i + 2 < bin.length ? bin[i + 2] : line.length;
			langTokens.push({ start: bin[i], end, scopes: [`@${nameOf.get(bin[i + 1] & 0xff) ?? 'unknown'}`] });
		}
		result.languages.push(langTokens);
		state = r.ruleStack;
	}
	return result;
}

/** Returns a message for a failed expectation, or null. */
function check(lines: string[], tokenized: { scopes: Token[][]; languages: Token[][] }, [lineNo, text, scope]: Expectation): string | null {
	const line = lines[lineNo - 1];
	const at = line === undefined ? -1 : line.indexOf(text);
	if (at < 0) return `line ${lineNo} does not contain ${JSON.stringify(text)} (fixture out of date?)`;
	const negated = scope.startsWith('!');
	const wanted = negated ? scope.slice(1) : scope;
	const tokens = wanted.startsWith('@') ? tokenized.languages : tokenized.scopes;
	const covering = tokens[lineNo - 1].filter((t) => t.start < at + text.length && t.end > at);
	const has = (t: Token) => t.scopes.some((s) => s.includes(wanted));
	const ok = negated ? !covering.some(has) : covering.length > 0 && covering.every(has);
	if (ok) return null;
	const shown = covering.map((t) => `    ${JSON.stringify(line.slice(t.start, t.end))}: ${t.scopes.join(' ')}`).join('\n');
	return `line ${lineNo} ${JSON.stringify(text)} should ${negated ? 'not ' : ''}have a scope containing "${wanted}"; tokens:\n${shown}`;
}

const cases = fs
	.readdirSync(FIXTURES)
	.filter((f) => f.endsWith('.odcs.yaml'))
	.sort()
	.map((f) => ({
		name: f.replace(/\.odcs\.yaml$/, ''),
		text: fs.readFileSync(path.join(FIXTURES, f), 'utf8'),
		expected: JSON.parse(fs.readFileSync(path.join(FIXTURES, f.replace(/\.odcs\.yaml$/, '.expected.json')), 'utf8')) as Expectation[],
	}));

describe('grammar fixtures', () => {
	it('has fixtures', () => assert.ok(cases.length > 0, `no *.odcs.yaml in ${FIXTURES}`));

	it('contributes each grammar under the scope name its file declares', () => {
		// VS Code registers a grammar file under the file's own scopeName; a different name in package.json leaves it unreachable.
		const mismatches = contributedGrammars()
			.map((g) => ({ contributed: g.scopeName, declared: fs.existsSync(g.path) ? scopeNameOf(g.path) : `(missing file ${g.path})` }))
			.filter((m) => m.contributed !== m.declared);
		assert.deepEqual(mismatches, []);
	});

	for (const host of [tmGrammarsHost(), vscodeHost()]) {
		const required = host.name === 'tm-grammars';
		describe(`hosted by ${host.name}`, { skip: !host.files && !required ? host.reason : undefined }, () => {
			// A contract is highlighted the same whether VS Code opens it as `odcs` or as plain YAML.
			const grammars = new Map<string, vsctm.IGrammar>();
			before(async () => {
				assert.ok(host.files, host.reason);
				const registry = registryFor(host.files);
				for (const root of ['source.odcs', 'source.yaml']) {
					const g = await registry.loadGrammarWithConfiguration(root, 1, { embeddedLanguages: languagesFor(root).embedded });
					assert.ok(g, `cannot load ${root}`);
					grammars.set(root, g);
				}
			});
			for (const c of cases) {
				for (const root of ['source.odcs', 'source.yaml']) {
					it(`${c.name} as ${root}`, () => {
						const lines = c.text.split(/\r?\n/);
						const tokenized = tokenize(grammars.get(root)!, c.text, languagesFor(root).ids);
						const failures = c.expected.map((e) => check(lines, tokenized, e)).filter((m): m is string => m !== null);
						assert.deepEqual(failures, []);
					});
				}
			}
		});
	}
});
