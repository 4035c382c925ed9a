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
      owner.properties.forEach((p, i) => isRecord(p) && visit(p, [...ownerPath, 'properties', i], depth + 1));
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

/** A place in the value tree as a link to its parent: the path is spelt out only when a problem needs it. */
interface Place {
  parent: Place | null;
  key: string | number;
}

function pathOf(place: Place | null): Path {
  const path: (string | number)[] = [];
  for (let p = place; p; p = p.parent) path.push(p.key);
  return path.reverse();
}

export const duplicateIdRule: Rule = (ctx) => {
  const stack: { value: unknown; place: Place | null }[] = [{ value: ctx.value, place: null }];
  for (let guard = 0; stack.length > 0 && guard < 200000; guard++) {
    const { value, place } = stack.pop()!;
    if (Array.isArray(value)) {
      const firstById = new Map<string, number>();
      value.forEach((item, i) => {
        if (!isRecord(item) || typeof item.id !== 'string') return;
        const first = firstById.get(item.id);
        if (first === undefined) firstById.set(item.id, i);
        else {
          const path = pathOf(place);
          reportWithFirst(ctx, 'duplicate-id', `Stable id \`${item.id}\` is used twice in \`${String(path[path.length - 1])}\`: ids must be unique so that renames can be followed.`, [...path, i, 'id'], [...path, first, 'id'], 'first used here');
        }
      });
      value.forEach((item, i) => typeof item === 'object' && item !== null && stack.push({ value: item, place: { parent: place, key: i } }));
    } else if (isRecord(value)) {
      for (const k in value) {
        const v = value[k];
        if (typeof v === 'object' && v !== null) stack.push({ value: v, place: { parent: place, key: k } });
      }
    }
  }
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
