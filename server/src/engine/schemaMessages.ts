// Turns meta-schema errors into problems in contract terms, each on the exact YAML node it is about.
import type { ErrorObject } from 'ajv';
import { Document } from 'yaml';
import { closestMatch, didYouMean } from './didYouMean';
import { describeOwner, isRecord, keySpan, locate, ownerSpan, parsePointer, spanForPath, valueAt } from './locate';
import { MetaSchema } from './metaSchema';
import { addMissingKeyFix } from './missingKeyFix';
import { lineEndFrom } from './lineIndex';
import { jsonType, keysAt } from './schemaNav';
import { Fix, Path, Problem, replaceFix, Span } from './types';

export function schemaProblems(errors: readonly ErrorObject[], text: string, doc: Document, root: unknown, meta: MetaSchema): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const p = toProblem(error, text, doc, root, meta);
    const key = `${p.span.start}:${p.span.end}:${p.code}:${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  }
  return problems;
}

function toProblem(error: ErrorObject, text: string, doc: Document, root: unknown, meta: MetaSchema): Problem {
  const path = parsePointer(error.instancePath);
  const data = error.data !== undefined ? error.data : valueAt(root, path);
  const field = fieldName(path);
  const params = error.params as Record<string, unknown>;
  const valueSpan = () => spanForPath(text, doc, path, 'value');
  switch (error.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      const present = isRecord(data) ? Object.keys(data) : [];
      const allowed = [...keysAt(meta, root, path).keys()].filter((k) => !present.includes(k));
      const span = keySpan(locate(doc, [...path, key]).pair) ?? ownerSpan(text, doc, path);
      const match = closestMatch(key, allowed);
      return make('schema-unknown-key', `Unknown key \`${key}\` in ${describeOwner(root, path)}${didYouMean(key, allowed)}.`, span, match ? replaceFix(span, match, `Rename to \`${match}\``) : undefined);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const fix = addMissingKeyFix(text, doc, meta, root, path, missing);
      return make('schema-missing-key', `${capitalize(describeOwner(root, path))} is missing the required key \`${missing}\`.`, ownerSpan(text, doc, path), fix && [fix]);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      if (allowed.length === 1) return make('schema-invalid-value', `${field} must be \`${String(allowed[0])}\`: got ${show(data)}.`, valueSpan());
      const hint = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : '';
      const match = typeof data === 'string' ? closestMatch(data, allowed.map(String)) : undefined;
      const span = valueSpan();
      return make('schema-invalid-value', `${field} must be one of ${listValues(allowed)}: got ${show(data)}${hint}.`, span, match ? replaceFix(span, match) : undefined);
    }
    case 'const':
      return make('schema-invalid-value', `${field} must be \`${String(params.allowedValue)}\`: got ${show(data)}.`, valueSpan());
    case 'type': {
      const expected = String(params.type).split(',');
      if (path.length === 0) return make('schema-wrong-type', 'A contract must be a YAML mapping of keys to values.', { start: 0, end: lineEndFrom(text, 0) });
      return make('schema-wrong-type', `${field} must be ${expected.map(article).join(' or ')}: got ${show(data)}${quoteHint(expected, data)}.`, valueSpan());
    }
    case 'pattern':
      return make('schema-invalid-value', `${field} must match the pattern \`${String(params.pattern)}\`: got ${show(data)}.`, valueSpan());
    case 'format':
      return make('schema-invalid-value', `${field} must be a valid ${String(params.format)}: got ${show(data)}.`, valueSpan());
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return make('schema-invalid-value', `${field} must be ${String(params.comparison)} ${String(params.limit)}: got ${show(data)}.`, valueSpan());
    case 'minLength':
    case 'maxLength':
      return make('schema-invalid-value', `${field} must have ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${String(params.limit)} character(s).`, valueSpan());
    case 'minItems':
    case 'maxItems':
      return make('schema-invalid-value', `${field} must have ${error.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} item(s).`, spanForPath(text, doc, path, 'key'));
    case 'uniqueItems':
      return make('schema-invalid-value', `${field} must not repeat items: items ${Number(params.j) + 1} and ${Number(params.i) + 1} are identical.`, spanForPath(text, doc, [...path, Number(params.i)]));
    case 'dependentRequired':
      const fix = addMissingKeyFix(text, doc, meta, root, path, String(params.missingProperty));
      return make('schema-missing-key', `\`${String(params.property)}\` in ${describeOwner(root, path)} requires \`${String(params.missingProperty)}\` too.`, ownerSpan(text, doc, path), fix && [fix]);
    case 'oneOf':
      return make('schema-invalid-value', `${field} matches more than one of the allowed forms; make it match exactly one.`, valueSpan());
    default:
      return make('schema-invalid', `${field} ${error.message ?? 'is not valid'}.`, valueSpan());
  }
}

function make(code: string, message: string, span: Span, fixes?: Fix[]): Problem {
  return fixes ? { code, severity: 'error', message, span, fixes } : { code, severity: 'error', message, span };
}

function fieldName(path: Path): string {
  if (path.length === 0) return 'The contract';
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const parent = path.length > 1 ? String(path[path.length - 2]) : 'list';
    return `Item ${last + 1} of \`${parent}\``;
  }
  return `\`${last}\``;
}

function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 12).map((v) => String(v));
  return values.length > 12 ? `${shown.join(', ')}, ... (${values.length - 12} more)` : shown.join(', ');
}

function show(value: unknown): string {
  switch (jsonType(value)) {
    case 'string':
      return (value as string).length === 0 ? 'an empty string' : `\`${truncate(value as string)}\``;
    case 'integer':
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'null':
      return 'an empty value';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    default:
      return 'nothing';
  }
}

function truncate(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 60 || line !== s ? `${line.slice(0, 57)}...` : line;
}

function article(type: string): string {
  const names: Record<string, string> = {
    string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean (true or false)',
    array: 'a list', object: 'a mapping', null: 'empty',
  };
  return names[type] ?? `a ${type}`;
}

/** YAML reads `1.0`, `yes` or `2024-01-01` unquoted as other types; tell the author how to keep the text. */
function quoteHint(expected: readonly string[], data: unknown): string {
  if (expected.includes('string') && (typeof data === 'number' || typeof data === 'boolean')) return ' (put it in quotes to keep it as text)';
  return '';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
