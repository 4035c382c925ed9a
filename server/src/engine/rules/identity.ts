// Rules about names and keys: unique property names and stable ids, a consistent primary key order.
import { isRecord } from '../locate';
import { Path } from '../types';
import { Rule, RuleContext } from './context';

/** Every `properties` list of a stream, nested object properties and array items included. */
function propertyLists(stream: Record<string, unknown>, path: Path): { list: unknown[]; path: Path }[] {
  const out: { list: unknown[]; path: Path }[] = [];
  const visit = (owner: Record<string, unknown>, ownerPath: Path, depth: number) => {
    if (depth > 20) return;
    if (Array.isArray(owner.properties)) {
      out.push({ list: owner.properties, path: [...ownerPath, 'properties'] });
      // a path only for a property that has properties of its own: most are leaves
      owner.properties.forEach((p, i) => isRecord(p) && (Array.isArray(p.properties) || isRecord(p.items)) && visit(p, [...ownerPath, 'properties', i], depth + 1));
    }
    if (isRecord(owner.items)) visit(owner.items, [...ownerPath, 'items'], depth + 1);
  };
  visit(stream, path, 0);
  return out;
}

export const duplicatePropertyNameRule: Rule = (ctx) => {
  for (const { stream, path } of ctx.streams()) {
    for (const { list, path: listPath } of propertyLists(stream, path)) {
      // indexes, not paths: a contract of thousands of properties builds a path only for a duplicate
      const firstByName = new Map<string, number>();
      list.forEach((property, i) => {
        if (!isRecord(property)) return;
        const name = typeof property.physicalName === 'string' ? property.physicalName : property.name;
        if (typeof name !== 'string') return;
        const firstIndex = firstByName.get(name);
        if (firstIndex === undefined) {
          firstByName.set(name, i);
          return;
        }
        const here: Path = [...listPath, i];
        const first: Path = [...listPath, firstIndex];
        const key = typeof property.physicalName === 'string' ? 'physicalName' : 'name';
        const streamName = typeof stream.name === 'string' ? ` in stream \`${stream.name}\`` : '';
        reportWithFirst(ctx, 'duplicate-property-name', `Property \`${name}\` appears twice${streamName}: payload field names must be unique.`, [...here, key], first, 'first defined here');
      });
    }
  }
};

/** How many objects and lists the duplicate-id walk visits at most, and how deep (parsed values are shallower). */
const MAX_NODES = 200_000;
const MAX_WALK_DEPTH = 100;

/**
 * Every list of objects with stable ids, anywhere in the contract: ids must be unique in their list. The walk keeps
 * one path and copies it only for a duplicate, as it runs at every keystroke over thousands of properties.
 */
export const duplicateIdRule: Rule = (ctx) => {
  const path: (string | number)[] = [];
  let budget = MAX_NODES;
  const walk = (value: unknown): void => {
    if (--budget < 0 || path.length > MAX_WALK_DEPTH) return;
    if (Array.isArray(value)) {
      let firstById: Map<string, number> | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (!isRecord(item) || typeof item.id !== 'string') continue;
        firstById ??= new Map();
        const first = firstById.get(item.id);
        if (first === undefined) firstById.set(item.id, i);
        else reportWithFirst(ctx, 'duplicate-id', `Stable id \`${item.id}\` is used twice in \`${String(path[path.length - 1])}\`: ids must be unique so that renames can be followed.`, [...path, i, 'id'], [...path, first, 'id'], 'first used here');
      }
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item !== 'object' || item === null) continue;
        path.push(i);
        walk(item);
        path.pop();
      }
    } else if (isRecord(value)) {
      for (const k in value) {
        const v = value[k];
        if (typeof v !== 'object' || v === null) continue;
        path.push(k);
        walk(v);
        path.pop();
      }
    }
  };
  walk(ctx.value);
};

export const primaryKeyPositionRule: Rule = (ctx) => {
  for (const { stream, path } of ctx.streams()) {
    if (!Array.isArray(stream.properties)) continue;
    const keyed: { name: string; position: number | undefined; path: Path }[] = [];
    stream.properties.forEach((p, i) => {
      if (!isRecord(p)) return;
      const here: Path = [...path, 'properties', i];
      const position = typeof p.primaryKeyPosition === 'number' && p.primaryKeyPosition !== -1 ? p.primaryKeyPosition : undefined;
      if (p.primaryKey === true) keyed.push({ name: String(p.name ?? `#${i + 1}`), position, path: here });
      else if (position !== undefined) {
        ctx.report('primary-key-position', 'warning', `\`primaryKeyPosition\` is set on \`${String(p.name)}\`, but \`primaryKey\` is not true: the property is not part of the key.`, ctx.spanOf([...here, 'primaryKeyPosition']));
      }
    });
    if (keyed.length === 0) continue;
    const positioned = keyed.filter((k) => k.position !== undefined);
    const unordered = keyed.filter((k) => k.position === undefined);
    if (keyed.length > 1 && unordered.length > 0) {
      const names = unordered.map((k) => `\`${k.name}\``).join(', ');
      ctx.report('primary-key-position', 'warning', `The key of this stream has ${keyed.length} properties but no defined order: set \`primaryKeyPosition\` on ${names} (the order of the Kafka message key).`, ctx.spanOf([...unordered[0].path, 'primaryKey']));
    }
    const seen = new Map<number, Path>();
    for (const k of positioned) {
      const first = seen.get(k.position!);
      if (first) reportWithFirst(ctx, 'primary-key-position', `\`primaryKeyPosition\` ${k.position} is used twice in the key.`, [...k.path, 'primaryKeyPosition'], [...first, 'primaryKeyPosition'], 'also here');
      else seen.set(k.position!, k.path);
    }
    for (const k of positioned) {
      if (k.position! < 1 || k.position! > keyed.length) {
        const range = keyed.length === 1 ? 'must be 1' : `run from 1 to ${keyed.length}`;
        ctx.report('primary-key-position', 'error', `\`primaryKeyPosition\` ${k.position} leaves a gap: the key has ${keyed.length} propert${keyed.length === 1 ? 'y' : 'ies'}, so positions ${range}.`, ctx.spanOf([...k.path, 'primaryKeyPosition']));
      }
    }
  }
};

function reportWithFirst(ctx: RuleContext, code: string, message: string, at: Path, first: Path, firstLabel: string): void {
  ctx.report(code, 'error', message, ctx.spanOf(at));
  ctx.problems[ctx.problems.length - 1].related = [{ message: firstLabel, span: ctx.spanOf(first) }];
}
