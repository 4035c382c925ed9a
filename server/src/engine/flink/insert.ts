// The INSERT INTO ... SELECT of a stream: one item per contract property, FROM/WHERE/GROUP BY from the contract, checked by the grammar.
import { compareFlinkTypes, parseFlinkType } from '../diff';
import { expressionColumns } from '../sources/expressions';
import { checkStatement, isReservedWord, StatementFacts } from '../sources/flinkGrammar';
import { Fragment, PropertyModel, StreamModel } from './model';
import { ScopeContext, StreamScope } from './scope';
import { Edit, fragmentSpan, StatementBuilder } from './statement';
import { aggregateCall, ident, lex, renderType } from './sqlText';

type Expr = { fragment: Fragment } | { sql: string };

interface Item {
  property: PropertyModel;
  expr: Expr;
  aggregate: boolean;
  /** A constant: never a grouping key. */
  constant: boolean;
}

export interface InsertStatement {
  text: string;
  /** 0-based line (within `text`) of each SELECT item. */
  fields: { line: number; property: PropertyModel }[];
}

export function insertStatement(stream: StreamModel, scope: StreamScope, sinkName: string, ctx: ScopeContext): InsertStatement {
  const items = stream.properties.map((p) => selectItem(stream, p, scope, ctx));
  const derivedGroupBy = stream.groupBy.length === 0 && items.some((i) => i.aggregate);
  const grouping: Expr[] = stream.groupBy.length ? stream.groupBy.map((fragment) => ({ fragment })) : derivedGroupBy ? groupingKeys(items) : [];
  const from: Expr | undefined = stream.source ? { fragment: stream.source } : scope.tables[0] ? { sql: ident(ctx.jobName(scope.tables[0].table)) } : undefined;
  const edits = new Map<Fragment, Edit[]>();
  if (stream.source) edits.set(stream.source, scope.sourceEdits);

  const build = () => {
    const b = new StatementBuilder();
    const fields: InsertStatement['fields'] = [];
    const put = (expr: Expr, indent: string) => ('fragment' in expr ? b.fragment(expr.fragment, indent, edits.get(expr.fragment)) : b.add(expr.sql));
    b.add(`INSERT INTO ${ident(sinkName)}\nSELECT\n`);
    items.forEach((item, i) => {
      fields.push({ line: b.line, property: item.property });
      b.add('  ');
      put(item.expr, '  ');
      const bare = 'sql' in item.expr && item.expr.sql === ident(item.property.field);
      b.add(`${bare ? '' : ` AS ${ident(item.property.field)}`}${i < items.length - 1 ? ',' : ''}\n`);
    });
    if (from) {
      b.add('FROM ');
      put(from, '  ');
    }
    if (stream.filter) b.add('\nWHERE ').fragment(stream.filter, '  ', edits.get(stream.filter));
    if (grouping.length) {
      b.add('\nGROUP BY');
      grouping.forEach((g, i) => {
        b.add(grouping.length > 1 ? '\n  ' : ' ');
        put(g, grouping.length > 1 ? '  ' : '');
        if (i < grouping.length - 1) b.add(',');
      });
    }
    return { b, fields };
  };

  const first = build();
  const facts = checkStatement(first.b.text);
  reportFacts(stream, items, first.b, facts, scope, ctx);
  if (!facts.error) {
    for (const u of facts.unquoted) {
      const where = first.b.at(u.start);
      if (!where || where.past || where.segment.fragment.what === 'flinkSource') continue;
      const end = first.b.at(u.end - 1);
      if (!end || end.segment !== where.segment) continue;
      const list = edits.get(where.segment.fragment) ?? [];
      if (list.some((e) => e.start === where.valueStart)) continue;
      list.push({ start: where.valueStart, end: where.valueStart, text: '`' }, { start: end.valueStart + 1, end: end.valueStart + 1, text: '`' });
      edits.set(where.segment.fragment, list);
    }
  }
  const final = build();
  return { text: final.b.text, fields: final.fields };
}

