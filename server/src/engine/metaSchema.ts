// The project's ODCS meta-schemas: chosen by apiVersion, compiled lazily with ajv, navigable by JSON pointer.
import Ajv2019, { AnySchema, ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import schemaV30 from '../../../schemas/odcs-v3.0.json';
import schemaV31 from '../../../schemas/odcs-v3.1.json';
import schemaV32 from '../../../schemas/odcs-v3.2.json';

export type SchemaFamily = 'v3.0' | 'v3.1' | 'v3.2';
export type JsonSchema = Record<string, unknown>;

/** apiVersion values this release understands, and the meta-schema each one is checked against. */
export const SUPPORTED_API_VERSIONS: Readonly<Record<string, SchemaFamily>> = {
  'v3.0.0': 'v3.0',
  'v3.0.1': 'v3.0',
  'v3.0.2': 'v3.0',
  'v3.1.0': 'v3.1',
  'v3.2.0': 'v3.2',
};
export const LATEST_FAMILY: SchemaFamily = 'v3.2';

const SOURCES: Record<SchemaFamily, JsonSchema> = {
  'v3.0': schemaV30 as JsonSchema,
  'v3.1': schemaV31 as JsonSchema,
  'v3.2': schemaV32 as JsonSchema,
};

export function familyFor(apiVersion: unknown): SchemaFamily | undefined {
  return typeof apiVersion === 'string' ? SUPPORTED_API_VERSIONS[apiVersion] : undefined;
}

/**
 * One meta-schema version. Besides whole-document validation it exposes validators for the parts of a
 * contract that are checked separately (the document without its streams, a stream without its
 * properties, one property), so that an edit only re-validates the part it touched.
 */
export class MetaSchema {
  readonly id: string;
  private readonly ajv: Ajv2019;
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly shallowId: string;
  /** JSON pointers of the stream and property schemas; undefined when the schema's shape does not allow splitting. */
  readonly streamPointer: string | undefined;
  readonly propertyPointer: string | undefined;

  constructor(
    readonly family: SchemaFamily,
    readonly root: JsonSchema,
  ) {
    this.id = String(root.$id);
    this.shallowId = `${this.id}:shallow`;
    this.ajv = new Ajv2019({ strict: false, allErrors: true, verbose: true, allowUnionTypes: true });
    addFormats(this.ajv);
    this.ajv.addSchema(root as AnySchema);
    const split = this.splitPoints();
    this.streamPointer = split?.stream;
    this.propertyPointer = split?.property;
    if (split) this.ajv.addSchema(split.shallow as AnySchema, this.shallowId);
  }

  /** Validator for the whole document. */
  get validateDocument(): ValidateFunction {
    return this.validatorFor(this.id)!;
  }

  /** Validators for the split parts, or undefined when the schema cannot be split. */
  get parts(): { document: ValidateFunction; stream: ValidateFunction; property: ValidateFunction } | undefined {
    if (!this.streamPointer || !this.propertyPointer) return undefined;
    const document = this.validatorFor(this.shallowId);
    // the pointers are `#/...` fragments already
    const stream = this.validatorFor(`${this.shallowId}${this.streamPointer}`);
    const property = this.validatorFor(`${this.id}${this.propertyPointer}`);
    return document && stream && property ? { document, stream, property } : undefined;
  }

  /** Validator for the subschema at a pointer of the root schema (e.g. `#/$defs/Server/oneOf/1`). */
  validatorAt(pointer: string): ValidateFunction | undefined {
    return this.validatorFor(`${this.id}${pointer.startsWith('#') ? pointer : `#${pointer}`}`) ?? undefined;
  }

  /** The subschema object at a JSON pointer (`#/...` or `/...`) of the root schema. */
  resolve(pointer: string): JsonSchema | undefined {
    let node: unknown = this.root;
    for (const seg of pointer.replace(/^#/, '').split('/').slice(1)) {
      const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return typeof node === 'object' && node !== null ? (node as JsonSchema) : undefined;
  }

  private validatorFor(key: string): ValidateFunction | null {
    let validator = this.validators.get(key);
    if (validator === undefined) {
      try {
        validator = this.ajv.getSchema(key) ?? null;
      } catch {
        validator = null;
      }
      this.validators.set(key, validator);
    }
    return validator;
  }

  /** Finds `schema[]` items and their `properties[]` items, and builds the document schema without them. */
  private splitPoints(): { stream: string; property: string; shallow: JsonSchema } | undefined {
    const streamItems = this.itemsPointer('#', 'schema');
    if (!streamItems) return undefined;
    const stream = this.followRef(streamItems);
    const propertyItems = stream && this.itemsPointer(stream, 'properties');
    if (!stream || !propertyItems) return undefined;
    const property = this.followRef(propertyItems);
    if (!property) return undefined;
    const shallow = structuredClone(this.root);
    delete shallow.$id;
    setAt(shallow, `${streamItems}`, true);
    setAt(shallow, `${propertyItems}`, true);
    return { stream, property, shallow };
  }

  /** Pointer of `items` of the array-valued key `key` directly under the object schema at `pointer` (through allOf). */
  private itemsPointer(pointer: string, key: string): string | undefined {
    const schema = this.resolve(pointer);
    if (!schema) return undefined;
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    if (props?.[key]) {
      const target = this.followRef(`${pointer}/properties/${key}`);
      if (target && this.resolve(target)?.items) return `${target}/items`;
    }
    const allOf = schema.allOf as unknown[] | undefined;
    for (let i = 0; Array.isArray(allOf) && i < allOf.length; i++) {
      const found = this.itemsPointer(this.followRef(`${pointer}/allOf/${i}`) ?? '', key);
      if (found) return found;
    }
    return undefined;
  }

  /** Follows `$ref`s that are the whole of a schema, returning the pointer of the target. */
  private followRef(pointer: string): string | undefined {
    let current = pointer;
    for (let hops = 0; hops < 10; hops++) {
      const schema = this.resolve(current);
      if (!schema) return undefined;
      const ref = schema.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#') || Object.keys(schema).some((k) => k !== '$ref' && k !== 'description')) return current;
      current = ref;
    }
    return undefined;
  }
}

function setAt(root: JsonSchema, pointer: string, value: unknown): void {
  const segs = pointer.replace(/^#/, '').split('/').slice(1);
  let node = root as Record<string, unknown>;
  for (const seg of segs.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  node[segs[segs.length - 1]] = value;
}

const loaded = new Map<SchemaFamily, MetaSchema>();

/** The meta-schema of a family, compiled on first use and shared by every document. */
export function metaSchema(family: SchemaFamily): MetaSchema {
  let schema = loaded.get(family);
  if (!schema) {
    schema = new MetaSchema(family, SOURCES[family]);
    loaded.set(family, schema);
  }
  return schema;
}
