// The INSERT INTO ... SELECT of a stream: one item per contract property, FROM/WHERE/GROUP BY from the contract, checked by the grammar.
import { compareFlinkTypes, parseFlinkType } from '../diff';
import { expressionColumns } from '../sources/expressions';
import { checkStatement } from '../sources/flinkGrammar';
import { reportGaps, reportGapsAlone, reportRefusal, reportSyntaxAlone, reportSyntaxError, streamFragments, verdictOf } from './fragments';
import { Fragment, PropertyModel, StreamModel } from './model';
import { Resolved, ScopeContext, StreamScope } from './scope';
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

export function insertStatement(stream: StreamModel, scope: StreamScope, sinkName: string, ctx: ScopeContext, problemsOnly = false): InsertStatement {
  // a fragment that is more than it claims (a `;`, a comment, a clause of its own) never enters a statement, not even to be checked
  const fragments = streamFragments(stream);
  const refused = new Set<Fragment>();
  for (const fragment of fragments) {
    const verdict = verdictOf(fragment);
    if (verdict.ok || verdict.reason === 'syntax') continue;
    refused.add(fragment);
    reportRefusal(stream, fragment, verdict, ctx);
  }
  const items = stream.properties.map((p) => selectItem(stream, p, scope, ctx));
  const groupBy = () => stream.groupBy.filter((f) => !refused.has(f));
  const edits = new Map<Fragment, Edit[]>();
  if (stream.source) edits.set(stream.source, scope.sourceEdits);

  // what takes a left-out fragment's place: a NULL of the property's type, no rows, no grouping by it, no FROM clause
  const build = () => {
    const b = new StatementBuilder();
    const fields: InsertStatement['fields'] = [];
    const kept = (expr: Expr) => !('fragment' in expr) || !refused.has(expr.fragment);
    const put = (expr: Expr, indent: string) => ('fragment' in expr ? b.fragment(expr.fragment, indent, edits.get(expr.fragment)) : b.add(expr.sql));
    const usable = items.map((item) => (kept(item.expr) ? item : standIn(item.property)));
    const derivedGroupBy = groupBy().length === 0 && usable.some((i) => i.aggregate);
    const grouping: Expr[] = groupBy().length ? groupBy().map((fragment) => ({ fragment })) : derivedGroupBy ? groupingKeys(usable) : [];
    const from: Expr | undefined = stream.source ? (refused.has(stream.source) ? undefined : { fragment: stream.source }) : scope.tables[0] ? { sql: ident(ctx.jobName(scope.tables[0].table)) } : undefined;
    b.add(`INSERT INTO ${ident(sinkName)}\nSELECT\n`);
    usable.forEach((item, i) => {
      fields.push({ line: b.line, property: item.property });
      b.add('  ');
      put(item.expr, '  ');
      const bare = 'sql' in item.expr && item.expr.sql === ident(item.property.field);
      b.add(`${bare ? '' : ` AS ${ident(item.property.field)}`}${i < usable.length - 1 ? ',\n' : ''}`);
    });
    if (from) {
      b.add('\nFROM ');
      put(from, '  ');
    }
    if (stream.filter) {
      b.add('\nWHERE ');
      if (refused.has(stream.filter)) b.add('FALSE');
      else b.fragment(stream.filter, '  ', edits.get(stream.filter));
    }
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

  if (problemsOnly) {
    // each fragment in the statement made for its kind (checked once per text): no statement of the whole stream
    for (const fragment of fragments) {
      const verdict = verdictOf(fragment);
      if (refused.has(fragment)) continue;
      if (!verdict.ok) reportSyntaxAlone(stream, fragment, verdict, scope, ctx);
      else reportGapsAlone(fragment, ctx);
    }
    return { text: '', fields: [] };
  }
  let checkedWith = refused.size;
  let checked = build();
  let facts = checkStatement(checked.b.text);
  reportGaps(checked.b, facts.gaps, ctx);
  const blamed = reportSyntaxError(stream, checked.b, facts, scope, ctx);
  if (blamed) refused.add(blamed);
  // every other fragment the grammar rejects is reported too, each checked in a statement made for its kind
  for (const fragment of fragments) {
    const verdict = verdictOf(fragment);
    if (refused.has(fragment) || verdict.ok) continue;
    refused.add(fragment);
    reportSyntaxAlone(stream, fragment, verdict, scope, ctx);
  }
  // without the left-out fragments the statement is checked again: that is the one whose names get quoted
  while (checkedWith !== refused.size) {
    checkedWith = refused.size;
    checked = build();
    facts = checkStatement(checked.b.text);
    const next = reportSyntaxError(stream, checked.b, facts, scope, ctx);
    if (next) refused.add(next);
  }
  if (!facts.error) {
    for (const u of facts.unquoted) {
      const where = checked.b.at(u.start);
      if (!where || where.past || where.segment.fragment.what === 'flinkSource') continue;
      const end = checked.b.at(u.end - 1);
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

/** A NULL of the property's type: the SELECT item of a property that has no usable source. */
function standIn(p: PropertyModel): Item {
  return { property: p, expr: { sql: `CAST(NULL AS ${p.type ? renderType(p.type, false) : 'STRING'})` }, aggregate: false, constant: true };
}

function selectItem(stream: StreamModel, p: PropertyModel, scope: StreamScope, ctx: ScopeContext): Item {
  const problem = (code: string, message: string) => ctx.problems.push({ code, severity: 'error', path: p.path, message, ...spanOf(ctx, p) });
  if (!p.type) problem('flink-unknown-type', `Property \`${p.field}\` has no Flink type: set \`physicalType\` to a Flink SQL type (e.g. STRING, BIGINT, DECIMAL(10, 2)) or a \`logicalType\`. The sink declares it as STRING meanwhile.`);
  const nullOf = () => standIn(p);
  if (p.logic) {
    // read only to write the statement's GROUP BY: not when only the problems are wanted (at every keystroke)
    const text = p.logic.text;
    let aggregate: boolean | undefined;
    return {
      property: p,
      expr: { fragment: p.logic },
      get aggregate() {
        return (aggregate ??= aggregateCall(text) !== undefined);
      },
      get constant() {
        return !this.aggregate && isConstant(text);
      },
    };
  }
  if (p.nested) {
    problem('flink-nested-property', `Property \`${p.field}\` has nested properties but no \`transformLogic\`: give it one that builds the value, e.g. \`ROW(street, city)\`.`);
    return nullOf();
  }
  if (p.sources.length === 0) {
    problem('flink-no-source', `Property \`${p.field}\` of stream \`${stream.name}\` has neither \`transformSourceObjects\` nor \`transformLogic\`: name its source column (e.g. \`inventory.customers.email\`) or give the expression that computes it.`);
    return nullOf();
  }
  const all = scope.columns.get(p) ?? [];
  const renamed = transitionPair(all);
  if (p.sources.length > 1 && !renamed) problem('flink-multiple-sources', `Property \`${p.field}\` comes from ${p.sources.length} source columns: add a \`transformLogic\` that combines them (e.g. \`CONCAT_WS(' ', fname, lname)\`); the first one is used meanwhile.`);
  const reference = (r: Resolved | undefined) => {
    const name = r?.column?.name ?? r?.columnName ?? p.field;
    const qualifier = r?.table ? scope.tables.find((t) => t.table === r.table)?.qualifier : undefined;
    return qualifier ? `${ident(qualifier)}.${ident(name)}` : ident(name);
  };
  // a rename in transition: events from before the rename fill the old column, later ones the new
  const resolved = renamed ? renamed.current : all[0];
  let sql = renamed ? `COALESCE(${reference(renamed.former)}, ${reference(renamed.current)})` : reference(resolved);
  const from = resolved?.column ? parseFlinkType(resolved.column.flinkType) : null;
  if (from && p.type) {
    const verdict = compareFlinkTypes(from, p.type, true);
    if (verdict !== 'same' && verdict !== 'widened') sql = `CAST(${sql} AS ${renderType(p.type, false)})`;
  }
  return { property: p, expr: { sql }, aggregate: false, constant: false };
}

/** The old and the new column of one rename, when they are exactly what a property lists (its transition). */
function transitionPair(resolved: Resolved[]): { former: Resolved; current: Resolved } | undefined {
  if (resolved.length !== 2) return undefined;
  const former = resolved.find((r) => r.column?.renamedTo !== undefined);
  const current = resolved.find((r) => r !== former);
  const same = former && current?.column && current.table === former.table && current.column.name.toLowerCase() === former.column!.renamedTo!.toLowerCase();
  return same ? { former: former!, current: current! } : undefined;
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