function selectItem(stream: StreamModel, p: PropertyModel, scope: StreamScope, ctx: ScopeContext): Item {
  const problem = (code: string, message: string) => ctx.problems.push({ code, severity: 'error', path: p.path, message, ...spanOf(ctx, p) });
  if (!p.type) problem('flink-unknown-type', `Property \`${p.field}\` has no Flink type: set \`physicalType\` to a Flink SQL type (e.g. STRING, BIGINT, DECIMAL(10, 2)) or a \`logicalType\`. The sink declares it as STRING meanwhile.`);
  const nullOf = (): Item => ({ property: p, expr: { sql: `CAST(NULL AS ${p.type ? renderType(p.type, false) : 'STRING'})` }, aggregate: false, constant: true });
  if (p.logic) {
    const aggregate = aggregateCall(p.logic.text) !== undefined;
    return { property: p, expr: { fragment: p.logic }, aggregate, constant: !aggregate && isConstant(p.logic.text) };
  }
  if (p.nested) {
    problem('flink-nested-property', `Property \`${p.field}\` has nested properties but no \`transformLogic\`: give it one that builds the value, e.g. \`ROW(street, city)\`.`);
    return nullOf();
  }
  if (p.sources.length === 0) {
    problem('flink-no-source', `Property \`${p.field}\` of stream \`${stream.name}\` has neither \`transformSourceObjects\` nor \`transformLogic\`: name its source column (e.g. \`inventory.customers.email\`) or give the expression that computes it.`);
    return nullOf();
  }
  if (p.sources.length > 1) problem('flink-multiple-sources', `Property \`${p.field}\` comes from ${p.sources.length} source columns: add a \`transformLogic\` that combines them (e.g. \`CONCAT_WS(' ', fname, lname)\`); the first one is used meanwhile.`);
  const resolved = scope.columns.get(p)?.[0];
  const name = resolved?.column?.name ?? resolved?.columnName ?? p.field;
  const qualifier = resolved?.table ? scope.tables.find((t) => t.table === resolved.table)?.qualifier : undefined;
  let sql = qualifier ? `${ident(qualifier)}.${ident(name)}` : ident(name);
  const from = resolved?.column ? parseFlinkType(resolved.column.flinkType) : null;
  if (from && p.type) {
    const verdict = compareFlinkTypes(from, p.type, true);
    if (verdict !== 'same' && verdict !== 'widened') sql = `CAST(${sql} AS ${renderType(p.type, false)})`;
  }
  return { property: p, expr: { sql }, aggregate: false, constant: false };
}

/** What a query with aggregates groups by: the columns its other items read (an expression that cannot be read, whole). */
function groupingKeys(items: Item[]): Expr[] {
  const keys: Expr[] = [];
  const seen = new Set<string>();
  const add = (expr: Expr) => {
    const key = 'sql' in expr ? expr.sql.toLowerCase() : expr.fragment.text;
    if (!seen.has(key)) keys.push(expr);
    seen.add(key);
  };
  for (const item of items) {
    if (item.aggregate || item.constant) continue;
    if ('sql' in item.expr) {
      add(item.expr);
      continue;
    }
    const { refs, errors } = expressionColumns(item.expr.fragment.text);
    if (errors.length) add(item.expr);
    else for (const ref of refs) add({ sql: ref.parts.map(ident).join('.') });
  }
  return keys;
}

function spanOf(ctx: ScopeContext, p: PropertyModel): { span?: { start: number; end: number } } {
  const logic = p.logic;
  const span = logic ? fragmentSpan(ctx.text, ctx.doc, logic, 0, logic.text.length) : undefined;
  return span ? { span } : {};
}

/** Literals only (no column, no function): `'v1'`, `42`, `NULL`. */
function isConstant(sql: string): boolean {
  return lex(sql).every((t) => t.kind === 'string' || t.kind === 'number' || t.kind === 'space' || t.kind === 'comment' || (t.kind === 'punct' && t.text !== '(') || (t.kind === 'word' && /^(NULL|TRUE|FALSE)$/i.test(t.text)));
}

const WHAT: Record<Fragment['what'], string> = {
  transformLogic: 'is not a valid Flink SQL expression',
  flinkSource: 'is not a valid Flink SQL FROM clause',
  flinkFilter: 'is not a valid Flink SQL condition',
  flinkGroupBy: 'is not a valid Flink SQL GROUP BY list',
};

