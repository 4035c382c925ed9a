// What a semantic rule sees: the parsed contract, span helpers, and a way to report or to silence schema errors.
import type { ErrorObject } from 'ajv';
import { Document } from 'yaml';
import { isRecord, ownerSpan, spanForPath } from '../locate';
import { Fix, Path, Problem, Severity, Span } from '../types';

export class RuleContext {
  readonly problems: Problem[] = [];
  /** Schema errors a rule explains better itself; they are dropped from the schema's problems. */
  readonly suppressions: ((e: ErrorObject) => boolean)[] = [];

  constructor(
    readonly text: string,
    readonly doc: Document,
    readonly value: Record<string, unknown>,
  ) {}

  report(code: string, severity: Severity, message: string, span: Span, fixes?: Fix[]): void {
    this.problems.push(fixes?.length ? { code, severity, message, span, fixes } : { code, severity, message, span });
  }

  /** Span of the value at a path (its key when the value is a block), falling back to the nearest ancestor. */
  spanOf(path: Path, prefer: 'key' | 'value' = 'value'): Span {
    return spanForPath(this.text, this.doc, path, prefer);
  }

  ownerSpan(path: Path): Span {
    return ownerSpan(this.text, this.doc, path);
  }

  suppress(pointer: string, keyword?: string, missing?: string): void {
    this.suppressions.push(
      (e) => e.instancePath === pointer && (!keyword || e.keyword === keyword) && (!missing || (e.params as { missingProperty?: string }).missingProperty === missing),
    );
  }

  /** Every stream (schema object) with its path. */
  streams(): { stream: Record<string, unknown>; path: Path }[] {
    const schema = this.value.schema;
    if (!Array.isArray(schema)) return [];
    return schema.flatMap((stream, i) => (isRecord(stream) ? [{ stream, path: ['schema', i] as Path }] : []));
  }
}

export interface CustomProperty {
  name: string;
  value: unknown;
  hasValue: boolean;
  /** Path of the entry in `customProperties`. */
  path: Path;
}

/** The entries of an object's `customProperties` list that name a property. */
export function customProperties(owner: Record<string, unknown>, ownerPath: Path): CustomProperty[] {
  const list = owner.customProperties;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, i) =>
    isRecord(entry) && typeof entry.property === 'string'
      ? [{ name: entry.property, value: entry.value, hasValue: 'value' in entry, path: [...ownerPath, 'customProperties', i] as Path }]
      : [],
  );
}

export type Rule = (ctx: RuleContext) => void;