function reportFacts(stream: StreamModel, items: Item[], b: StatementBuilder, facts: StatementFacts, scope: StreamScope, ctx: ScopeContext): void {
  const owner = (f: Fragment) => (f.what === 'transformLogic' ? `The transformLogic of \`${items.find((i) => 'fragment' in i.expr && i.expr.fragment === f)?.property.field}\`` : `\`${f.what}\` of stream \`${stream.name}\``);
  for (const gap of facts.gaps) {
    const where = b.at(gap.start);
    if (!where || where.past) continue;
    const end = b.at(gap.end - 1);
    const span = fragmentSpan(ctx.text, ctx.doc, where.segment.fragment, where.valueStart, end && end.segment === where.segment ? end.valueStart + 1 : where.valueStart + 1);
    ctx.problems.push({
      code: 'flink-grammar-gap',
      severity: 'info',
      path: where.segment.fragment.owner,
      ...(span ? { span } : {}),
      message: gap.bridged
        ? `\`${gap.construct}\` is valid Flink SQL that the SQL checker's grammar (dt-sql-parser) does not know: it is generated as written and the rest of the statement was checked around it. This is a limitation of the checker, not an error.`
        : `\`${gap.construct}\` is valid Flink SQL that the SQL checker's grammar (dt-sql-parser) does not know: this statement could not be checked. This is a limitation of the checker, not an error.`,
    });
  }
  const error = facts.error;
  // where the grammar cannot read a valid construct, its verdict says nothing about the contract
  if (!error || facts.gaps.some((g) => !g.bridged)) return;
  // `missing a keyword at 'date'` can come at the end of the statement: the token it names is the place
  const named = /at '([^']+)'$/.exec(error.message)?.[1];
  if (named && error.start >= b.text.trimEnd().length) {
    const found = b.text.toLowerCase().lastIndexOf(named.toLowerCase(), error.start);
    if (found >= 0) Object.assign(error, { start: found, end: found + named.length, token: b.text.slice(found, found + named.length) });
  }
  const where = b.at(error.start);
  const message = grammarMessage(error.message, error.token, scope);
  if (!where) {
    ctx.problems.push({ code: 'flink-generated-sql', severity: 'error', path: stream.path, message: `The generated INSERT for stream \`${stream.name}\` does not parse: ${message}. This is a defect of streamcontract; please report it with the contract.` });
    return;
  }
  const fragment = where.segment.fragment;
  // an expression checked on its own gets the precise message (incomplete, reserved word) the editor shows too
  const alone = fragment.what === 'transformLogic' || fragment.what === 'flinkFilter' ? expressionColumns(fragment.text).errors[0] : undefined;
  if (alone && !alone.grammarGap) {
    const span = fragmentSpan(ctx.text, ctx.doc, fragment, alone.span.start, Math.max(alone.span.end, alone.span.start + 1));
    ctx.problems.push({ code: 'flink-sql-syntax', severity: 'error', path: fragment.owner, ...(span ? { span } : {}), message: `${owner(fragment)} ${WHAT[fragment.what]}: ${lowerFirst(quoteTokens(alone.message)).replace(/\.$/, '')}.` });
    return;
  }
  const last = b.at(Math.max(error.start, error.end - 1));
  const end = !where.past && last && last.segment === where.segment && !last.past ? last.valueStart + 1 : where.valueEnd;
  const span = fragmentSpan(ctx.text, ctx.doc, fragment, where.valueStart, Math.max(end, where.valueStart + 1));
  const text = where.past
    ? `${owner(fragment)} ${WHAT[fragment.what]}: it ends too early (an unclosed parenthesis or quote, or a CASE without END?); the grammar stopped at what follows it (${message}).`
    : `${owner(fragment)} ${WHAT[fragment.what]}: ${message}.`;
  ctx.problems.push({ code: 'flink-sql-syntax', severity: 'error', path: fragment.owner, ...(span ? { span } : {}), message: text });
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** The grammar quotes tokens in single quotes (`''VIP'' is not valid`): code quotes read better around SQL strings. */
function quoteTokens(message: string): string {
  return message.replace(/^'(.*)' is not valid at this position/, (_, t: string) => `\`${t}\` is not valid at this position`).replace(/ at '([^']+)'$/, (_, t: string) => ` at \`${t}\``);
}

/** The grammar's message, in the user's terms where it is cryptic, with a hint for reserved words used as column names. */
function grammarMessage(message: string, token: string, scope: StreamScope): string {
  const word = token.trim();
  let text = /failed predicate/.test(message) ? `\`${word}\` is not valid at this position` : quoteTokens(message);
  const column = scope.tables.some((t) => t.table.columns.some((c) => c.name.toLowerCase() === word.toLowerCase()));
  if (column && isReservedWord(word)) text += ` (\`${word}\` is a reserved word in Flink SQL: write the column name in backquotes)`;
  return text;
}
